package org.dvbcss.tools.accuracy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.dvbcss.protocol.wc.Burst;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.tools.wc.WcClientCommand;

/**
 * The wall clock algorithms {@code dvbcss accuracy} compares: those of {@code wc-client
 * --algorithm}, by the same names, each with its defaults (a poll a second after each response),
 * and each also as {@code NAME:N}, polling in bursts of N requests ({@link Burst}, as {@code
 * --burst N}).
 *
 * <p>Thread safe (stateless).
 */
final class Algorithms {
  /** What runs by default: the recommended offset-only algorithm and frequency tracking. */
  static final List<String> DEFAULT =
      List.of("lowest-dispersion", "frequency-tracking", "frequency-tracking:2");

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
   * Whether a name is known: one of {@link #names()}, or one followed by {@code :N} with N from 2
   * to {@link Burst#MAX_COUNT}.
   *
   * @param name the name
   * @return true if {@link #factory} accepts it
   */
  static boolean known(String name) {
    try {
      factory(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A factory of fresh instances of the named algorithm.
   *
   * @param name one of {@link #names()}, or one followed by {@code :N} for bursts of N
   * @return the factory
   * @throws IllegalArgumentException for another name
   */
  static Supplier<? extends WallClockAlgorithm> factory(String name) {
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String n = colon < 0 ? "1" : name.substring(colon + 1);
    int count = n.matches("[0-9]{1,2}") ? Integer.parseInt(n) : 0;
    if (count < (colon < 0 ? 1 : 2) || count > Burst.MAX_COUNT) {
      throw new IllegalArgumentException("unknown algorithm " + name);
    }
    for (WcClientCommand.Algorithm a : WcClientCommand.Algorithm.values()) {
      if (name(a).equals(base)) {
        return () -> Burst.of(a.create(LowestDispersion.DEFAULT_REPEAT), count);
      }
    }
    throw new IllegalArgumentException("unknown algorithm " + name);
  }
}
