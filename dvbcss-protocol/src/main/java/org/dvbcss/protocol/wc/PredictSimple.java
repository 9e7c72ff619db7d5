package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * The simplest predictor: the latest accepted candidate's correlation.
 *
 * <p>Immutable and thread safe.
 */
public final class PredictSimple implements Predictor {
  private final double localMaxFreqErrorPpm;

  /** A predictor taking the local clock's frequency error from the wall clock's root. */
  public PredictSimple() {
    this(Double.NaN);
  }

  /**
   * A predictor.
   *
   * @param localMaxFreqErrorPpm the local clock's maximum frequency error, ppm; NaN to use the wall
   *     clock's {@code rootMaxFreqErrorPpm()}
   */
  public PredictSimple(double localMaxFreqErrorPpm) {
    this.localMaxFreqErrorPpm = localMaxFreqErrorPpm;
  }

  @Override
  public Correlation predict(Candidate accepted, CorrelatedClock wallClock) {
    return accepted.correlationFor(wallClock, localMaxFreqErrorPpm);
  }
}
