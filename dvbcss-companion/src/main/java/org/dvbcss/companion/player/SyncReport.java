package org.dvbcss.companion.player;

/**
 * What a {@link PlayerSynchroniser} has done and how well, at its latest tick.
 *
 * <p>Times counted are those while the TV's timeline was available; a sample is within the target
 * when the estimated error was known (the player settled) and at most {@link
 * SyncConfig#targetSeconds()}.
 *
 * @param state the controller's state
 * @param rate the rate last commanded to the player
 * @param tvSpeed the TV timeline's speed (NaN if unavailable)
 * @param errorSeconds the estimated error now: the player's output position minus the TV's timeline
 *     position, seconds; NaN if unknown
 * @param boundSeconds the companion's error bound on the TV's timeline, seconds (infinite if
 *     unavailable)
 * @param noiseSeconds the noise floor the controller does not chase: the bound plus twice the
 *     estimator's standard deviation, seconds
 * @param seekLeadSeconds the seek lead in use, seconds
 * @param secondsCounted the time counted, seconds
 * @param secondsWithinTarget the part of it within the target, seconds
 * @param worstErrorSeconds the largest estimated error while settled, seconds (0 if none)
 * @param worstHeldErrorSeconds the largest estimated error while in {@link
 *     PlayerSynchroniser.State#HOLDING}, seconds (0 if none)
 * @param seeks seeks commanded
 * @param rateChanges rate changes commanded
 * @param rateReversals overshoots: rate corrections opposite in sign to the previous correction and
 *     begun within four correction horizons of its end
 * @param errorAlerts error alerts raised
 * @param boundAlerts bound alerts raised
 * @param errorAlertActive whether an error alert is raised now
 * @param boundAlertActive whether a bound alert is raised now
 * @param reportsSent timing reports accepted by the sink
 */
public record SyncReport(
    PlayerSynchroniser.State state,
    double rate,
    double tvSpeed,
    double errorSeconds,
    double boundSeconds,
    double noiseSeconds,
    double seekLeadSeconds,
    double secondsCounted,
    double secondsWithinTarget,
    double worstErrorSeconds,
    double worstHeldErrorSeconds,
    long seeks,
    long rateChanges,
    long rateReversals,
    long errorAlerts,
    long boundAlerts,
    boolean errorAlertActive,
    boolean boundAlertActive,
    long reportsSent) {

  /**
   * The share of the counted time within the target.
   *
   * @return 0 to 1; NaN if nothing was counted
   */
  public double shareWithinTarget() {
    return secondsCounted > 0 ? secondsWithinTarget / secondsCounted : Double.NaN;
  }
}
