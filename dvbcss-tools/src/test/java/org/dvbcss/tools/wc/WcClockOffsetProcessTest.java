package org.dvbcss.tools.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.dvbcss.net.testing.UdpDelayRelay;
import org.dvbcss.tools.ToolProcesses;
import org.dvbcss.tools.ToolProcesses.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code wc-client --json} against {@code wc-server --clock-offset 3.7 --clock-drift 300}, both
 * real {@code dvbcss} processes on this machine, checked from outside: every line's {@code
 * offset_ns} is within {@code dispersion_ns} of the true offset at {@code at_ns}, directly and
 * through a path with all the delay on one leg and a route change.
 *
 * <p>Sign convention: {@code offset_ns} is the client's wall clock minus its local monotonic clock.
 * Both processes read the same CLOCK_MONOTONIC ({@code System.nanoTime()}), and the server's wall
 * clock is monotonic ns + 3.7e9 + monotonic ns &times; 300 / 10^6, so the true offset at local time
 * {@code at_ns} is {@code 3.7e9 + at_ns × 300 / 1e6} ns.
 */
class WcClockOffsetProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL = Pattern.compile("^udp://127\\.0\\.0\\.1:(\\d+)$");
  private static final double OFFSET_NANOS = 3.7e9;
  private static final double DRIFT_PPM = 300;
  private static final long ONE_LEG_NANOS = 30_000_000;

  @TempDir Path dir;

  private ToolProcesses tools;

  @BeforeEach
  void launcher() {
    tools = new ToolProcesses(dir);
  }

  @AfterEach
  void killLeftovers() {
    tools.close();
  }

  /** One line of {@code wc-client --json}, with a finite bound. */
  record Line(long atNanos, long offsetNanos, long dispersionNanos, String text) {
    double error(double offsetNanos, double driftPpm) {
      return this.offsetNanos - (offsetNanos + atNanos * driftPpm / 1e6);
    }
  }

  /**
   * The bounded lines of {@code wc-client --json} output (lines before the first measurement have
   * null offset and dispersion).
   */
  static List<Line> bounded(List<String> lines) {
    List<Line> result = new ArrayList<>();
    for (String text : lines) {
      JsonNode o = JSON.readTree(text);
      assertThat(o.has("at_ns")).as(text).isTrue();
      if (o.get("offset_ns").isNull()) {
        assertThat(o.get("dispersion_ns").isNull()).as(text).isTrue();
        continue;
      }
      result.add(
          new Line(
              o.get("at_ns").asLong(),
              o.get("offset_ns").asLong(),
              o.get("dispersion_ns").asLong(),
              text));
    }
    return result;
  }

  /**
   * The lines whose offset is further from the true offset than their bound.
   *
   * @param lines bounded lines
   * @param offsetNanos the server's clock offset at monotonic 0, ns
   * @param driftPpm the server's clock drift, ppm
   */
  static List<String> violations(List<Line> lines, double offsetNanos, double driftPpm) {
    return lines.stream()
        .filter(l -> Math.abs(l.error(offsetNanos, driftPpm)) > l.dispersionNanos())
        .map(l -> l.text() + " error " + Math.round(l.error(offsetNanos, driftPpm)))
        .toList();
  }

  private Tool startServer() throws Exception {
    return tools.start(
        "wc-server",
        "127.0.0.1",
        "0",
        "--clock-offset",
        "3.7",
        "--clock-drift",
        Double.toString(DRIFT_PPM),
        "-q");
  }

  private Tool startClient(int port, double seconds) throws Exception {
    return tools.start(
        "wc-client",
        "127.0.0.1",
        Integer.toString(port),
        "--json",
        "--interval",
        "0.1",
        "--duration",
        Double.toString(seconds),
        "-q");
  }

  private static void awaitExitZero(Tool tool) throws Exception {
    assertThat(tool.process().waitFor(ToolProcesses.WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("exited; stderr: %s", tool.stderr())
        .isTrue();
    assertThat(tool.process().exitValue()).as("stderr: %s", tool.stderr()).isZero();
  }

  @Test
  void everyLineIsWithinItsBoundOfTheTrueOffsetDirectlyAndThroughOneLegDelayWithARouteChange()
      throws Exception {
    Tool server = startServer();
    int port = Integer.parseInt(server.awaitLine(URL).group(1));

    Tool direct = startClient(port, 2.5);
    awaitExitZero(direct);
    List<Line> directLines = bounded(direct.lines());
    assertThat(directLines).hasSizeGreaterThan(10);
    assertThat(violations(directLines, OFFSET_NANOS, DRIFT_PPM)).isEmpty();
    // the offset seen is the server's, not the local clock's: 3.7 s plus the drift so far
    assertThat(Math.abs(directLines.get(0).error(OFFSET_NANOS, DRIFT_PPM))).isLessThan(5e6);

    try (UdpDelayRelay relay = new UdpDelayRelay(new InetSocketAddress("127.0.0.1", port))) {
      relay.delays(ONE_LEG_NANOS, 0); // all the delay outbound
      Tool viaRelay = startClient(relay.address().getPort(), 4);
      // midway: once the client has followed the one-leg path for a while, the route changes
      await()
          .atMost(ToolProcesses.WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> bounded(viaRelay.lines()).size() >= 12);
      relay.delays(0, ONE_LEG_NANOS); // all the delay inbound
      awaitExitZero(viaRelay);
      List<Line> lines = bounded(viaRelay.lines());
      assertThat(violations(lines, OFFSET_NANOS, DRIFT_PPM)).isEmpty();
      // the asymmetry shows: the estimate is off by about half the one-leg delay, each way
      assertThat(lines)
          .anyMatch(l -> l.error(OFFSET_NANOS, DRIFT_PPM) > ONE_LEG_NANOS * 0.4)
          .anyMatch(l -> l.error(OFFSET_NANOS, DRIFT_PPM) < -ONE_LEG_NANOS * 0.4);
    }
  }
}
