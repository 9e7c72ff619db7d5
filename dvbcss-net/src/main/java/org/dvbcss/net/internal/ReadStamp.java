package org.dvbcss.net.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of a WebSocket connection's pipeline, on the server and on the client: reads
 * {@link System#nanoTime()} as each socket read arrives, before TLS, HTTP and WebSocket decoding,
 * and keeps the latest. A message decoded while that read passes down the pipeline was complete at
 * that moment, so the stamp is its arrival time as close to the socket as Netty allows (never
 * earlier than the arrival).
 *
 * <p>Threading: written and read on the channel's event loop only.
 */
public final class ReadStamp extends ChannelInboundHandlerAdapter {
  /** The name of this handler in the pipeline. */
  public static final String NAME = "read-stamp";

  private long lastReadNanos = System.nanoTime();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastReadNanos = System.nanoTime();
    ctx.fireChannelRead(msg);
  }

  /**
   * When the latest socket read arrived.
   *
   * @return its {@code System.nanoTime()}, in nanoseconds
   */
  public long lastReadNanos() {
    return lastReadNanos;
  }
}
