package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code --clock-offset} and {@code --clock-drift}: parsing, the clock they make, what is declared.
 */
class ClockOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin ClockOptions clock;

    @Override
    public void run() {}
  }

  private static ClockOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.clock;
  }

  @Test
  void theDefaultsLeaveTheMonotonicClockAsItIs() {
    ClockOptions options = parse();
    SysClock monotonic = new SysClock();

    assertThat(options.isSet()).isFalse();
    assertThat(options.wallClock(monotonic)).isSameAs(monotonic);
    assertThat(options.declaredMaxFreqErrorPpm(500)).isEqualTo(500);
  }

  @Test
  void theWallClockIsMonotonicPlusOffsetPlusDriftTimesMonotonic() {
    ClockOptions options = parse("--clock-offset", "3.7", "--clock-drift", "-300");
    SysClock monotonic = new SysClock();
    Clock wall = options.wallClock(monotonic);

    double at = 1e15; // about 11.6 days of uptime, in ns
    assertThat(wall.fromParentTicks(at)).isCloseTo(at + 3.7e9 - at * 300 / 1e6, within(1.0));
    assertThat(wall.tickRate()).isEqualTo(1e9);
    assertThat(options.declaredMaxFreqErrorPpm(500)).isEqualTo(800);
    assertThat(options.offsetSeconds()).isEqualTo(3.7);
    assertThat(options.driftPpm()).isEqualTo(-300);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--clock-offset=NaN",
        "--clock-offset=Infinity",
        "--clock-drift=-1000000",
        "--clock-drift=-Infinity",
        "--clock-drift=NaN"
      })
  void aValueOutOfRangeIsAUsageErrorOfEveryCommandThatTakesIt(String option) {
    for (String command : List.of("wc-server", "ts-server")) {
      CommandRun run = new CommandRun();
      assertThat(run.execute(command, "127.0.0.1", "0", option)).as(command).isEqualTo(2);
      assertThat(run.err.toString()).contains(option.substring(0, option.indexOf('=')));
    }
  }

  /**
   * ts-server's CSS-WC server serves the offset, drifting clock and declares a frequency error that
   * covers the drift: a client's every line holds the true offset within its bound.
   */
  @Test
  void tsServerServesTheOffsetDriftingClockOnCssWc() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "ts-server",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--clock-offset",
            "-2.5",
            "--clock-drift",
            "800",
            "--duration",
            "4",
            "-q");
    Matcher url = server.awaitOutput(Pattern.compile("udp://127\\.0\\.0\\.1:(\\d+)"));

    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "wc-client",
                "127.0.0.1",
                url.group(1),
                "--json",
                "--interval",
                "0.1",
                "--duration",
                "1.5",
                "-q"))
        .as(client.err.toString())
        .isZero();
    List<String> lines = client.out.toString().lines().toList();
    int bounded = 0;
    for (String line : lines) {
      JsonNode o = JSON.readTree(line);
      if (o.get("offset_ns").isNull()) {
        continue;
      }
      bounded++;
      double truth = -2.5e9 + o.get("at_ns").asLong() * 800 / 1e6;
      assertThat(Math.abs(o.get("offset_ns").asLong() - truth))
          .as(line)
          .isLessThanOrEqualTo(o.get("dispersion_ns").asDouble());
    }
    assertThat(bounded).isGreaterThan(5);
    assertThat(serving.get()).isZero();
  }
}
