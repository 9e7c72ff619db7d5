package org.dvbcss.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.companion.check.Series;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class ReportRenderersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachJsonLineIsValidJsonWithTheResultsMembersEvenForOddStrings() {
    CheckReport report = Reports.report();
    for (RuleResult r : report.results()) {
      String line = JsonReport.line(r);
      assertThat(line).doesNotContain("\n", "\r", "\u2028");
      JsonNode o = JSON.readTree(line);
      assertThat(o.get("rule").asString()).isEqualTo(r.id());
      assertThat(o.get("status").asString()).isEqualTo(r.status().label());
      assertThat(o.get("protocol").asString()).isEqualTo(r.rule().area().label());
      assertThat(o.get("message").asString()).isEqualTo(r.message());
      JsonNode evidence = o.get("evidence");
      assertThat(evidence.get("expected").asString()).isEqualTo(r.expected());
      assertThat(evidence.get("source").asString()).isEqualTo(r.rule().source());
    }
    JsonNode warn = JSON.readTree(JsonReport.line(report.results().get(2)));
    assertThat(warn.get("message").asString()).isEqualTo(Reports.HOSTILE);
    assertThat(warn.get("evidence").get(Reports.HOSTILE).asString()).isEqualTo(Reports.HOSTILE);
  }

  @Test
  void evidenceKeepsItsJsonTypes() {
    JsonNode e = JSON.readTree(JsonReport.line(Reports.report().results().get(1))).get("evidence");
    assertThat(e.get("message").isString()).isTrue();
    assertThat(e.get("count").isIntegralNumber()).isTrue();
    assertThat(e.get("count").asInt()).isEqualTo(3);
    assertThat(e.get("big_ns").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(e.get("offset_ms").asDouble()).isEqualTo(-0.125);
    assertThat(e.get("rate_ppm").asString()).isEqualTo("NaN");
    assertThat(e.get("available").isBoolean()).isTrue();
    assertThat(e.get("speed").isNull()).isTrue();
    assertThat(e.get("selectors").isArray()).isTrue();
    assertThat(e.get("selectors").get(1).asString()).isEqualTo(Reports.HOSTILE);
    assertThat(e.get("nested").get("b").get(1).asDouble()).isEqualTo(2.5);
  }

  @Test
  void theSummaryLineCountsEachStatus() {
    JsonNode s = JSON.readTree(JsonReport.summary(Reports.report())).get("summary");
    // PASS, FAIL, WARN, INFO, and a recalled rule's FAIL capped at WARN
    assertThat(s.get("pass").asInt()).isEqualTo(1);
    assertThat(s.get("fail").asInt()).isEqualTo(1);
    assertThat(s.get("warn").asInt()).isEqualTo(2);
    assertThat(s.get("info").asInt()).isEqualTo(1);
    assertThat(s.properties()).hasSize(4);
  }

  @Test
  void textGivesOneLinePerResultAndDetailsUnderFailAndWarn() {
    List<RuleResult> results = Reports.everyStatus();
    String pass = TextReport.result(results.get(0));
    assertThat(pass.lines())
        .containsExactly("PASS  R-CII-2    cii   first message carries protocolVersion 1.1");
    String fail = TextReport.result(results.get(1));
    assertThat(fail.lines().toList().get(0)).startsWith("FAIL  R-TS-3     ts    A control");
    assertThat(fail)
        .contains(
            "      observed: contentTime sent as a JSON number",
            "      expected: contentTime as a string of digits",
            "      source:   TS 103 286-2 5.7.5",
            "      count: 3",
            "      rate_ppm: \"NaN\"",
            "      speed: null");
    String info = TextReport.result(results.get(3));
    assertThat(info.lines()).hasSize(1);
  }

  @Test
  void textShowsControlCharactersFromTheTvInsteadOfObeyingThem() {
    String warn = TextReport.result(Reports.everyStatus().get(2));
    assertThat(warn).doesNotContain("\u0000", "\u001b", "\u2028");
    assertThat(warn).contains("\\u000a", "\\u001b");
    // the heading, the observed line, expected, source, one evidence line: no forged lines
    assertThat(warn.lines()).hasSize(5);
  }

  @Test
  void theTextSummarySaysWhetherAnythingFailedOrTheTvWasNotReached() {
    assertThat(TextReport.summary(Reports.report()))
        .contains("FAIL: 1 pass, 1 fail, 2 warn, 1 info (5 results) in 3.5 s");
    assertThat(TextReport.summary(Reports.report(List.of(), false))).contains("NOT REACHED");
    assertThat(TextReport.summary(Reports.report(List.of(Reports.everyStatus().get(0)), true)))
        .contains("no FAIL: 1 pass");
  }

  @Test
  void htmlIsStandaloneAndEscapesEverythingFromTheTv() {
    String html = HtmlReport.render(Reports.report());
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
    assertThat(html.toLowerCase())
        .doesNotContain("<script", "src=", "href=", "<link", "@import", "url(")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(html).doesNotContain("\u0000", "\u001b");
    for (RuleResult r : Reports.everyStatus()) {
      assertThat(html).contains(r.id());
    }
    assertThat(html)
        .contains(
            "<td class=\"PASS\">PASS</td>",
            "<td class=\"FAIL\">FAIL</td>",
            "<td class=\"WARN\">WARN</td>",
            "<td class=\"INFO\">INFO</td>",
            "<h2>CII</h2>",
            "<h2>WC</h2>",
            "<h2>TS</h2>",
            "contentTime as a string of digits", // expected
            "TS 103 286-2 5.7.5", // source
            "rtt_ms: 1.2"); // evidence
    assertThat(html).doesNotContain("<h2>DIAL</h2>");
    assertThat(html.split("<svg", -1)).hasSize(3);
    assertThat(html).contains("no measurements", "timeline rate &lt;pts&gt;");
  }

  @Test
  void htmlOfTheTvsTargetIsEscapedToo() {
    CheckReport report =
        new CheckReport("ws://x/<script>", false, java.time.Instant.EPOCH, 0, List.of(), List.of());
    String html = HtmlReport.render(report);
    assertThat(html).doesNotContain("<script").contains("ws://x/&lt;script&gt;", "not reached");
  }

  @Test
  void aPlotHasAxesWithUnitsAndTheExtremesLabelled() {
    Series s = Reports.series().get(0);
    String svg = SvgPlot.draw(s);
    assertThat(svg)
        .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        .endsWith("</svg>")
        .contains("<polyline", "1.500 ms", "0.9000 ms", "0.5000 s", "2 s", "seconds since");
    // the NaN point is left out: three dots
    assertThat(svg.split("<circle", -1)).hasSize(4);
    assertThat(svg).doesNotContain("NaN");
  }

  @Test
  void aPlotOfOnePointOrOfEqualValuesStillDraws() {
    Series flat = new Series("flat", "ms", "R-WC-9");
    flat.add(1, 5);
    flat.add(2, 5);
    assertThat(SvgPlot.draw(flat)).contains("<polyline", "5 ms").doesNotContain("NaN");
    Series one = new Series("one", "ms", "R-WC-9");
    one.add(1, 0);
    assertThat(SvgPlot.draw(one)).contains("<circle").doesNotContain("NaN", "Infinity");
  }
}
