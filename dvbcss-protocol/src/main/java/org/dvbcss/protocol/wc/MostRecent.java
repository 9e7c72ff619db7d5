package org.dvbcss.protocol.wc;

import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;

/**
 * The simplest algorithm: every candidate sets the wall clock, good or bad. Its error bound is
 * still honest (each correlation carries its own), but it is usually larger than {@link
 * LowestDispersion}'s.
 *
 * <p>Pacing: a request every {@code repeatInterval} after a response; after a timeout the next
 * request goes at once.
 *
 * <p>Not thread safe: confine to the client core's thread.
 */
public final class MostRecent implements WallClockAlgorithm {
  private final Pacing pacing;
  private final double localMaxFreqErrorPpm;

  /** Repeat 1 s, timeout 200 ms, the local clock's frequency error taken from its root. */
  public MostRecent() {
    this(LowestDispersion.DEFAULT_REPEAT, LowestDispersion.DEFAULT_TIMEOUT, Double.NaN);
  }

  /**
   * An algorithm.
   *
   * @param repeatInterval time between a response and the next request; not negative
   * @param responseTimeout how long to wait for a response; positive
   * @param localMaxFreqErrorPpm the local clock's maximum frequency error, ppm; NaN to use the wall
   *     clock's {@code rootMaxFreqErrorPpm()}
   */
  public MostRecent(
      Duration repeatInterval, Duration responseTimeout, double localMaxFreqErrorPpm) {
    this.pacing = Pacing.of(repeatInterval, responseTimeout);
    this.localMaxFreqErrorPpm = localMaxFreqErrorPpm;
  }

  @Override
  public long responseTimeoutNanos() {
    return pacing.timeoutNanos();
  }

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    wallClock.setCorrelation(candidate.correlationFor(wallClock, localMaxFreqErrorPpm));
    return pacing.repeatNanos();
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    return 0;
  }
}
