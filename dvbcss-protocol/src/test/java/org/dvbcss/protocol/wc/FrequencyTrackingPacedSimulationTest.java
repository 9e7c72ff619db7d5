package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MS;

import java.time.Duration;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrequencyTracking} stays honest when a wrapper paces it with delays far longer than its
 * own repeat interval: {@link TargetErrorPacing} waits up to 10 s once the bound is far under the
 * target, and the algorithm's bound must cover the frequency wander over such gaps.
 */
class FrequencyTrackingPacedSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L) + 9500;

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2})
  void honestOnLoopbackUnderAdaptivePollingAtTheDeclaredWander(long n) {
    WallClockAlgorithm alg =
        Burst.of(
            new TargetErrorPacing(new FrequencyTracking(), Duration.ofMillis(1)), 1 + (int) n % 2);
    Settings s = FrequencyTrackingSimulationTest.loopback(SEED + n, alg);
    // every rate change goes to an extreme, so the wander is at its limit most of the time
    s.extremeRates = 1;
    s.serverRateChangeEveryNanos = 40_000 * MS;
    s.clientRateChangeEveryNanos = 50_000 * MS;
    Figures f = new WcSimulation(s).run();
    System.out.println(f.summary("paced ft") + "; first: " + f.firstViolation());
    assertThat(f.violations()).as(f.summary("paced ft") + f.firstViolation()).isZero();
    assertThat(f.meanSettledDispersionNanos()).isLessThan(0.2 * MS);
  }
}
