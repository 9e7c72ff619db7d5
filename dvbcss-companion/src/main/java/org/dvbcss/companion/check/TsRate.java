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
   * Judges the rate, or says why it cannot.
   *
   * @param selector the timeline
   * @param declared the declared tick rate, ticks per second (unitsPerSecond / unitsPerTick)
   * @param a the earlier timestamp: available, speed not 0
   * @param b the later one: available
   * @param how how {@code b} was obtained, for the message (e.g. {@code at the pause})
   * @return the result: PASS, FAIL, or INFO when the two are less than 1 s apart
   */
  static RuleResult judge(
      String selector, double declared, TsMessages.Stamp a, TsMessages.Stamp b, String how) {
    String exp = "the timeline at " + declared + " ticks/s within 1000 ppm";
    long spanNanos = b.wallClockTime() - a.wallClockTime();
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
    double spanSeconds = spanNanos / S;
    double rate = (b.contentTime() - a.contentTime()) / (spanSeconds * speed);
    double ppm = (rate / declared - 1) * 1e6;
    double boundPpm = 1000 + 2.0 / (declared * spanSeconds * Math.abs(speed)) * 1e6;
    return RuleResult.of(
            Rules.TS_6,
            Math.abs(ppm) <= boundPpm ? Status.PASS : Status.FAIL,
            String.format(
                Locale.ROOT,
                "%s advanced at %.3f ticks/s over %.1f s at speed %s (%s; declared %s)",
                selector,
                rate,
                spanSeconds,
                speed,
                how,
                declared),
            exp)
        .with("selector", selector)
        .with("rate_ticks_per_s", rate)
        .with("rate_ppm", ppm)
        .with("bound_ppm", boundPpm)
        .with("span_s", spanSeconds);
  }
}
