package org.dvbcss.tools.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.ManualTimeSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the demo's script on a manual time source, so no test sleeps, and reads what it printed. */
class ClocksDemoCommandTest {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "t=\\s*(\\S+) s  timeline=\\s*(\\S+)  speed=(\\S+)  child=\\s*(\\S+)  dispersion=\\s*(\\S+)"
              + " ms(?:  offset-clock=\\s*(\\S+))?");

  private final ManualTimeSource time = new ManualTimeSource(5_000_000_000L);
  private final StringWriter out = new StringWriter();

  private List<String> run(String... args) {
    ClocksDemoCommand command =
        new ClocksDemoCommand(time, deadline -> time.set(Math.max(deadline, time.nanoTime())));
    int exitCode = new CommandLine(command).setOut(new PrintWriter(out, true)).execute(args);
    assertThat(exitCode).isZero();
    return out.toString().lines().toList();
  }

  /** The sample printed at {@code t} seconds. */
  private static Matcher sampleAt(List<String> lines, double t) {
    for (String line : lines) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && Math.abs(Double.parseDouble(m.group(1)) - t) < 1e-6) {
        return m;
      }
    }
    throw new AssertionError("no sample at t=" + t + " in:\n" + String.join("\n", lines));
  }

  private static double timeline(List<String> lines, double t) {
    return Double.parseDouble(sampleAt(lines, t).group(2));
  }

  private static double dispersion(List<String> lines, double t) {
    return Double.parseDouble(sampleAt(lines, t).group(5));
  }

  @Test
  void printsASampleEveryIntervalUntilTheScriptEnds() {
    List<String> lines = run();
    assertThat(lines.stream().filter(line -> SAMPLE.matcher(line).matches())).hasSize(25);
    assertThat(lines.get(lines.size() - 1)).startsWith("t= 12.00 s");
    assertThat(time.nanoTime()).isEqualTo(17_000_000_000L);
  }

  @Test
  void explainsEachStepBeforeTheSampleThatShowsIt() {
    List<String> lines = run();
    int explanation = lines.indexOf("-> speed 2.0: the timeline now runs twice as fast");
    assertThat(explanation).isPositive();
    assertThat(lines.get(explanation + 1)).startsWith("t=  1.50 s").contains("speed=2.00");
  }

  @Test
  void normalSpeedCountsOneHundredTicksPerSecondAndTheChildTen() {
    List<String> lines = run();
    assertThat(timeline(lines, 1.0)).isCloseTo(100.0, within(0.05));
    assertThat(Double.parseDouble(sampleAt(lines, 1.0).group(4))).isCloseTo(10.0, within(0.05));
  }

  @Test
  void doubleSpeedAdvancesTwiceAsManyTicks() {
    List<String> lines = run();
    double normal = timeline(lines, 1.5) - timeline(lines, 1.0);
    double doubled = timeline(lines, 2.5) - timeline(lines, 2.0);
    assertThat(normal).isCloseTo(50.0, within(0.05));
    assertThat(doubled).isCloseTo(2 * normal, within(0.05));
  }

  @Test
  void pauseFreezesTheReading() {
    List<String> lines = run();
    assertThat(sampleAt(lines, 3.5).group(3)).isEqualTo("0.00");
    assertThat(timeline(lines, 3.5))
        .isEqualTo(timeline(lines, 3.0))
        .isEqualTo(timeline(lines, 4.0));
  }

  @Test
  void resumeContinuesFromTheFrozenReadingWithoutAJump() {
    List<String> lines = run();
    double frozen = timeline(lines, 4.0);
    assertThat(timeline(lines, 4.5)).isCloseTo(frozen, within(0.05));
    assertThat(timeline(lines, 5.0)).isCloseTo(frozen + 50, within(0.05));
  }

  @Test
  void slewGainsTenTicksPerSecond() {
    List<String> lines = run();
    assertThat(timeline(lines, 7.0) - timeline(lines, 6.0)).isCloseTo(110.0, within(0.05));
  }

  @Test
  void adjustTicksJumpsByFiftyTicks() {
    List<String> lines = run();
    assertThat(timeline(lines, 7.5) - timeline(lines, 7.0)).isCloseTo(50.0 + 50.0, within(0.05));
    assertThat(timeline(lines, 8.0) - timeline(lines, 7.5)).isCloseTo(50.0, within(0.05));
  }

  @Test
  void dispersionGrowsAfterSetError() {
    List<String> lines = run();
    assertThat(dispersion(lines, 8.0)).isLessThan(0.001);
    assertThat(dispersion(lines, 8.5)).isCloseTo(5.0, within(0.001));
    assertThat(dispersion(lines, 9.5)).isCloseTo(15.0, within(0.001));
  }

  @Test
  void offsetClockRunsFiftyTicksAhead() {
    List<String> lines = run();
    assertThat(sampleAt(lines, 9.5).group(6)).isNull();
    Matcher m = sampleAt(lines, 11.0);
    assertThat(Double.parseDouble(m.group(6)) - Double.parseDouble(m.group(2)))
        .isCloseTo(50.0, within(0.05));
  }

  @Test
  void durationStopsEarly() {
    List<String> lines = run("--duration", "2", "--interval", "1");
    assertThat(lines.stream().filter(line -> SAMPLE.matcher(line).matches())).hasSize(3);
    assertThat(time.nanoTime()).isEqualTo(7_000_000_000L);
  }

  @Test
  void nonPositiveIntervalIsAUsageError() {
    ClocksDemoCommand command = new ClocksDemoCommand(time, deadline -> {});
    CommandLine commandLine = new CommandLine(command).setErr(new PrintWriter(out, true));
    assertThat(commandLine.execute("--interval", "0")).isEqualTo(2);
    assertThat(out.toString()).contains("--interval > 0");
  }
}
