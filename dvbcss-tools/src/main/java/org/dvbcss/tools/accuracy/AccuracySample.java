package org.dvbcss.tools.accuracy;

/**
 * One comparison of a companion's timeline with the TV's, both read at the same instant.
 *
 * <p>Immutable and thread safe.
 *
 * @param atSeconds when, seconds since the run started
 * @param errorSeconds the companion's timeline position minus the TV's true position at that
 *     instant, seconds of content time; NaN when the companion's timeline was not available
 * @param boundSeconds the error bound the companion reported at that instant, seconds of content
 *     time; +infinity before its first measurement, NaN when its timeline was not available
 */
public record AccuracySample(double atSeconds, double errorSeconds, double boundSeconds) {

  /**
   * Whether the companion had a timeline position and a finite bound.
   *
   * @return true if both the error and the bound are finite
   */
  public boolean bounded() {
    return Double.isFinite(errorSeconds) && Double.isFinite(boundSeconds);
  }

  /**
   * Whether the real error was within the reported bound. A sample without a finite bound makes no
   * claim and is within it.
   *
   * @return false only for a finite bound smaller than the magnitude of the error
   */
  public boolean withinBound() {
    return !bounded() || Math.abs(errorSeconds) <= boundSeconds;
  }
}
