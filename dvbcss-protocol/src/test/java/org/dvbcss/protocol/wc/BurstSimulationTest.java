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
 * {@link Burst} keeps the wrapped algorithm honest in the adversarial simulation, and on a network
 * where the first exchange after an idle spell pays a wake-up cost (as loopback does on a real
 * machine) it lowers the bound that the frequency-tracking algorithm reports at a 1 s poll below
 * 0.2 ms.
 */
class BurstSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L) + 9000;

  static Figures run(String name, Settings s) {
    Figures f = new WcSimulation(s).run();
    System.out.println(f.summary(name) + "; first: " + f.firstViolation());
    return f;
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void frequencyTrackingInBurstsIsHonestFor24HoursAtTheLimitsWithSteps(long n) {
    Settings s =
        FrequencyTrackingSimulationTest.rampLimits(
            SEED + n, Burst.of(new FrequencyTracking(), 2 + (int) n), n == 1);
    s.stepAtNanos = 7 * 3600 * S + 321 * MS;
    s.stepNanos = -250 * MS;
    s.coldExtraMaxNanos = 2 * MS;
    Figures f = run("Burst(FrequencyTracking) ramp limits+step", s);
    assertThat(f.violationsAfterStepsSettled()).as(f.summary("burst ft")).isZero();
    assertThat(f.worstReconvergeNanos()).as(f.summary("burst ft")).isLessThan(2 * MIN);
    assertThat(f.infiniteSamplesAfterFirstFinite()).isZero();
  }

  @Test
  void lowestDispersionInBurstsIsHonestFor24HoursAtTheLimits() {
    Settings s = Settings.limits(SEED + 5, Burst.of(new LowestDispersion(), 3), true);
    s.coldExtraMaxNanos = MS;
    Figures f = run("Burst(LowestDispersion) limits", s);
    assertThat(f.violations()).as(f.summary("burst ld") + f.firstViolation()).isZero();
    assertThat(f.infiniteSamplesAfterFirstFinite()).isZero();
  }

  /** Loopback with a wake-up cost of up to 1 ms a leg after an idle millisecond. */
  static Settings wakingLoopback(long seed, WallClockAlgorithm alg) {
    Settings s = FrequencyTrackingSimulationTest.loopback(seed, alg);
    s.minOneWayDelayNanos = 5_000;
    s.maxOneWayDelayNanos = 25_000;
    s.serverHoldMaxNanos = 5_000;
    s.coldExtraMaxNanos = MS;
    return s;
  }

  @Test
  void aBurstOfTwoBringsTheFrequencyTrackingBoundAtA1sPollUnderTwoTenthsOfAMillisecond() {
    Figures single =
        run(
            "FrequencyTracking waking loopback",
            wakingLoopback(SEED + 20, new FrequencyTracking()));
    Figures burst =
        run(
            "Burst(FrequencyTracking, 2) waking loopback",
            wakingLoopback(SEED + 20, Burst.of(new FrequencyTracking(), 2)));
    assertThat(single.violations()).isZero();
    assertThat(burst.violations()).isZero();
    // the cold exchanges alone: the bound reaches well over 0.2 ms (as on this machine's loopback)
    assertThat(single.maxSettledDispersionNanos())
        .as(single.summary("single"))
        .isGreaterThan(0.3 * MS);
    assertThat(burst.maxSettledDispersionNanos()).as(burst.summary("burst")).isLessThan(0.2 * MS);
    assertThat(burst.meanSettledDispersionNanos())
        .isLessThan(single.meanSettledDispersionNanos() / 4);
  }
}
