package org.dvbcss.tools.accuracy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dvbcss.tools.check.Html;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accuracy report of several runs: as JSON and as a standalone HTML page with plots.
 *
 * <p>JSON: {@code {"runs":[{"scenario":..,"algorithm":..,"samples":N,"bounded":N,"within":N,
 * "share_within":1.0,"bound_median_ms":..,"bound_p99_ms":..,"worst_error_ms":..,
 * "worst_ratio":..,"first_bound_s":..,"convergence_s":..,"requests_per_second":..,
 * "honest":true,"route":{...},"series":[[t_s,error_ms,bound_ms],...]}],"honest":true}}}; the series
 * has one point per 100 ms (the largest |error| of the window with its sign, and the smallest
 * bound), non-finite values as null.
 *
 * <p>Thread safe (stateless).
 */
final class AccuracyReport {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private AccuracyReport() {}

  /**
   * Whether every run of the report was honest.
   *
   * @param results the runs
   * @return true if every bounded sample of every run was within its bound
   */
  static boolean honest(List<AccuracyRun.Result> results) {
    return results.stream().allMatch(r -> r.stats().honest());
  }

  /**
   * The report as JSON text.
   *
   * @param results the runs
   * @return the JSON
   */
  static String json(List<AccuracyRun.Result> results) {
    List<Object> runs = new ArrayList<>();
    for (AccuracyRun.Result r : results) {
      AccuracyStats s = r.stats();
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("scenario", r.scenario());
      o.put("algorithm", r.algorithm());
      o.put("samples", s.samples());
      o.put("bounded", s.bounded());
      o.put("within", s.within());
      o.put("share_within", s.shareWithin());
      o.put("bound_median_ms", ms(s.boundMedian()));
      o.put("bound_p99_ms", ms(s.boundP99()));
      o.put("worst_error_ms", ms(s.worstError()));
      o.put("worst_ratio", finite(s.worstRatio()));
      o.put("first_bound_s", finite(s.firstBoundSeconds()));
      o.put("convergence_s", finite(s.convergenceSeconds()));
      o.put("requests_per_second", finite(r.requestsPerSecond()));
      o.put("honest", s.honest());
      o.put("route", r.routeCounters());
      PlayerStats p = r.player();
      if (p != null) {
        Map<String, Object> player = new LinkedHashMap<>();
        player.put("target_ms", ms(p.targetSeconds()));
        player.put("samples", p.samples());
        player.put("within", p.within());
        player.put("share_within", p.shareWithin());
        player.put("convergence_s", finite(p.convergenceSeconds()));
        player.put("worst_error_ms", ms(p.worstErrorSeconds()));
        player.put("seeks", p.seeks());
        o.put("player", player);
      }
      o.put("series", series(r.samples(), 0.1));
      runs.add(o);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("runs", runs);
    root.put("honest", honest(results));
    return MAPPER.writeValueAsString(root);
  }

  /**
   * One point per window of {@code windowSeconds} (windows on a grid from 0): its start, the
   * largest |error| of the window (signed) and the smallest bound, in ms, so that a sample outside
   * its bound is never hidden by the reduction.
   */
  static List<List<Object>> series(List<AccuracySample> samples, double windowSeconds) {
    List<List<Object>> out = new ArrayList<>();
    long window = Long.MIN_VALUE;
    double error = Double.NaN;
    double bound = Double.NaN;
    for (AccuracySample s : samples) {
      long w = (long) Math.floor(s.atSeconds() / windowSeconds + 1e-9);
      if (w != window) {
        if (window != Long.MIN_VALUE) {
          out.add(point(window * windowSeconds, error, bound));
        }
        window = w;
        error = Double.NaN;
        bound = Double.NaN;
      }
      if (Double.isFinite(s.errorSeconds())
          && (Double.isNaN(error) || Math.abs(s.errorSeconds()) > Math.abs(error))) {
        error = s.errorSeconds();
      }
      if (!Double.isNaN(s.boundSeconds()) && (Double.isNaN(bound) || s.boundSeconds() < bound)) {
        bound = s.boundSeconds();
      }
    }
    if (window != Long.MIN_VALUE) {
      out.add(point(window * windowSeconds, error, bound));
    }
    return out;
  }

  private static List<Object> point(double atSeconds, double error, double bound) {
    List<Object> point = new ArrayList<>(3);
    point.add(round(atSeconds, 3));
    point.add(ms(error));
    point.add(ms(bound));
    return point;
  }

  /**
   * The report as a standalone HTML page: a summary table (one row per run, a failed row in red),
   * the bound against the request rate, and each run's error and bound over time.
   *
   * @param results the runs
   * @param title the page's title
   * @return the HTML
   */
  static String html(List<AccuracyRun.Result> results, String title) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(title))
        .append("</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:64em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}td:first-child,td:nth-child(2){text-align:left}")
        .append(".fail{background:#fdd}.pass{background:#efe}")
        .append("</style></head><body><h1>")
        .append(Html.escape(title))
        .append("</h1><p>")
        .append(
            honest(results)
                ? "Every sample of every run was within the bound the companion reported."
                : "<strong>Some samples were outside the bound the companion reported.</strong>")
        .append("</p><table><tr><th>scenario</th><th>algorithm</th><th>within bound</th>")
        .append("<th>bound median</th><th>bound p99</th><th>worst |error|</th>")
        .append("<th>first bound</th><th>converged</th><th>WC requests/s</th></tr>");
    for (AccuracyRun.Result r : results) {
      AccuracyStats s = r.stats();
      b.append("<tr class=\"")
          .append(s.honest() ? "pass" : "fail")
          .append("\"><td>")
          .append(Html.escape(r.scenario()))
          .append("</td><td>")
          .append(Html.escape(r.algorithm()))
          .append("</td><td>")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.3f %% (%d of %d)",
                  100 * s.shareWithin(),
                  s.within(),
                  s.bounded()))
          .append("</td><td>")
          .append(msText(s.boundMedian()))
          .append("</td><td>")
          .append(msText(s.boundP99()))
          .append("</td><td>")
          .append(msText(s.worstError()))
          .append("</td><td>")
          .append(secondsText(s.firstBoundSeconds()))
          .append("</td><td>")
          .append(secondsText(s.convergenceSeconds()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", r.requestsPerSecond()))
          .append("</td></tr>");
    }
    b.append("</table><h2>Bound against request rate</h2>").append(Plots.boundAgainstRate(results));
    for (AccuracyRun.Result r : results) {
      b.append("<h2>")
          .append(Html.escape(r.scenario() + " — " + r.algorithm()))
          .append("</h2>")
          .append(Plots.errorAndBound(r.samples(), r.scenario() + ", " + r.algorithm()));
      PlayerStats p = r.player();
      if (p != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "<p>simulated player: within %.0f ms of the TV for %.2f %% of %d samples from"
                    + " %.2f s on (when it first came within it); worst error %.3f ms; %d"
                    + " seeks</p>",
                p.targetSeconds() * 1e3,
                100 * p.shareWithin(),
                p.samples(),
                p.convergenceSeconds(),
                p.worstErrorSeconds() * 1e3,
                p.seeks()));
      }
      if (!r.routeCounters().isEmpty()) {
        b.append("<p>route: ").append(Html.escape(r.routeCounters().toString())).append("</p>");
      }
    }
    return b.append("</body></html>\n").toString();
  }

  private static Object ms(double seconds) {
    return finite(seconds * 1e3);
  }

  private static Object finite(double value) {
    return Double.isFinite(value) ? round(value, 6) : null;
  }

  private static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  private static String msText(double seconds) {
    return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.3f ms", seconds * 1e3) : "—";
  }

  private static String secondsText(double seconds) {
    return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.2f s", seconds) : "—";
  }
}
