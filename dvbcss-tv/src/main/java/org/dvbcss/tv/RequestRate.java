package org.dvbcss.tv;

/**
 * A rate from a counter that only grows, such as CSS-WC requests answered: the increase over the
 * last whole window of at least {@link #WINDOW_NANOS}, per second.
 *
 * <p>Threading: thread safe.
 */
final class RequestRate {
  /** The shortest window a rate is taken over, nanoseconds. */
  static final long WINDOW_NANOS = 1_000_000_000L;

  private boolean started; // guarded by this
  private long windowStartNanos; // guarded by this
  private long windowStartCount; // guarded by this
  private double rate; // guarded by this

  /**
   * Takes a reading and returns the rate.
   *
   * @param count the counter now
   * @param nowNanos the time now, nanoseconds on any steady clock
   * @return counts per second over the last whole window; 0 until one has passed
   */
  synchronized double sample(long count, long nowNanos) {
    if (!started) {
      started = true;
      windowStartNanos = nowNanos;
      windowStartCount = count;
      return rate;
    }
    long elapsed = nowNanos - windowStartNanos;
    if (elapsed >= WINDOW_NANOS) {
      rate = (count - windowStartCount) * 1e9 / elapsed;
      windowStartNanos = nowNanos;
      windowStartCount = count;
    }
    return rate;
  }
}
