package org.dvbcss.tools.accuracy;

import java.util.List;
import java.util.Locale;
import org.dvbcss.tools.check.Html;

/**
 * Small inline SVG plots for the accuracy report, on a logarithmic vertical axis (errors and bounds
 * span microseconds to seconds).
 *
 * <p>Thread safe (stateless).
 */
final class Plots {
  static final int WIDTH = 720;
  static final int HEIGHT = 260;
  private static final int LEFT = 70;
  private static final int RIGHT = 14;
  private static final int TOP = 16;
  private static final int BOTTOM = 42;
  private static final double FLOOR = 1e-6;

  private Plots() {}

  /**
   * The error and the bound of one run over time: the bound as a line, |error| as a line below it;
   * a sample outside its bound as a red dot. Values are in seconds, drawn in milliseconds; values
   * under 1 µs are drawn at 1 µs. Samples are reduced to one per {@code columns} pixel column (the
   * largest |error| and the smallest bound of the column, so a violation is never hidden).
   *
   * @param samples the run's samples
   * @param title the plot's accessible name
   * @return an {@code <svg>} element
   */
  static String errorAndBound(List<AccuracySample> samples, String title) {
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int columns = x1 - x0;
    double tEnd =
        samples.isEmpty() ? 1 : Math.max(1e-9, samples.get(samples.size() - 1).atSeconds());
    double[] worstError = new double[columns];
    double[] leastBound = new double[columns];
    boolean[] violated = new boolean[columns];
    java.util.Arrays.fill(worstError, Double.NaN);
    java.util.Arrays.fill(leastBound, Double.NaN);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (AccuracySample s : samples) {
      if (!s.bounded()) {
        continue;
      }
      int c = Math.min(columns - 1, (int) (s.atSeconds() / tEnd * columns));
      double e = Math.max(FLOOR, Math.abs(s.errorSeconds()));
      double b = Math.max(FLOOR, s.boundSeconds());
      worstError[c] = Double.isNaN(worstError[c]) ? e : Math.max(worstError[c], e);
      leastBound[c] = Double.isNaN(leastBound[c]) ? b : Math.min(leastBound[c], b);
      violated[c] |= !s.withinBound();
      lo = Math.min(lo, Math.min(e, b));
      hi = Math.max(hi, Math.max(e, b));
    }
    StringBuilder svg = open(title);
    if (lo > hi) {
      svg.append(text(WIDTH / 2, HEIGHT / 2, "middle", "no bounded samples"));
      return svg.append("</svg>").toString();
    }
    double logLo = Math.floor(Math.log10(lo));
    double logHi = Math.max(logLo + 1, Math.ceil(Math.log10(hi)));
    axes(svg, logLo, logHi, tEnd, "s since start");
    svg.append(polyline(leastBound, logLo, logHi, "#1f5fbf"));
    svg.append(polyline(worstError, logLo, logHi, "#d9822b"));
    for (int c = 0; c < columns; c++) {
      if (violated[c]) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%d\" cy=\"%.1f\" r=\"3\" fill=\"#c00\"/>",
                x0 + c,
                y(worstError[c], logLo, logHi)));
      }
    }
    legend(svg, new String[] {"bound", "|error|"}, new String[] {"#1f5fbf", "#d9822b"});
    return svg.append("</svg>").toString();
  }

  /**
   * One point per run: requests per second across (linear), the median bound up (log).
   *
   * @param results the runs
   * @return an {@code <svg>} element
   */
  static String boundAgainstRate(List<AccuracyRun.Result> results) {
    StringBuilder svg = open("median bound against CSS-WC requests per second");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double maxRate = 0;
    for (AccuracyRun.Result r : results) {
      double m = r.stats().boundMedian();
      if (Double.isFinite(m)) {
        lo = Math.min(lo, Math.max(FLOOR, m));
        hi = Math.max(hi, Math.max(FLOOR, m));
        maxRate = Math.max(maxRate, r.requestsPerSecond());
      }
    }
    if (lo > hi) {
      svg.append(text(WIDTH / 2, HEIGHT / 2, "middle", "no bounded runs"));
      return svg.append("</svg>").toString();
    }
    double logLo = Math.floor(Math.log10(lo));
    double logHi = Math.max(logLo + 1, Math.ceil(Math.log10(hi)));
    double xMax = Math.max(1, Math.ceil(maxRate * 1.1));
    axes(svg, logLo, logHi, xMax, "CSS-WC requests per second");
    List<String> algorithms =
        results.stream().map(AccuracyRun.Result::algorithm).distinct().toList();
    for (AccuracyRun.Result r : results) {
      double m = r.stats().boundMedian();
      if (!Double.isFinite(m)) {
        continue;
      }
      double x = LEFT + r.requestsPerSecond() / xMax * (WIDTH - RIGHT - LEFT);
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s, %s</title></circle>",
              x,
              y(Math.max(FLOOR, m), logLo, logHi),
              colour(algorithms.indexOf(r.algorithm())),
              Html.escape(r.scenario()),
              Html.escape(r.algorithm())));
    }
    String[] colours = new String[algorithms.size()];
    for (int i = 0; i < colours.length; i++) {
      colours[i] = colour(i);
    }
    legend(svg, algorithms.toArray(String[]::new), colours);
    return svg.append("</svg>").toString();
  }

  private static String colour(int i) {
    String[] palette = {"#1f5fbf", "#d9822b", "#2a9d4b", "#8e44ad", "#555555"};
    return palette[Math.floorMod(i, palette.length)];
  }

  private static StringBuilder open(String title) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\""
                + " font-size=\"11\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            Html.escape(title)));
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>",
            LEFT,
            TOP,
            WIDTH - RIGHT - LEFT,
            HEIGHT - BOTTOM - TOP));
    return b;
  }

  private static void axes(
      StringBuilder b, double logLo, double logHi, double xMax, String xLabel) {
    for (int p = (int) logLo; p <= (int) logHi; p++) {
      double yy = TOP + (logHi - p) / (logHi - logLo) * (HEIGHT - BOTTOM - TOP);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
              LEFT,
              WIDTH - RIGHT,
              yy,
              yy));
      b.append(text(LEFT - 4, (int) yy + 4, "end", millis(Math.pow(10, p))));
    }
    b.append(text(LEFT, HEIGHT - BOTTOM + 14, "start", "0"));
    b.append(
        text(WIDTH - RIGHT, HEIGHT - BOTTOM + 14, "end", String.format(Locale.ROOT, "%.0f", xMax)));
    b.append(text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, "middle", xLabel));
  }

  private static String millis(double seconds) {
    double ms = seconds * 1e3;
    return ms >= 1
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%s ms", Double.toString(ms).replaceAll("0+$", ""));
  }

  private static void legend(StringBuilder b, String[] names, String[] colours) {
    int x = LEFT + 8;
    for (int i = 0; i < names.length; i++) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              x,
              TOP + 6,
              colours[i]));
      b.append(text(x + 14, TOP + 15, "start", names[i]));
      x += 24 + 7 * names[i].length();
    }
  }

  private static String polyline(double[] values, double logLo, double logHi, String colour) {
    StringBuilder points = new StringBuilder();
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < values.length; c++) {
      if (Double.isNaN(values[c])) {
        flush(out, points, colour);
        continue;
      }
      points.append(String.format(Locale.ROOT, "%d,%.1f ", LEFT + c, y(values[c], logLo, logHi)));
    }
    flush(out, points, colour);
    return out.toString();
  }

  private static void flush(StringBuilder out, StringBuilder points, String colour) {
    if (points.length() > 0) {
      out.append("<polyline fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"1.5\" points=\"")
          .append(points.toString().trim())
          .append("\"/>");
      points.setLength(0);
    }
  }

  private static double y(double value, double logLo, double logHi) {
    double l = Math.log10(Math.max(FLOOR, value));
    return TOP + (logHi - l) / (logHi - logLo) * (HEIGHT - BOTTOM - TOP);
  }

  private static String text(int x, int y, String anchor, String s) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        Html.escape(s));
  }
}
