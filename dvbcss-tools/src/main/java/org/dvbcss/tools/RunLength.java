package org.dvbcss.tools;

/**
 * How long a command runs: a number of seconds, or forever (what a {@code --duration} of 0 means).
 * Immutable; thread safe.
 *
 * @param nanos the length in nanoseconds, positive; {@link Long#MAX_VALUE} for forever
 */
public record RunLength(long nanos) {
  /** A run that only ends when something stops it. */
  public static final RunLength FOREVER = new RunLength(Long.MAX_VALUE);

  /**
   * Validates the length.
   *
   * @throws IllegalArgumentException if {@code nanos} is not positive
   */
  public RunLength {
    if (nanos <= 0) {
      throw new IllegalArgumentException("a run length must be positive: " + nanos + " ns");
    }
  }

  /**
   * The run length a duration option gives: 0 is forever.
   *
   * @param seconds the option's value, seconds; 0 for forever
   * @return the run length (at least 1 ns when {@code seconds} is positive)
   * @throws IllegalArgumentException if {@code seconds} is negative or NaN
   */
  public static RunLength ofSeconds(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("a duration must not be negative: " + seconds + " s");
    }
    if (seconds == 0 || seconds * 1e9 >= Long.MAX_VALUE) {
      return FOREVER;
    }
    return new RunLength(Math.max(1, (long) (seconds * 1e9)));
  }

  /**
   * Whether the run never ends by itself.
   *
   * @return true for {@link #FOREVER}
   */
  public boolean isForever() {
    return nanos == Long.MAX_VALUE;
  }

  /**
   * When a run that started at {@code startNanos} ends.
   *
   * @param startNanos a reading of a time source, nanoseconds
   * @return {@code startNanos} plus the length, nanoseconds; {@link Long#MAX_VALUE} when forever or
   *     when the sum would overflow
   */
  public long endNanos(long startNanos) {
    if (isForever() || startNanos > Long.MAX_VALUE - nanos) {
      return Long.MAX_VALUE;
    }
    return startNanos + nanos;
  }
}
