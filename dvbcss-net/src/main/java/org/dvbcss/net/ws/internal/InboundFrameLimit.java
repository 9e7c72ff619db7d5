package org.dvbcss.net.ws.internal;

import java.util.function.LongSupplier;
import org.dvbcss.clock.TokenBucket;
import org.jspecify.annotations.Nullable;

/**
 * The inbound frame limit of one connection: a token bucket of a steady rate in frames per second
 * and a burst in frames, on the server's nanosecond clock. Every frame a client sends takes a
 * token.
 *
 * <p>Threading: not thread safe; used on the connection's event loop only.
 */
final class InboundFrameLimit {
  private final TokenBucket bucket;
  private final LongSupplier nanoTime;
  private final double framesPerSecond;
  private final int burst;

  private InboundFrameLimit(double framesPerSecond, int burst, LongSupplier nanoTime) {
    this.framesPerSecond = framesPerSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.bucket = new TokenBucket(framesPerSecond, burst, nanoTime.getAsLong());
  }

  /**
   * The limit a server's settings ask for, with a full bucket from now.
   *
   * @param state the server's settings
   * @return the limit, or null if the server sets none (a rate of 0)
   */
  static @Nullable InboundFrameLimit of(ServerState state) {
    double rate = state.inboundFramesPerSecond;
    return rate > 0 ? new InboundFrameLimit(rate, state.inboundFrameBurst, state.nanoTime) : null;
  }

  /**
   * Takes a token for one frame.
   *
   * @return false if none is left: the frame is over the limit
   */
  boolean tryTake() {
    return bucket.tryTake(nanoTime.getAsLong());
  }

  @Override
  public String toString() {
    return framesPerSecond + " frames/s (burst " + burst + ")";
  }
}
