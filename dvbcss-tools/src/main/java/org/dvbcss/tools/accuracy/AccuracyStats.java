package org.dvbcss.tools.accuracy;

import java.util.Arrays;
import java.util.List;

/**
 * What a run's samples say: how often the real error was within the reported bound, how large the
 * bound was, and how long it took to get there.
 *
 * <p>Definitions, over every sample of the run (none is skipped):
 *
 * <ul>
 *   <li>{@code bounded}: samples with a timeline position and a finite bound; only these make a
 *       claim. {@code within}: those of them whose |error| was at most the bound. {@code
 *       shareWithin} = within / bounded (1 when no sample was bounded).
 *   <li>{@code boundMedian}, {@code boundP99}: of the bounded samples' bounds, nearest-rank.
 *   <li>{@code convergenceSeconds}: the first instant at which the bound was finite and at most
 *       twice {@code boundMedian}; NaN if never. {@code firstBoundSeconds}: the first finite
 *       bound's instant.
 *   <li>{@code worstError}: the largest |error|; {@code worstRatio}: the largest |error| / bound.
 * </ul>
 *
 * <p>Immutable and thread safe. Times in seconds since the run started; errors and bounds in
 * seconds of content time.
 *
 * @param samples all samples
 * @param bounded samples with a finite bound
 * @param within bounded samples within their bound
 * @param shareWithin within / bounded, 0..1
 * @param boundMedian median bound, seconds; NaN if no sample was bounded
 * @param boundP99 99th percentile bound, seconds; NaN if no sample was bounded
 * @param worstError largest |error|, seconds; NaN if no sample was bounded
 * @param worstRatio largest |error| / bound; NaN if no sample was bounded
 * @param firstBoundSeconds when the bound was first finite; NaN if never
 * @param convergenceSeconds when the bound first came within twice its median; NaN if never
 */
public record AccuracyStats(
    int samples,
    int bounded,
    int within,
    double shareWithin,
    double boundMedian,
    double boundP99,
    double worstError,
    double worstRatio,
    double firstBoundSeconds,
    double convergenceSeconds) {

  /**
   * The statistics of a run.
   *
   * @param samples every sample, in time order
   * @return the statistics
   */
  public static AccuracyStats of(List<AccuracySample> samples) {
    double[] bounds =
        samples.stream()
            .filter(AccuracySample::bounded)
            .mapToDouble(AccuracySample::boundSeconds)
            .toArray();
    int within = 0;
    double worstError = Double.NaN;
    double worstRatio = Double.NaN;
    double firstBound = Double.NaN;
    for (AccuracySample s : samples) {
      if (!s.bounded()) {
        continue;
      }
      if (s.withinBound()) {
        within++;
      }
      double e = Math.abs(s.errorSeconds());
      worstError = Double.isNaN(worstError) ? e : Math.max(worstError, e);
      double ratio = s.boundSeconds() > 0 ? e / s.boundSeconds() : (e > 0 ? 1e300 : 0);
      worstRatio = Double.isNaN(worstRatio) ? ratio : Math.max(worstRatio, ratio);
      if (Double.isNaN(firstBound)) {
        firstBound = s.atSeconds();
      }
    }
    Arrays.sort(bounds);
    double median = percentile(bounds, 0.5);
    double p99 = percentile(bounds, 0.99);
    double convergence = Double.NaN;
    for (AccuracySample s : samples) {
      if (s.bounded() && s.boundSeconds() <= 2 * median) {
        convergence = s.atSeconds();
        break;
      }
    }
    return new AccuracyStats(
        samples.size(),
        bounds.length,
        within,
        bounds.length == 0 ? 1.0 : within / (double) bounds.length,
        median,
        p99,
        worstError,
        worstRatio,
        firstBound,
        convergence);
  }

  /** Nearest-rank percentile of sorted values; NaN for none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * Whether every bounded sample was within its bound.
   *
   * @return true if {@code within == bounded}
   */
  public boolean honest() {
    return within == bounded;
  }
}
