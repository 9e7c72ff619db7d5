package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;

/**
 * Keeps a candidate only if it would give the wall clock a lower dispersion now than the clock has;
 * the filter form of {@link LowestDispersion}.
 *
 * <p>Immutable and thread safe.
 */
public final class LowestDispersionFilter implements CandidateFilter {
  private final double localMaxFreqErrorPpm;

  /** A filter taking the local clock's frequency error from the wall clock's root. */
  public LowestDispersionFilter() {
    this(Double.NaN);
  }

  /**
   * A filter.
   *
   * @param localMaxFreqErrorPpm the local clock's maximum frequency error, ppm; NaN to use the wall
   *     clock's {@code rootMaxFreqErrorPpm()}
   */
  public LowestDispersionFilter(double localMaxFreqErrorPpm) {
    this.localMaxFreqErrorPpm = localMaxFreqErrorPpm;
  }

  @Override
  public boolean accept(Candidate candidate, CorrelatedClock wallClock) {
    return Dispersions.isBetterNow(
        wallClock, candidate.correlationFor(wallClock, localMaxFreqErrorPpm));
  }
}
