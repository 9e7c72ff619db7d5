package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MIN;
import static org.dvbcss.protocol.wc.WcSimulation.MS;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrequencyTracking} is honest under its declared conditions (the common ones plus a
 * frequency wander of at most 0.1 ppm/s), in the simulation's ramp mode at the limits; its bound is
 * far below the offset-only one; and the wander condition is real: beyond it, violations are found.
 */
class FrequencyTrackingSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L) + 5000;

  /** The limits run in the ramp mode, at the declared wander, with two server steps. */
  static Settings rampLimits(long seed, WallClockAlgorithm alg, boolean followUp) {
    Settings s = Settings.limits(seed, alg, followUp);
    s.rampPpmPerSecond = FrequencyTracking.DEFAULT_WANDER_PPM_PER_SECOND;
    return s;
  }

  /** Loopback: one-way delays 20-80 us, no loss, exact server readings, a 1 us local clock. */
  static Settings loopback(long seed, WallClockAlgorithm alg) {
    Settings s = Settings.standard(seed, alg, false);
    s.minOneWayDelayNanos = 20_000;
    s.maxOneWayDelayNanos = 80_000;
    s.lossProbability = 0;
    s.duplicateProbability = 0;
    s.serverHoldMaxNanos = 20_000;
    s.rampPpmPerSecond = FrequencyTracking.DEFAULT_WANDER_PPM_PER_SECOND;
    s.durationNanos = 2 * 3600 * S;
    return s;
  }

  static Figures run(String name, Settings s) {
    Figures f = new WcSimulation(s).run();
    System.out.println(f.summary(name) + "; first: " + f.firstViolation());
    return f;
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3})
  void honestFor24HoursAtTheLimitsWithSteps(long n) {
    Settings s = rampLimits(SEED + n, new FrequencyTracking(), n % 2 == 1);
    s.stepAtNanos = 5 * 3600 * S + 123 * MS;
    s.stepNanos = 300 * MS;
    s.secondStepAtNanos = 17 * 3600 * S + 777 * MS;
    s.secondStepNanos = -120 * MS;
    Figures f = run("FrequencyTracking ramp limits+steps", s);
    assertThat(f.violationsAfterStepsSettled()).as(f.summary("ft")).isZero();
    assertThat(f.worstReconvergeNanos()).as(f.summary("ft")).isLessThan(2 * MIN);
    assertThat(f.firstFiniteAtNanos()).isBetween(0L, 5 * S);
    assertThat(f.infiniteSamplesAfterFirstFinite()).isZero();
    assertThat(f.counters().malformed()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2})
  void honestFor24HoursAtTheLimitsWithoutSteps(long n) {
    Figures f =
        run(
            "FrequencyTracking ramp limits",
            rampLimits(SEED + 10 + n, new FrequencyTracking(), false));
    assertThat(f.violations()).as(f.summary("ft") + f.firstViolation()).isZero();
  }

  @Test
  void loopbackSettlesBelowTwoTenthsOfAMillisecond() {
    Figures f = run("FrequencyTracking loopback", loopback(SEED + 20, new FrequencyTracking()));
    assertThat(f.violations()).isZero();
    assertThat(f.maxSettledDispersionNanos()).as(f.summary("ft")).isLessThan(0.2 * MS);
    Figures offsetOnly =
        run("LowestDispersion loopback", loopback(SEED + 20, new LowestDispersion()));
    assertThat(offsetOnly.violations()).isZero();
    assertThat(f.meanSettledDispersionNanos())
        .isLessThan(offsetOnly.meanSettledDispersionNanos() / 4);
  }
}
