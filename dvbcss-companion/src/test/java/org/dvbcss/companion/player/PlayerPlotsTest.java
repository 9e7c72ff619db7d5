package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Draws the plots of docs/player-sync.md from seeded simulations (the same every run) into
 * docs/images: the true error of the simulated player converging from a 5 s offset, holding through
 * the half-hour run, and around a TV speed change.
 */
class PlayerPlotsTest {
  private static final Path IMAGES = Path.of("..", "docs", "images");

  /** A line plot: x seconds, y milliseconds clipped to ±clip, min and max per pixel column. */
  static String svg(String title, List<double[]> points, double clipMs, String yLabel) {
    int w = 720;
    int h = 260;
    int left = 60;
    int right = 10;
    int top = 28;
    int bottom = 36;
    double x0 = points.get(0)[0];
    double x1 = points.get(points.size() - 1)[0];
    int cols = w - left - right;
    double[] lo = new double[cols];
    double[] hi = new double[cols];
    java.util.Arrays.fill(lo, Double.NaN);
    java.util.Arrays.fill(hi, Double.NaN);
    for (double[] p : points) {
      if (!Double.isFinite(p[1])) {
        continue;
      }
      int c = (int) Math.min(cols - 1, Math.floor((p[0] - x0) / (x1 - x0) * cols));
      double v = Math.max(-clipMs, Math.min(clipMs, p[1]));
      lo[c] = Double.isNaN(lo[c]) ? v : Math.min(lo[c], v);
      hi[c] = Double.isNaN(hi[c]) ? v : Math.max(hi[c], v);
    }
    double plotH = h - top - bottom;
    java.util.function.DoubleUnaryOperator y = v -> top + (clipMs - v) / (2 * clipMs) * plotH;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
            w,
            h,
            w,
            h));
    b.append(
        String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", w, h));
    b.append(
        String.format(
            Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>%n", left, title));
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
            left,
            top,
            cols,
            plotH));
    // the target band: ±10 ms
    for (double t : new double[] {10, -10}) {
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2a2\""
                  + " stroke-dasharray=\"4 3\"/>%n",
              left,
              left + cols,
              y.applyAsDouble(t),
              y.applyAsDouble(t)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>%n",
            left,
            left + cols,
            y.applyAsDouble(0),
            y.applyAsDouble(0)));
    for (double t : new double[] {clipMs, 10, 0, -10, -clipMs}) {
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              left - 4,
              y.applyAsDouble(t) + 4,
              String.format(Locale.ROOT, "%+.0f ms", t)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">%.0f s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f"
                + " s</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            left,
            h - 20,
            x0,
            left + cols,
            h - 20,
            x1,
            left + cols / 2,
            h - 6,
            yLabel));
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cols; c++) {
      if (Double.isNaN(lo[c])) {
        continue;
      }
      line.append(String.format(Locale.ROOT, "%d,%.1f ", left + c, y.applyAsDouble(lo[c])));
      if (hi[c] != lo[c]) {
        line.append(String.format(Locale.ROOT, "%d,%.1f ", left + c, y.applyAsDouble(hi[c])));
      }
    }
    b.append("<polyline fill=\"none\" stroke=\"#c22\" stroke-width=\"1\" points=\"")
        .append(line.toString().strip())
        .append("\"/>\n</svg>\n");
    return b.toString();
  }

  private static void write(String name, String svg) throws IOException {
    Files.createDirectories(IMAGES);
    Files.writeString(IMAGES.resolve(name), svg, StandardCharsets.UTF_8);
  }

  @Test
  void drawsConvergingHoldingAndASpeedChange() throws IOException {
    // converging from 5 s behind
    SyncSimulation sim = SyncSimulation.typical(1);
    sim.tvSeek(5);
    List<double[]> converge = new ArrayList<>();
    for (int i = 1; i <= 600; i++) {
      sim.step(PlayerSynchroniserRunTest.STEP);
      converge.add(new double[] {i * 0.01, sim.trueError() * 1e3});
    }
    String a =
        svg(
            "Converging from 5 s behind (seek, then rate): true error, clipped to ±100 ms",
            converge,
            100,
            "seconds since start; dashed: the 10 ms target");
    write("player-converge.svg", a);

    // the half-hour run
    SyncSimulation run = SyncSimulation.typical(1);
    List<double[]> trace = new ArrayList<>();
    PlayerSynchroniserRunTest.Figures f =
        PlayerSynchroniserRunTest.run(run, 1800, PlayerSynchroniserRunTest.SCRIPT, trace);
    List<double[]> hold = new ArrayList<>();
    List<double[]> speed = new ArrayList<>();
    for (double[] p : trace) {
      hold.add(new double[] {p[0], p[1] * 1e3});
      if (p[0] >= 1198 && p[0] <= 1206) {
        speed.add(new double[] {p[0], p[1] * 1e3});
      }
    }
    String b =
        svg(
            String.format(
                Locale.ROOT,
                "30 minutes: pause, seeks, speed 2 and back, a stall; %.2f %% of samples within"
                    + " 10 ms",
                f.share() * 100),
            hold,
            100,
            "seconds; min and max per column; dashed: the 10 ms target");
    write("player-hold.svg", b);
    String c =
        svg(
            "TV speed 1 to 2 at 1200 s: the dead time and latency, then a 5 % rate correction",
            speed, 100, "seconds");
    write("player-speed.svg", c);
    assertThat(List.of(a, b, c)).allSatisfy(s -> assertThat(s).contains("<polyline", "ms"));
    assertThat(f.share()).isGreaterThanOrEqualTo(0.99);
  }
}
