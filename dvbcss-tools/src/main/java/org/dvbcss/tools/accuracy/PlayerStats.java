package org.dvbcss.tools.accuracy;

import java.util.List;

/**
 * How well a simulated player followed the TV in a run: its presented position against the TV's
 * true position, sampled with the companion's samples.
 *
 * <p>Immutable and thread safe. Seconds of content time.
 *
 * @param targetSeconds the synchroniser's target error
 * @param samples samples taken once the player had converged: from the first of {@value
 *     #SETTLE_SAMPLES} samples in a row (1 s at the 10 ms sampling) within the target
 * @param within of those, samples within the target
 * @param convergenceSeconds when the player converged, seconds since the run started; NaN if never
 * @param worstErrorSeconds the largest |error| after that; NaN if never
 * @param seeks seeks the synchroniser made
 */
public record PlayerStats(
    double targetSeconds,
    int samples,
    int within,
    double convergenceSeconds,
    double worstErrorSeconds,
    long seeks) {
  /** Samples in a row within the target that make the player converged: 1 s of samples. */
  static final int SETTLE_SAMPLES = 100;

  /**
   * The share of samples within the target, from the first one within it.
   *
   * @return 0..1; 0 if never within it
   */
  public double shareWithin() {
    return samples == 0 ? 0 : within / (double) samples;
  }

  /**
   * The statistics of a run's player samples.
   *
   * @param times when each sample was taken, seconds since the run started
   * @param errors the player's error at each, seconds; NaN where the TV's position was unknown
   * @param targetSeconds the target
   * @param seeks seeks made
   * @return the statistics
   */
  static PlayerStats of(List<Double> times, List<Double> errors, double targetSeconds, long seeks) {
    // converged: the first sample of the first run of SETTLE_SAMPLES in a row within the target
    int start = -1;
    int run = 0;
    for (int i = 0; i < errors.size() && start < 0; i++) {
      double e = errors.get(i);
      run = !Double.isNaN(e) && Math.abs(e) <= targetSeconds ? run + 1 : 0;
      if (run == SETTLE_SAMPLES) {
        start = i - SETTLE_SAMPLES + 1;
      }
    }
    if (start < 0) {
      return new PlayerStats(targetSeconds, 0, 0, Double.NaN, Double.NaN, seeks);
    }
    int samples = 0;
    int within = 0;
    double worst = 0;
    for (int i = start; i < errors.size(); i++) {
      double e = errors.get(i);
      if (Double.isNaN(e)) {
        continue;
      }
      samples++;
      if (Math.abs(e) <= targetSeconds) {
        within++;
      }
      worst = Math.max(worst, Math.abs(e));
    }
    return new PlayerStats(targetSeconds, samples, within, times.get(start), worst, seeks);
  }
}
