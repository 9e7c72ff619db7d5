package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dvbcss.companion.CompanionConfig;
import org.dvbcss.protocol.wc.Burst;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.MostRecent;
import org.dvbcss.protocol.wc.TargetErrorPacing;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --target-error}, {@code --max-rate} and {@code --burst}: parsing, wrapping, and wc-client
 * with them.
 */
class TargetErrorOptionsTest {
  private static final TargetErrorOptions.DurationConverter CONVERT =
      new TargetErrorOptions.DurationConverter();

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("1ms", 1_000_000L),
        Arguments.of("0.2ms", 200_000L),
        Arguments.of("200us", 200_000L),
        Arguments.of("200µs", 200_000L),
        Arguments.of("100US", 100_000L),
        Arguments.of("0.001s", 1_000_000L),
        Arguments.of(" 2 s ", 2_000_000_000L),
        Arguments.of("0.5", 500_000_000L),
        Arguments.of(".25ms", 250_000L),
        Arguments.of("1500ns", 1_500L),
        Arguments.of("0.0000004s", 400L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void readsADurationWithItsUnit(String text, long nanos) {
    assertThat(CONVERT.convert(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "ms", "abc", "-1ms", "0", "0ms", "0.0000000001s", "1 min", "1e-3s"})
  void refusesWhatIsNotAPositiveDuration(String text) {
    assertThatThrownBy(() -> CONVERT.convert(text)).isInstanceOf(TypeConversionException.class);
  }

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin TargetErrorOptions options;

    @Override
    public void run() {}
  }

  private static TargetErrorOptions parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p.options;
  }

  @Test
  void withoutATargetTheAlgorithmIsUnchanged() {
    TargetErrorOptions o = parse();
    assertThat(o.targetError()).isNull();
    assertThat(o.problem()).isNull();
    WallClockAlgorithm alg = new LowestDispersion();
    assertThat(o.wrap(alg)).isSameAs(alg);
    CompanionConfig c = CompanionConfig.defaults();
    assertThat(o.wrap(c)).isSameAs(c);
    assertThat(o.describe()).isEmpty();
  }

  @Test
  void aTargetWrapsTheAlgorithmWithTheGivenRate() {
    TargetErrorOptions o = parse("--target-error", "0.2ms", "--max-rate", "8");
    assertThat(o.problem()).isNull();
    WallClockAlgorithm inner = new MostRecent();
    TargetErrorPacing p = (TargetErrorPacing) o.wrap(inner);
    assertThat(p.inner()).isSameAs(inner);
    assertThat(p.targetSeconds()).isEqualTo(0.2e-3);
    assertThat(p.minIntervalNanos()).isEqualTo(125_000_000L);
    assertThat(p.maxIntervalNanos()).isEqualTo(TargetErrorPacing.DEFAULT_MAX_INTERVAL.toNanos());
    assertThat(o.describe()).isEqualTo(", target error 0.2 ms at most 8 requests/s");
  }

  @Test
  void aCompanionsWallClockAlgorithmIsWrappedEachTimeOneIsMade() {
    TargetErrorOptions o = parse("--target-error", "1ms");
    assertThat(o.maxRate()).isEqualTo(TargetErrorPacing.DEFAULT_MAX_RATE);
    CompanionConfig wrapped = o.wrap(CompanionConfig.defaults());
    WallClockAlgorithm a = wrapped.wallClock().algorithm().get();
    WallClockAlgorithm b = wrapped.wallClock().algorithm().get();
    assertThat(a).isInstanceOf(TargetErrorPacing.class).isNotSameAs(b);
    assertThat(((TargetErrorPacing) a).inner()).isInstanceOf(LowestDispersion.class);
    assertThat(((TargetErrorPacing) a).inner()).isNotSameAs(((TargetErrorPacing) b).inner());
    assertThat(wrapped.readMode()).isEqualTo(CompanionConfig.defaults().readMode());
  }

  @Test
  void aBurstWrapsOutsideThePacingSoThatPolls() {
    TargetErrorOptions o = parse("--target-error", "0.1ms", "--burst", "3");
    assertThat(o.problem()).isNull();
    assertThat(o.burst()).isEqualTo(3);
    WallClockAlgorithm inner = new LowestDispersion();
    Burst b = (Burst) o.wrap(inner);
    assertThat(b.count()).isEqualTo(3);
    assertThat(((TargetErrorPacing) b.inner()).inner()).isSameAs(inner);
    assertThat(o.describe()).isEqualTo(", target error 0.1 ms at most 20 polls/s, bursts of 3");

    TargetErrorOptions plain = parse("--burst", "2");
    Burst c = (Burst) plain.wrap(inner);
    assertThat(c.inner()).isSameAs(inner);
    assertThat(plain.describe()).isEqualTo(", bursts of 2");
    WallClockAlgorithm made = plain.wrap(CompanionConfig.defaults()).wallClock().algorithm().get();
    assertThat(made).isInstanceOf(Burst.class);
    assertThat(((Burst) made).inner()).isInstanceOf(LowestDispersion.class);
  }

  @ParameterizedTest(name = "--burst {0}")
  @ValueSource(strings = {"0", "-1", "17"})
  void aBurstOutsideOneToSixteenIsAProblem(String n) {
    assertThat(parse("--burst", n).problem()).isEqualTo("--burst must be 1 to 16, was " + n);
  }

  @ParameterizedTest(name = "--max-rate {0}")
  @ValueSource(strings = {"0", "-3", "NaN", "Infinity", "0.05"})
  void aBadMaxRateIsAProblem(String rate) {
    assertThat(parse("--target-error", "1ms", "--max-rate", rate).problem())
        .startsWith("--max-rate must be");
  }

  @Test
  void wcClientAndCompanionRefuseBadValuesAsUsageErrors() {
    CommandRun a = new CommandRun();
    assertThat(a.execute("wc-client", "127.0.0.1", "6677", "--target-error", "soon")).isEqualTo(2);
    assertThat(a.err.toString()).contains("not a duration");
    CommandRun b = new CommandRun();
    assertThat(
            b.execute("wc-client", "127.0.0.1", "6677", "--target-error", "1ms", "--max-rate", "0"))
        .isEqualTo(2);
    assertThat(b.err.toString()).contains("--max-rate must be");
    CommandRun c = new CommandRun();
    assertThat(
            c.execute(
                "companion", "ws://127.0.0.1:1/cii", "--target-error", "1ms", "--max-rate", "-1"))
        .isEqualTo(2);
    assertThat(c.err.toString()).contains("--max-rate must be");
  }

  @Test
  void wcClientPollsAdaptivelyAndShowsItsRequestRate() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "6", "-q");
    String port = server.awaitOutput(Pattern.compile("udp://127\\.0\\.0\\.1:(\\d+)")).group(1);
    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "wc-client", "127.0.0.1", port, "--target-error", "1ms", "--duration", "3.5"))
        .as(client.err.toString())
        .isZero();
    String out = client.out.toString();
    assertThat(out).contains("target error 1 ms at most 20 requests/s");
    // the first status line has no previous reading; every later one has a rate under the maximum
    var rates =
        Pattern.compile("(\\d+\\.\\d) requests/s$", Pattern.MULTILINE)
            .matcher(out)
            .results()
            .map(m -> Double.parseDouble(m.group(1)))
            .toList();
    assertThat(rates).isNotEmpty().allMatch(r -> r <= 21);
    assertThat(serving.get()).isZero();
  }
}
