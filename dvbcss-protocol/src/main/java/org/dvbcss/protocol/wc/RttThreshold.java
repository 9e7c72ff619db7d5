package org.dvbcss.protocol.wc;

import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;

/**
 * Keeps candidates whose round-trip time is at most a threshold. (The reference implementation
 * compared nanoseconds with seconds and so rejected almost everything; this compares nanoseconds
 * with nanoseconds.)
 *
 * <p>Immutable and thread safe.
 */
public final class RttThreshold implements CandidateFilter {
  private final long thresholdNanos;

  /**
   * A filter.
   *
   * @param threshold the largest round-trip time to keep; not negative
   */
  public RttThreshold(Duration threshold) {
    this.thresholdNanos = Dispersions.checkNanos("threshold", threshold.toNanos(), true);
  }

  /**
   * A filter with the threshold in milliseconds, as the reference's {@code thresholdMillis}.
   *
   * @param millis the largest round-trip time to keep, milliseconds; not negative
   * @return the filter
   */
  public static RttThreshold ofMillis(double millis) {
    if (!(millis >= 0) || Double.isInfinite(millis)) {
      throw new IllegalArgumentException("threshold must be >= 0 ms and finite, was " + millis);
    }
    return new RttThreshold(Duration.ofNanos(Math.round(millis * 1e6)));
  }

  /**
   * The threshold.
   *
   * @return nanoseconds
   */
  public long thresholdNanos() {
    return thresholdNanos;
  }

  @Override
  public boolean accept(Candidate candidate, CorrelatedClock wallClock) {
    return candidate.rttNanos() <= thresholdNanos;
  }
}
