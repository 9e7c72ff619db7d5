package org.dvbcss.tools.accuracy;

import java.time.Duration;
import java.util.Objects;

/**
 * A condition the companion is tested under: how long, how far the TV's clock drifts, and what the
 * route to the TV does.
 *
 * <p>Immutable and thread safe.
 *
 * @param name a short name, e.g. {@code clean}
 * @param description one line saying what it simulates
 * @param duration how long the companion follows the TV, from its start
 * @param tvDriftPpm how fast the TV's wall clock runs against this machine's monotonic clock, ppm
 *     (the TV then declares its maximum frequency error as 500 + |drift|)
 * @param impairment what the route to the TV's CSS-WC server does; {@link Impairment#DIRECT} for
 *     nothing
 */
public record Scenario(
    String name,
    String description,
    Duration duration,
    double tvDriftPpm,
    Impairment impairment,
    boolean player) {

  /**
   * A scenario without a player.
   *
   * @param name see the record
   * @param description see the record
   * @param duration see the record
   * @param tvDriftPpm see the record
   * @param impairment see the record
   */
  public Scenario(
      String name,
      String description,
      Duration duration,
      double tvDriftPpm,
      Impairment impairment) {
    this(name, description, duration, tvDriftPpm, impairment, false);
  }

  /** Validates. */
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(impairment, "impairment");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    if (!Double.isFinite(tvDriftPpm)) {
      throw new IllegalArgumentException("tvDriftPpm must be finite, was " + tvDriftPpm);
    }
  }

  /**
   * The duration in nanoseconds.
   *
   * @return nanoseconds
   */
  public long durationNanos() {
    return duration.toNanos();
  }

  /**
   * The same scenario for another duration, with any scripted changes scaled to it.
   *
   * @param newDuration the duration
   * @return the scenario
   */
  public Scenario withDuration(Duration newDuration) {
    double scale = newDuration.toNanos() / (double) duration.toNanos();
    return new Scenario(
        name, description, newDuration, tvDriftPpm, impairment.scaled(scale), player);
  }
}
