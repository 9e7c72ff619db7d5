package org.dvbcss.companion.player;

import java.util.Objects;

/**
 * An accuracy alert raised or cleared by a {@link PlayerSynchroniser}.
 *
 * <ul>
 *   <li>{@link Kind#ERROR}: raised when the estimated error of the player (what its output shows
 *       minus the TV's timeline) has exceeded {@link SyncConfig#alertErrorSeconds()} (or was
 *       unknown while the player sought or stalled) continuously for {@link
 *       SyncConfig#alertDelaySeconds()}; cleared when it has been within {@link
 *       SyncConfig#targetSeconds()} continuously for {@link SyncConfig#alertClearSeconds()}.
 *   <li>{@link Kind#BOUND}: raised when the companion's error bound on the TV's timeline (the
 *       timeline clock's dispersion; infinite while the timeline is unavailable) has exceeded the
 *       target continuously for the alert delay: no player can then be known to be within the
 *       target; cleared when it has been within the target for the clear time.
 * </ul>
 *
 * <p>The gap between the raise and clear thresholds, and the two hold times, are the hysteresis: an
 * error wandering around one threshold does not make a stream of alerts.
 *
 * @param kind what the alert is about
 * @param raised true when raised, false when cleared
 * @param valueSeconds the quantity when the alert changed (the error or the bound), seconds;
 *     infinite or NaN if unknown
 * @param thresholdSeconds the threshold it was compared with, seconds
 * @param localNanos when, nanoseconds of the synchroniser's time source
 */
public record AccuracyAlert(
    Kind kind, boolean raised, double valueSeconds, double thresholdSeconds, long localNanos) {
  /** What an alert is about. */
  public enum Kind {
    /** The player's error. */
    ERROR,
    /** The companion's error bound on the TV's timeline. */
    BOUND
  }

  /**
   * Checks for null.
   *
   * @throws NullPointerException if kind is null
   */
  public AccuracyAlert {
    Objects.requireNonNull(kind, "kind");
  }

  /** Hears alerts; called on the synchroniser's ticking thread; must not block. */
  @FunctionalInterface
  public interface Listener {
    /**
     * An alert was raised or cleared.
     *
     * @param alert the alert
     */
    void alert(AccuracyAlert alert);
  }
}
