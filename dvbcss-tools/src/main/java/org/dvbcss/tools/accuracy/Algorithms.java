package org.dvbcss.tools.accuracy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.tools.wc.WcClientCommand;

/**
 * The wall clock algorithms {@code dvbcss accuracy} compares: those of {@code wc-client
 * --algorithm}, by the same names, each with its defaults (a request a second after each response).
 *
 * <p>Thread safe (stateless).
 */
final class Algorithms {
  /** What runs by default: the recommended offset-only algorithm and frequency tracking. */
  static final List<String> DEFAULT = List.of("lowest-dispersion", "frequency-tracking");

  private Algorithms() {}

  /**
   * The names, in report order.
   *
   * @return the names, e.g. {@code lowest-dispersion}
   */
  static List<String> names() {
    return Arrays.stream(WcClientCommand.Algorithm.values()).map(Algorithms::name).toList();
  }

  private static String name(WcClientCommand.Algorithm a) {
    return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * A factory of fresh instances of the named algorithm.
   *
   * @param name one of {@link #names()}
   * @return the factory
   * @throws IllegalArgumentException for another name
   */
  static Supplier<? extends WallClockAlgorithm> factory(String name) {
    for (WcClientCommand.Algorithm a : WcClientCommand.Algorithm.values()) {
      if (name(a).equals(name)) {
        return () -> a.create(LowestDispersion.DEFAULT_REPEAT);
      }
    }
    throw new IllegalArgumentException("unknown algorithm " + name);
  }
}
