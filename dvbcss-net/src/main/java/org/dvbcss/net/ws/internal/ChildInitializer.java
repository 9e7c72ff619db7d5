package org.dvbcss.net.ws.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.internal.ReadStamp;

/**
 * Sets up the pipeline of each accepted connection for the HTTP handshake, behind TLS when the
 * server has a TLS context.
 */
public final class ChildInitializer extends ChannelInitializer<Channel> {
  /** The name of the HTTP codec in the pipeline, until the WebSocket handshake removes it. */
  static final String HTTP_CODEC = "http";

  /** The longest request line accepted, in bytes. */
  static final int MAX_INITIAL_LINE = 4096;

  /** The most header bytes accepted. */
  static final int MAX_HEADER_BYTES = 8192;

  /** The largest HTTP request body accepted, in bytes. */
  static final int MAX_BODY_BYTES = 8192;

  private final ServerState state;

  /**
   * Creates the initializer.
   *
   * @param state the server's shared state
   */
  public ChildInitializer(ServerState state) {
    this.state = state;
  }

  @Override
  protected void initChannel(Channel ch) {
    state.channels.add(ch);
    // A connection holds a slot from accept, so handshakes in progress (even half-sent requests)
    // count toward the limit; one accepted over the limit is answered 503 once its request is in.
    boolean slot = state.tryAcquireSlot();
    if (slot) {
      ch.closeFuture().addListener(f -> state.releaseSlot());
    }
    ch.pipeline().addLast(ReadStamp.NAME, new ReadStamp());
    if (state.idleTimeoutNanos > 0) {
      ch.pipeline()
          .addLast(
              "idle",
              new IdleStateHandler(false, state.idleTimeoutNanos, 0, 0, TimeUnit.NANOSECONDS));
    }
    SslContext ssl = state.sslContext;
    if (ssl != null) {
      ch.pipeline()
          .addLast("tls", ssl.newHandler(ch.alloc()))
          .addLast("tls-watch", new TlsWatcher(state));
    }
    ch.pipeline()
        .addLast(HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192))
        .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
        .addLast("handshake", new HttpHandshakeHandler(state, slot));
  }
}
