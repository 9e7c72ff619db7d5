package org.dvbcss.tools.check;

import java.util.List;
import java.util.Locale;
import org.dvbcss.companion.check.Series;

/**
 * Draws a {@link Series} as a small inline SVG line plot: seconds since the check started across,
 * the series' unit up, with the minimum and maximum of each axis labelled and a dot per point.
 * Non-finite values are left out. An empty series gives a frame saying "no measurements".
 *
 * <p>Thread safe (stateless).
 */
final class SvgPlot {
  static final int WIDTH = 640;
  static final int HEIGHT = 220;
  private static final int LEFT = 78;
  private static final int RIGHT = 16;
  private static final int TOP = 14;
  private static final int BOTTOM = 40;

  private SvgPlot() {}

  /**
   * The plot.
   *
   * @param series the measurements
   * @return an {@code <svg>} element
   */
  static String draw(Series series) {
    List<Series.Point> points =
        series.points().stream()
            .filter(p -> Double.isFinite(p.atSeconds()) && Double.isFinite(p.value()))
            .toList();
    String unit = Html.escape(series.unit());
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            Html.escape(series.name() + " (" + series.unit() + ")")));
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = HEIGHT - BOTTOM;
    int y1 = TOP;
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>",
            x0,
            y1,
            x1 - x0,
            y0 - y1));
    if (points.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">no measurements</text>",
              (x0 + x1) / 2,
              (y0 + y1) / 2));
      return b.append("</svg>").toString();
    }
    double tMin = points.stream().mapToDouble(Series.Point::atSeconds).min().orElseThrow();
    double tMax = points.stream().mapToDouble(Series.Point::atSeconds).max().orElseThrow();
    double vMin = points.stream().mapToDouble(Series.Point::value).min().orElseThrow();
    double vMax = points.stream().mapToDouble(Series.Point::value).max().orElseThrow();
    double tSpan = tMax > tMin ? tMax - tMin : 1;
    double vSpan = vMax > vMin ? vMax - vMin : Math.max(Math.abs(vMax), 1) * 0.1;
    double vLow = vMax > vMin ? vMin : vMin - vSpan / 2;
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (Series.Point p : points) {
      double x = x0 + (p.atSeconds() - tMin) / tSpan * (x1 - x0);
      double y = y0 - (p.value() - vLow) / vSpan * (y0 - y1);
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      if (points.size() <= 200) {
        dots.append(
            String.format(
                Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#2a6fb0\"/>", x, y));
      }
    }
    if (points.size() > 1) {
      b.append("<polyline fill=\"none\" stroke=\"#2a6fb0\" stroke-width=\"1.5\" points=\"")
          .append(line.toString().strip())
          .append("\"/>");
    }
    b.append(dots);
    // the axes' extremes
    b.append(label(x0 - 6, y1 + 4, "end", number(vMax) + " " + unit));
    b.append(label(x0 - 6, y0, "end", number(vMin) + " " + unit));
    b.append(label(x0, y0 + 16, "start", number(tMin) + " s"));
    b.append(label(x1, y0 + 16, "end", number(tMax) + " s"));
    b.append(label((x0 + x1) / 2, y0 + 32, "middle", "seconds since the check started"));
    return b.append("</svg>").toString();
  }

  private static String label(int x, int y, String anchor, String escapedText) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"11\">%s</text>",
        x,
        y,
        anchor,
        escapedText);
  }

  /** A number with about four significant digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
