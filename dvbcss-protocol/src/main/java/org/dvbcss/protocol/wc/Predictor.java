package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * Turns the candidates that passed {@link FilterAndPredict}'s filters into the wall clock's
 * correlation.
 *
 * <p>Implementations may keep state (a history of candidates); they are called from the client
 * core's thread only.
 */
@FunctionalInterface
public interface Predictor {
  /**
   * Takes an accepted candidate into account and says what the wall clock's correlation should be.
   *
   * @param accepted a candidate that passed every filter
   * @param wallClock the wall clock as it is now
   * @return the correlation to set; {@code wallClock.correlation()} to leave the clock alone
   */
  Correlation predict(Candidate accepted, CorrelatedClock wallClock);
}
