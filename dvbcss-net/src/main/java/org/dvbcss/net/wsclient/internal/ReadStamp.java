package org.dvbcss.net.wsclient.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of a client connection's pipeline: reads {@link System#nanoTime()} as each
 * socket read arrives, before TLS, HTTP and WebSocket decoding, and keeps the latest. A message
 * decoded while that read passes down the pipeline was complete at that moment.
 *
 * <p>Threading: written and read on the connection's event loop only.
 */
final class ReadStamp extends ChannelInboundHandlerAdapter {
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
  long lastReadNanos() {
    return lastReadNanos;
  }
}
