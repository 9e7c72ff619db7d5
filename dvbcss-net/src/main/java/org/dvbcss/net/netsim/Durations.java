package org.dvbcss.net.netsim;

import java.util.Locale;

/**
 * Reads the durations of scripts and options: a decimal number with an optional unit, {@code s},
 * {@code ms}, {@code us} or {@code ns}; a bare number is seconds, as everywhere on the project's
 * command line. {@code 0.02}, {@code 20ms} and {@code 20000us} are the same. Stateless.
 */
public final class Durations {
  private Durations() {}

  /**
   * Reads a duration.
   *
   * @param text e.g. {@code 20ms}, {@code 1.5s}, {@code 0.5}
   * @return nanoseconds, rounded to the nearest, 0 or more
   * @throws IllegalArgumentException if it is not a non-negative finite duration
   */
  public static long parseNanos(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double scale = 1e9;
    String number = t;
    if (t.endsWith("ms")) {
      scale = 1e6;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("us")) {
      scale = 1e3;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("ns")) {
      scale = 1;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      number = t.substring(0, t.length() - 1);
    }
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (seconds, or a number with s, ms, us or ns)");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("a duration must be finite and >= 0: '" + text + "'");
    }
    return Math.round(value * scale);
  }

  /**
   * Reads a probability: a percentage ({@code 1%}) or a fraction ({@code 0.01}).
   *
   * @param text e.g. {@code 5%} or {@code 0.05}
   * @return the probability, 0 to 1
   * @throws IllegalArgumentException if it is not a number from 0 to 1 (0% to 100%)
   */
  public static double parseProbability(String text) {
    String t = text.strip();
    boolean percent = t.endsWith("%");
    double value;
    try {
      value = Double.parseDouble(percent ? t.substring(0, t.length() - 1) : t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a probability: '" + text + "' (e.g. 1% or 0.01)");
    }
    if (percent) {
      value /= 100;
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("a probability must be 0 to 1 (0% to 100%): " + text);
    }
    return value;
  }

  /**
   * Writes nanoseconds the way {@link #parseNanos} reads them back, in milliseconds.
   *
   * @param nanos nanoseconds
   * @return e.g. {@code 20ms} or {@code 0.5ms}
   */
  public static String format(long nanos) {
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    return nanos / 1e6 + "ms";
  }
}
