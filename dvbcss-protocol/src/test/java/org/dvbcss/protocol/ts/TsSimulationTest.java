package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.ts.TsSimulation.S;

import java.util.stream.LongStream;
import org.dvbcss.protocol.ts.TsSimulation.Figures;
import org.dvbcss.protocol.ts.TsSimulation.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A companion following a TV over CSS-TS through pauses, seeks, speed changes, content changes,
 * unavailability, slow reading and reconnections, checked at every event of a long run on virtual
 * time (see {@link TsSimulation}). Each seed runs {@value #DEFAULT_HOURS} simulated hours by
 * default; {@code -Ddvbcss.ts.sim.hours=N} (the {@code long-sim} profile sets 240) runs longer.
 */
class TsSimulationTest {
  static final int DEFAULT_HOURS = 12;
  static final long HOURS = Long.getLong("dvbcss.ts.sim.hours", DEFAULT_HOURS);
  static final long SEED = Long.getLong("dvbcss.ts.sim.seed", 20261201L);

  static LongStream seeds() {
    return LongStream.range(SEED, SEED + 4);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void companionFollowsA1kHzTimelineAtEveryEvent(long seed) {
    run(new Settings(seed, HOURS * 3600 * S, 1_000, 1e9));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void companionFollowsA90kHzTimelineOnAMicrosecondWallClock(long seed) {
    run(new Settings(seed + 100, HOURS * 3600 * S, 90_000, 1e6));
  }

  /**
   * The check is not vacuous: a companion that declares a TV with no rounding and no change
   * threshold reports a bound the TV's real errors exceed (the project's TV sends exact content
   * times while playing, but rounds a paused position to a tick and sends only changes of a tick or
   * more).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void aCompanionThatUnderstatesTheTvsTermsIsFoundOutOfBound(long seed) {
    TsClientConfig exactTv =
        TsClientConfig.builder().tvRoundingTicks(0).tvThresholdTicks(0).build();
    Figures f = new TsSimulation(new Settings(seed, 3600 * S, 1_000, 1e9), exactTv).run();
    assertThat(f.violations()).as(f.summary("seed " + seed)).isPositive();
    assertThat(f.firstViolation()).contains("beyond the bound");
  }

  private static void run(Settings settings) {
    Figures f = new TsSimulation(settings).run();
    String summary = f.summary("seed " + settings.seed());
    System.out.println(summary);
    assertThat(f.violations()).as(summary + "; first: " + f.firstViolation()).isZero();
    // the run really exercised what it claims to
    long hours = settings.durationNanos() / (3600 * S);
    assertThat(f.tvChanges()).as(summary).isGreaterThan(500 * hours);
    assertThat(f.reconnects()).as(summary).isGreaterThan(10 * hours);
    assertThat(f.convergedChecks()).as(summary).isGreaterThan(f.checks() / 4);
    assertThat(f.client().timingChanges()).as(summary).isGreaterThan(100 * hours);
    assertThat(f.client().ignoredChanges()).as(summary).isPositive();
    // a connection dropped before its setup arrived is never set up
    assertThat(f.server().setups())
        .as(summary)
        .isLessThanOrEqualTo(f.reconnects() + 1)
        .isGreaterThan(f.reconnects() / 2);
  }
}
