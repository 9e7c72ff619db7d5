package org.dvbcss.companion.player;

import org.jspecify.annotations.Nullable;

/**
 * A media player that a {@link PlayerSynchroniser} drives: it reads the player's position and sets
 * its rate or seeks it. Adapt Media3/ExoPlayer ({@code getCurrentPosition}, {@code
 * setPlaybackSpeed}, {@code seekTo}), a desktop player or a web {@code <video>} to it.
 *
 * <p><b>Units.</b> Positions are seconds of the player's media time; local times are nanoseconds of
 * the synchroniser's {@link org.dvbcss.clock.TimeSource} (for a real player: {@link
 * System#nanoTime()}, the machine's monotonic clock); rates are multiples of normal speed.
 *
 * <p><b>Threading.</b> The synchroniser calls these methods on its one ticking thread, never
 * concurrently; they must not block for long (a tick should take well under its period).
 */
public interface Player {
  /**
   * One reading of the player's position.
   *
   * @param positionSeconds the media position the player reported, seconds
   * @param localNanos the local time at which that position was current, nanoseconds of the
   *     synchroniser's time source
   * @param settled true if the player is playing or paused normally; false while it is seeking,
   *     buffering or stalled (its position is then not used)
   */
  record Reading(double positionSeconds, long localNanos, boolean settled) {
    /**
     * Checks the position.
     *
     * @throws IllegalArgumentException if the position is not finite
     */
    public Reading {
      if (!Double.isFinite(positionSeconds)) {
        throw new IllegalArgumentException("position must be finite: " + positionSeconds);
      }
    }
  }

  /**
   * Reads the player's position.
   *
   * @return the latest reading, or null if the player has none yet
   */
  @Nullable Reading position();

  /**
   * Sets the playback rate; it may take effect late (the synchroniser models that delay as its
   * {@link SyncConfig#deadTimeSeconds() dead time}).
   *
   * @param rate the rate, a multiple of normal speed (0 pauses)
   */
  void setRate(double rate);

  /**
   * Seeks; the player may take time to land and reports {@link Reading#settled() unsettled}
   * readings meanwhile.
   *
   * @param positionSeconds the media position to go to, seconds
   */
  void seek(double positionSeconds);

  /**
   * How long after its reported position is current the player's output appears (audio or video
   * pipeline, display, speakers).
   *
   * @return seconds, at least 0
   */
  double outputLatencySeconds();

  /**
   * The granularity of reported positions: a reading is the true position rounded down to a
   * multiple of this (a player reporting whole milliseconds: 0.001; one reporting the last frame
   * shown at 50 Hz: 0.02). The synchroniser adds half of it back and averages the rest away.
   *
   * @return seconds, at least 0 (0: exact)
   */
  default double positionQuantumSeconds() {
    return 0;
  }
}
