package org.dvbcss.tools.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.companion.check.Rules;
import org.dvbcss.companion.check.Series;
import org.dvbcss.companion.check.Status;

/** Fabricated check reports for the renderers' and the command's tests. */
final class Reports {
  private Reports() {}

  /** Text a hostile TV might send. */
  static final String HOSTILE =
      "<script>alert('x')</script> & \"quoted\" \\ back\nnew line \u0000\u001b[2J \u2028 é 🙂";

  /** One result of each status, with evidence of each JSON type, and one hostile message. */
  static List<RuleResult> everyStatus() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", 1);
    nested.put("b", List.of("x", 2.5));
    List<RuleResult> results = new ArrayList<>();
    results.add(
        RuleResult.of(
                Rules.CII_2,
                Status.PASS,
                "first message carries protocolVersion 1.1",
                "\"protocolVersion\": \"1.1\" in the first message")
            .with("first_message", "{\"protocolVersion\":\"1.1\"}"));
    results.add(
        RuleResult.of(
                Rules.TS_3,
                Status.FAIL,
                "contentTime sent as a JSON number: {\"contentTime\":924956}",
                "contentTime as a string of digits")
            .with("message", "{\"contentTime\":924956}")
            .with("count", 3)
            .with("big_ns", Long.MAX_VALUE)
            .with("offset_ms", -0.125)
            .with("rate_ppm", Double.NaN)
            .with("available", true)
            .with("speed", null)
            .with("selectors", List.of("urn:dvb:css:timeline:pts", HOSTILE))
            .with("nested", nested));
    results.add(
        RuleResult.of(Rules.CII_10, Status.WARN, HOSTILE, "a host a companion can reach")
            .with(HOSTILE, HOSTILE));
    results.add(
        RuleResult.of(Rules.WC_9, Status.INFO, "round trip 1.2 ms", "no pass mark")
            .with("rtt_ms", 1.2));
    results.add(
        RuleResult.of(
            Rules.CII_12, Status.FAIL, "selector urn:x", "a well-formed selector")); // WARN cap
    return results;
  }

  /** A series with points and an empty one. */
  static List<Series> series() {
    Series rtt = new Series("CSS-WC round trip time", "ms", "R-WC-9");
    rtt.add(0.5, 1.2);
    rtt.add(1.0, 1.5);
    rtt.add(1.5, Double.NaN);
    rtt.add(2.0, 0.9);
    Series empty = new Series("timeline rate <pts>", "ppm", "R-TS-6");
    return List.of(rtt, empty);
  }

  static CheckReport report(List<RuleResult> results, boolean reached) {
    return new CheckReport(
        "ws://127.0.0.1:7681/cii",
        reached,
        Instant.parse("2026-01-02T03:04:05Z"),
        3_500_000_000L,
        results,
        series());
  }

  static CheckReport report() {
    return report(everyStatus(), true);
  }
}
