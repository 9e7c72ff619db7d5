package org.dvbcss.tools.accuracy;

import java.util.List;
import java.util.function.Supplier;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.MostRecent;
import org.dvbcss.protocol.wc.WallClockAlgorithm;

/**
 * The wall clock algorithms {@code dvbcss accuracy} compares, by name, each with its defaults.
 *
 * <p>Thread safe (stateless).
 */
final class Algorithms {
  private Algorithms() {}

  /**
   * The names, in report order.
   *
   * @return the names
   */
  static List<String> names() {
    return List.of("lowest-dispersion", "most-recent");
  }

  /**
   * A factory of fresh instances of the named algorithm.
   *
   * @param name one of {@link #names()}
   * @return the factory
   * @throws IllegalArgumentException for another name
   */
  static Supplier<? extends WallClockAlgorithm> factory(String name) {
    return switch (name) {
      case "lowest-dispersion" -> LowestDispersion::new;
      case "most-recent" -> MostRecent::new;
      default -> throw new IllegalArgumentException("unknown algorithm " + name);
    };
  }
}
