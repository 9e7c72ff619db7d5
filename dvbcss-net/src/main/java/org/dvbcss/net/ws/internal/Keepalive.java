package org.dvbcss.net.ws.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.ws.CloseCause;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a connection alive and ends it when it goes quiet: pings the client at a fixed interval
 * (until the closing handshake starts) and, on the idle event of the pipeline's idle-state handler,
 * starts the closing handshake with 1001 "idle timeout", or drops a connection whose handshake is
 * already under way.
 *
 * <p>Threading: not thread safe; used on the connection's event loop only. The pings run there too.
 */
final class Keepalive {
  private final CloseHandshake close;
  private @Nullable ScheduledFuture<?> pinger;

  /**
   * Creates the keepalive of a connection.
   *
   * @param close the connection's closing handshake
   */
  Keepalive(CloseHandshake close) {
    this.close = close;
  }

  /**
   * Starts pinging.
   *
   * @param ctx the connection handler's context
   * @param intervalNanos the ping interval in ns; 0 or less for no pings
   */
  void start(ChannelHandlerContext ctx, long intervalNanos) {
    if (intervalNanos > 0) {
      pinger =
          ctx.executor()
              .scheduleAtFixedRate(
                  () -> ping(ctx), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void ping(ChannelHandlerContext ctx) {
    if (!close.closeSent() && ctx.channel().isActive()) {
      ctx.writeAndFlush(new PingWebSocketFrame());
    }
  }

  /**
   * The connection has been idle too long.
   *
   * @param ctx the connection handler's context
   */
  void onIdle(ChannelHandlerContext ctx) {
    if (close.closeSent()) {
      ctx.close();
    } else {
      close.begin(CloseCause.IDLE, 1001, "idle timeout");
    }
  }

  /** Stops pinging. */
  void stop() {
    ScheduledFuture<?> p = pinger;
    if (p != null) {
      p.cancel(false);
    }
  }
}
