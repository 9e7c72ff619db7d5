package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * Keeps a candidate only if it would give the wall clock a lower dispersion now than the clock has;
 * the filter form of {@link LowestDispersion}. Like it, also keeps a candidate whose interval does
 * not overlap the wall clock's (see {@link #inconsistencies()}).
 *
 * <p>Not thread safe (it counts): confine to the client core's thread.
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

  private long inconsistencies;

  @Override
  public boolean accept(Candidate candidate, CorrelatedClock wallClock) {
    Correlation c = candidate.correlationFor(wallClock, localMaxFreqErrorPpm);
    if (DispersionFormula.FULL.isInconsistentNow(wallClock, c)) {
      inconsistencies++;
      return true;
    }
    return DispersionFormula.FULL.isBetterNow(wallClock, c);
  }

  /**
   * How many candidates contradicted the wall clock (their intervals did not overlap) and were kept
   * for that reason, as after a step of the server's clock.
   *
   * @return a count
   */
  public long inconsistencies() {
    return inconsistencies;
  }
}
