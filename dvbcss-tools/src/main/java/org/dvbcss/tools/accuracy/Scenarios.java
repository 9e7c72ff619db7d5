package org.dvbcss.tools.accuracy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios {@code dvbcss accuracy} offers.
 *
 * <p>Thread safe (stateless).
 */
final class Scenarios {
  private Scenarios() {}

  /**
   * Every scenario, in report order.
   *
   * @return the scenarios
   */
  static List<Scenario> all() {
    return List.of(
        new Scenario(
            "clean",
            "loopback, the TV's clock running true",
            Duration.ofSeconds(60),
            0,
            Path.DIRECT),
        new Scenario(
            "tv-drift",
            "loopback, the TV's wall clock 500 ppm fast (it declares 1000 ppm)",
            Duration.ofSeconds(60),
            500,
            Path.DIRECT));
  }

  /**
   * The scenario of that name.
   *
   * @param name its name
   * @return the scenario, or empty
   */
  static Optional<Scenario> named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
