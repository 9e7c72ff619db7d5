package org.dvbcss.net.ws.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the TLS handler: counts a failed or unfinished TLS handshake (a plain-text client,
 * garbage, a client that does not trust the certificate, a connection dropped before the handshake
 * completed) once, and closes that connection; leaves the pipeline once the handshake has
 * succeeded. A connection silent for the idle timeout before the TLS handshake completes is counted
 * as idle before the handshake instead. Runs on the channel's event loop.
 */
final class TlsWatcher extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TlsWatcher.class);

  private final ServerState state;
  private boolean idle;

  TlsWatcher(ServerState state) {
    this.state = state;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      // silent before TLS completed: the same as silent before the HTTP request
      idle = true;
      state.idleBeforeHandshake.increment();
      ctx.close();
      return;
    }
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        ctx.pipeline().remove(this);
      } else if (!idle) {
        state.tlsFailures.increment();
        log.debug(
            "TLS handshake with {} failed: {}",
            ctx.channel().remoteAddress(),
            done.cause().toString());
        ctx.close();
      }
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // before the handshake completes, the failure is counted from its completion event
    log.debug("TLS connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
