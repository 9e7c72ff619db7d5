package org.dvbcss.clock;

/**
 * A token bucket on time given in nanoseconds: holds up to {@code burst} tokens, gains {@code
 * tokensPerSecond} of them a second, and lets each {@link #tryTake(long)} take one if it has one.
 * It starts full.
 *
 * <p>The bucket is kept in the equivalent "virtual scheduling" form: one {@code long}, the instant
 * at which it would be full again. Tokens are gained one whole token every {@link #intervalNanos()}
 * nanoseconds: {@code 1e9 / tokensPerSecond} rounded to the nearest nanosecond (halves up), at
 * least 1 (so at most 1e9 tokens a second), and at most {@code 2^62 / burst} (so about 146 years
 * per bucket: a slower rate behaves like that one). With time driven by hand, counts are therefore
 * exact: at 3 tokens a second a token comes every 333,333,333 ns.
 *
 * <p>Times are readings of one monotonic source, such as {@link TimeSource#nanoTime()}, whose
 * origin is arbitrary: only differences are used, so a bucket idle for any time up to 2^62 ns
 * refills to exactly {@code burst} and never overflows. Time that goes backwards gains nothing.
 *
 * <p>Not thread safe: callers on several threads must hold one lock around each call.
 */
public final class TokenBucket {
  private static final long MAX_SPAN_NANOS = 1L << 62;

  private final long intervalNanos;
  private final long toleranceNanos;
  private final int burst;
  private long fullAt;

  /**
   * A full bucket.
   *
   * @param tokensPerSecond the sustained rate, positive and finite (fractions allowed: 0.5 is one
   *     token every 2 s)
   * @param burst how many tokens the bucket holds, 1 or more
   * @param nowNanos the current time, nanoseconds of the caller's time source
   * @throws IllegalArgumentException if the rate is not positive and finite or the burst below 1
   */
  public TokenBucket(double tokensPerSecond, int burst, long nowNanos) {
    if (!(tokensPerSecond > 0) || tokensPerSecond == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "tokensPerSecond must be positive and finite: " + tokensPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    long interval = Math.round(1e9 / tokensPerSecond); // saturates at Long.MAX_VALUE
    this.intervalNanos = Math.min(MAX_SPAN_NANOS / burst, Math.max(1, interval));
    this.toleranceNanos = (burst - 1) * intervalNanos; // < 2^62
    this.burst = burst;
    this.fullAt = nowNanos;
  }

  /**
   * Takes one token if the bucket has one.
   *
   * @param nowNanos the current time, nanoseconds of the same source as before
   * @return true if a token was taken
   */
  public boolean tryTake(long nowNanos) {
    long start = fullAt - nowNanos < 0 ? nowNanos : fullAt; // differences: the origin is arbitrary
    if (start - nowNanos > toleranceNanos) {
      fullAt = start;
      return false;
    }
    fullAt = start + intervalNanos;
    return true;
  }

  /**
   * How many whole tokens the bucket holds now.
   *
   * @param nowNanos the current time
   * @return 0 to {@link #burst()}
   */
  public int available(long nowNanos) {
    long owed = fullAt - nowNanos; // how long until full
    if (owed <= 0) {
      return burst;
    }
    // full minus the tokens still owed, each owed token counting whole until it has come in
    long missing = Math.floorDiv(owed + intervalNanos - 1, intervalNanos);
    return (int) Math.max(0, burst - missing);
  }

  /**
   * Whether the bucket is full now, so that it is indistinguishable from a new one.
   *
   * @param nowNanos the current time
   * @return true if it holds {@link #burst()} tokens
   */
  public boolean isFull(long nowNanos) {
    return fullAt - nowNanos <= 0;
  }

  /**
   * The time between two tokens, as used.
   *
   * @return nanoseconds, 1 or more
   */
  public long intervalNanos() {
    return intervalNanos;
  }

  /**
   * The bucket's size.
   *
   * @return tokens, 1 or more
   */
  public int burst() {
    return burst;
  }

  @Override
  public String toString() {
    return "TokenBucket[interval=" + intervalNanos + " ns, burst=" + burst + "]";
  }
}
