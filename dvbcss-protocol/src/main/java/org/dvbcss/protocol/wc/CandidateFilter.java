package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;

/**
 * A test a candidate must pass before {@link FilterAndPredict} hands it to its {@link Predictor}.
 *
 * <p>Implementations may keep state; they are called from the client core's thread only.
 */
@FunctionalInterface
public interface CandidateFilter {
  /**
   * Whether to use a candidate.
   *
   * @param candidate the measurement
   * @param wallClock the wall clock as it is now (not yet changed by this candidate)
   * @return true to keep the candidate
   */
  boolean accept(Candidate candidate, CorrelatedClock wallClock);
}
