package org.dvbcss.companion.check;

import java.util.Locale;

/**
 * R-TS-6 from two control timestamps of one timeline: the first, while it moved at a speed other
 * than 0, and a later one on the same clock (a fresh correlation at the same speed, or the one the
 * TV sends when it pauses). Between them the timeline must have advanced at the declared tick rate
 * times that speed. No sockets; stateless.
 *
 * <p>The bound on the measurement is two ticks over the span (each content time is exact or rounded
 * to the nearest tick), on top of the rule's 1000 ppm; no wall clock dispersion enters, since both
 * wall clock times are the TV's own.
 */
final class TsRate {
  private static final double S = 1e9;

  private TsRate() {}

  /**
   * Judges the rate between two control timestamps that each describe their own moment exactly.
   *
   * @param selector the timeline
   * @param declared the declared tick rate, ticks per second (unitsPerSecond / unitsPerTick)
   * @param a the earlier timestamp: available, speed not 0
   * @param b the later one: available
   * @param how how {@code b} was obtained, for the message (e.g. {@code a fresh setup})
   * @return the result: PASS, FAIL, or INFO when the two are less than 1 s apart
   */
  static RuleResult judge(
      String selector, double declared, TsMessages.Stamp a, TsMessages.Stamp b, String how) {
    return judgeBetween(
        selector, declared, a, b.contentTime(), b.wallClockTime(), b.wallClockTime(), how);
  }

  /**
   * Judges the rate when the later position {@code c1} was reached at a wall clock time known only
   * to lie in {@code [earliestWall, latestWall]}: a pause, whose control timestamp names a moment
   * at or after the pause. The rate then lies in an interval, and the rule FAILs only when the
   * whole interval is outside the declared rate's 1000 ppm.
   *
   * @param selector the timeline
   * @param declared the declared tick rate, ticks per second
   * @param a the earlier timestamp: available, speed not 0
   * @param c1 the later content time, ticks
   * @param earliestWall the earliest wall clock time it can have been reached, nanoseconds (NaN
   *     when unknown)
   * @param latestWall the latest, nanoseconds
   * @param how how the later position was obtained, for the message
   * @return the result
   */
  static RuleResult judgeBetween(
      String selector,
      double declared,
      TsMessages.Stamp a,
      long c1,
      double earliestWall,
      long latestWall,
      String how) {
    String exp = "the timeline at " + declared + " ticks/s within 1000 ppm";
    long spanNanos = latestWall - a.wallClockTime();
    double speed = a.speed();
    if (spanNanos < S) {
      return RuleResult.of(
              Rules.TS_6,
              Status.INFO,
              "not measurable for "
                  + selector
                  + ": the two correlations ("
                  + how
                  + ") are "
                  + (spanNanos == 0 ? "the same" : "less than 1 s apart")
                  + "; the pause of a guided run measures it",
              exp)
          .with("selector", selector)
          .with("span_ms", spanNanos / 1e6);
    }
    double ticks = c1 - a.contentTime();
    double longSpan = spanNanos / S * speed;
    double shortSpan =
        Double.isNaN(earliestWall) || earliestWall <= a.wallClockTime()
            ? 0
            : (earliestWall - a.wallClockTime()) / S * speed;
    // each content time is exact or within half a tick: two ticks cover both ends
    double[] ends = {
      (ticks - 2) / longSpan,
      (ticks + 2) / longSpan,
      shortSpan == 0 ? Double.POSITIVE_INFINITY * Math.signum(ticks + 2) : (ticks - 2) / shortSpan,
      shortSpan == 0 ? Double.POSITIVE_INFINITY * Math.signum(ticks + 2) : (ticks + 2) / shortSpan
    };
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double e : ends) {
      lo = Math.min(lo, e);
      hi = Math.max(hi, e);
    }
    double rate = ticks / longSpan;
    double ppm = (rate / declared - 1) * 1e6;
    boolean outside = hi < declared * (1 - 1e-3) || lo > declared * (1 + 1e-3);
    return RuleResult.of(
            Rules.TS_6,
            outside ? Status.FAIL : Status.PASS,
            String.format(
                    Locale.ROOT,
                    "%s advanced at %.3f ticks/s over %.1f s at speed %s (%s; declared %s)",
                    selector,
                    rate,
                    spanNanos / S,
                    speed,
                    how,
                    declared)
                + (shortSpan == 0 && !Double.isNaN(earliestWall)
                    ? ""
                    : String.format(
                        Locale.ROOT, "; the rate lies in [%.3f, %.3f] ticks/s", lo, hi)),
            exp)
        .with("selector", selector)
        .with("rate_ticks_per_s", rate)
        .with("rate_low_ticks_per_s", lo)
        .with("rate_high_ticks_per_s", Double.isInfinite(hi) ? "infinity" : hi)
        .with("rate_ppm", ppm)
        .with("span_s", spanNanos / S);
  }
}
