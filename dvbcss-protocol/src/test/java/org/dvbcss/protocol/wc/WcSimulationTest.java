package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MS;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import java.util.List;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.api.Test;

/**
 * The property that matters most: over 24 simulated hours of a hostile network and a drifting
 * server, the client's wall clock is never further from the server's than the dispersion it
 * reports, and that dispersion stays small once synchronised.
 */
class WcSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L);

  static Figures check(String name, Settings settings, double maxSettledMillis) {
    Figures f = new WcSimulation(settings).run();
    String summary = f.summary(name);
    System.out.println(summary);
    assertThat(f.violations()).as(summary + "; first: " + f.firstViolation()).isZero();
    assertThat(f.firstFiniteAtNanos()).as(summary).isBetween(0L, 5 * S);
    assertThat(f.infiniteSamplesAfterFirstFinite()).as(summary).isZero();
    assertThat(f.maxSettledDispersionNanos()).as(summary).isLessThan(maxSettledMillis * MS);
    assertThat(f.counters().malformed()).as(summary).isZero();
    return f;
  }

  @Test
  void lowestDispersionIsHonestFor24Hours() {
    Figures f =
        check("LowestDispersion", Settings.standard(SEED, new LowestDispersion(), false), 40);
    assertThat(f.meanSettledDispersionNanos()).isLessThan(15 * MS);
  }

  @Test
  void lowestDispersionWithFollowUpsIsHonestFor24Hours() {
    check(
        "LowestDispersion+followUp", Settings.standard(SEED + 1, new LowestDispersion(), true), 40);
  }

  @Test
  void mostRecentIsHonestFor24Hours() {
    check("MostRecent", Settings.standard(SEED + 2, new MostRecent(), false), 60);
  }

  @Test
  void filterAndPredictIsHonestFor24Hours() {
    FilterAndPredict alg =
        new FilterAndPredict(
            List.of(RttThreshold.ofMillis(30), new LowestDispersionFilter()), new PredictSimple());
    check("FilterAndPredict", Settings.standard(SEED + 3, alg, true), 40);
    assertThat(alg.rejected()).isPositive();
    assertThat(alg.accepted()).isPositive();
  }

  @Test
  void honestAcrossManySeeds() {
    for (long seed = SEED + 100; seed < SEED + 130; seed++) {
      FilterAndPredict fap =
          new FilterAndPredict(List.of(RttThreshold.ofMillis(30)), new PredictSimple());
      WallClockAlgorithm[] algorithms = {new LowestDispersion(), new MostRecent(), fap};
      for (WallClockAlgorithm alg : algorithms) {
        Settings s = Settings.standard(seed, alg, seed % 2 == 0).withDuration(2 * 3600 * S);
        Figures f = new WcSimulation(s).run();
        assertThat(f.violations())
            .as(f.summary(alg.getClass().getSimpleName()) + "; first: " + f.firstViolation())
            .isZero();
      }
    }
  }

  /** The check is not vacuous: a client that ignores the round trip and drift gets caught. */
  @Test
  void aDishonestAlgorithmIsCaught() {
    WallClockAlgorithm dishonest =
        new WallClockAlgorithm() {
          @Override
          public long responseTimeoutNanos() {
            return 200 * MS;
          }

          @Override
          public long onCandidate(Candidate c, org.dvbcss.clock.CorrelatedClock wallClock) {
            org.dvbcss.clock.Correlation honest = c.correlationFor(wallClock);
            wallClock.setCorrelation(honest.withInitialError(c.serverPrecision()));
            return S;
          }

          @Override
          public long onTimeout(org.dvbcss.clock.CorrelatedClock wallClock) {
            return 0;
          }
        };
    Figures f =
        new WcSimulation(Settings.standard(SEED + 6, dishonest, false).withDuration(600 * S)).run();
    assertThat(f.violations()).as(f.summary("dishonest")).isPositive();
  }

  @Test
  void withNoServerItKeepsAskingAtTheAlgorithmsPaceThenConvergesAtOnce() {
    Settings s =
        Settings.standard(SEED + 4, new LowestDispersion(), false)
            .withServerSilentFor(60 * S)
            .withDuration(120 * S);
    Figures f = new WcSimulation(s).run();
    String summary = f.summary("no server for 60 s");
    System.out.println(summary);
    assertThat(f.violations()).as(summary).isZero();
    // 200 ms timeout, retry at once: 300 requests in the silent minute, all timed out
    assertThat(f.firstFiniteAtNanos()).as(summary).isBetween(60 * S, 63 * S);
    assertThat(f.counters().timedOut()).as(summary).isGreaterThanOrEqualTo(300);
    assertThat(f.counters().sent()).as(summary).isGreaterThan(300 + 50);
  }

  @Test
  void silentServerDispersionStaysInfiniteAndRequestsKeepComing() {
    Settings s =
        Settings.standard(SEED + 5, new LowestDispersion(), false)
            .withServerSilentFor(3600 * S)
            .withDuration(60 * S);
    Figures f = new WcSimulation(s).run();
    assertThat(f.firstFiniteAtNanos()).isEqualTo(-1);
    // 200 ms timeout, retry at once: requests at 0, 0.2 s, ..., 60 s inclusive
    assertThat(f.counters().sent()).isEqualTo(301);
    assertThat(f.counters().timedOut()).isEqualTo(300);
    assertThat(f.counters().accepted()).isZero();
  }
}
