package org.dvbcss.tools.check;

import static org.dvbcss.tools.check.Html.escape;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dvbcss.companion.check.Area;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.companion.check.Series;
import org.dvbcss.companion.check.Status;

/**
 * The HTML form of a check: one standalone page (inline CSS, no scripts, nothing fetched) with the
 * heading, a table of the counts of each status, the results grouped by protocol (status in colour,
 * observed, expected, source, evidence) and each measured {@link Series} as an inline SVG plot.
 *
 * <p>Every piece of text, and above all what the TV sent, is escaped: nothing from the TV can add
 * markup. Thread safe (stateless).
 */
public final class HtmlReport {
  private static final String CSS =
      """
      body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
      h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
      table{border-collapse:collapse;margin:.5em 0}
      th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
      th{background:#f2f2f2}
      td.PASS{background:#d8f0d8}td.FAIL{background:#f7c9c9;font-weight:bold}
      td.WARN{background:#fbe8b0}td.INFO{background:#dde8f5}
      code,.ev{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
      .ev{margin:0;padding:0;list-style:none}
      figure{margin:1em 0}figcaption{font-size:.95em;margin-bottom:.3em}
      """;

  private HtmlReport() {}

  /**
   * The page.
   *
   * @param report the report
   * @return a complete HTML document
   */
  public static String render(CheckReport report) {
    StringBuilder b = new StringBuilder(16_384);
    String title = "dvbcss check of " + report.target();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    b.append("<h1>").append(escape(title)).append("</h1>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<p>Started %s, took %.1f s. %s</p>\n",
            escape(report.startedAt().truncatedTo(ChronoUnit.SECONDS).toString()),
            report.elapsedNanos() / 1e9,
            report.reached()
                ? ""
                : "<strong>The TV was not reached: its CSS-CII endpoint sent no first"
                    + " message.</strong>"));
    summary(b, report.summary());
    for (Area area : Area.values()) {
      List<RuleResult> results =
          report.results().stream().filter(r -> r.rule().area() == area).toList();
      if (results.isEmpty()) {
        continue;
      }
      b.append("<h2>").append(escape(area.label().toUpperCase(Locale.ROOT))).append("</h2>\n");
      b.append(
          "<table>\n<tr><th>status</th><th>rule</th><th>observed</th><th>expected</th>"
              + "<th>source</th><th>evidence</th></tr>\n");
      for (RuleResult r : results) {
        row(b, r);
      }
      b.append("</table>\n");
    }
    if (!report.series().isEmpty()) {
      b.append("<h2>Measurements</h2>\n");
      for (Series s : report.series()) {
        b.append("<figure>\n<figcaption>")
            .append(escape(s.name()))
            .append(" (")
            .append(escape(s.unit()))
            .append("), evidence for <code>")
            .append(escape(s.ruleId()))
            .append("</code>, ")
            .append(s.points().size())
            .append(" points</figcaption>\n")
            .append(SvgPlot.draw(s))
            .append("\n</figure>\n");
      }
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void summary(StringBuilder b, CheckReport.Summary s) {
    b.append("<table>\n<tr><th>status</th><th>results</th></tr>\n");
    count(b, Status.PASS, s.pass());
    count(b, Status.FAIL, s.fail());
    count(b, Status.WARN, s.warn());
    count(b, Status.INFO, s.info());
    b.append("</table>\n");
  }

  private static void count(StringBuilder b, Status status, int n) {
    b.append("<tr><td class=\"")
        .append(status.label())
        .append("\">")
        .append(status.label())
        .append("</td><td>")
        .append(n)
        .append("</td></tr>\n");
  }

  private static void row(StringBuilder b, RuleResult r) {
    b.append("<tr><td class=\"")
        .append(r.status().label())
        .append("\">")
        .append(r.status().label())
        .append("</td><td><code>")
        .append(escape(r.id()))
        .append("</code><br>")
        .append(escape(r.rule().statement()))
        .append("</td><td>")
        .append(escape(r.message()))
        .append("</td><td>")
        .append(escape(r.expected()))
        .append("</td><td>")
        .append(escape(r.rule().source()))
        .append("</td><td>");
    if (!r.evidence().isEmpty()) {
      b.append("<ul class=\"ev\">");
      for (Map.Entry<String, Object> e : r.evidence().entrySet()) {
        Object v = e.getValue();
        b.append("<li>")
            .append(escape(e.getKey()))
            .append(": ")
            .append(escape(v instanceof String s ? s : JsonReport.compact(v)))
            .append("</li>");
      }
      b.append("</ul>");
    }
    b.append("</td></tr>\n");
  }
}
