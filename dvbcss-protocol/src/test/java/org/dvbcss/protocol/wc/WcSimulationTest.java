package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MIN;
import static org.dvbcss.protocol.wc.WcSimulation.MS;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import java.util.List;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.api.Test;

/**
 * The property that matters most: over 24 simulated hours of a hostile network, with both clocks
 * drifting at up to their declared maximum frequency error and read at their declared precision,
 * the client's wall clock is never further from the server's than the dispersion it reports, and
 * that dispersion stays small once synchronised. Beyond the declared limits, violations are found.
 */
class WcSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L);

  /** The length of the run at the limits; the long-sim profile makes it 240 hours. */
  static final long LIMITS_HOURS = Long.getLong("dvbcss.wc.sim.hours", 24);

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
        Settings s = Settings.limits(seed, alg, seed % 2 == 0).withDuration(2 * 3600 * S);
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
    s.clientActualPpm = 0; // the pacing is in local time: count it against a true local clock
    Figures f = new WcSimulation(s).run();
    assertThat(f.firstFiniteAtNanos()).isEqualTo(-1);
    // 200 ms timeout, retry at once: requests at 0, 0.2 s, ..., 60 s inclusive
    assertThat(f.counters().sent()).isEqualTo(301);
    assertThat(f.counters().timedOut()).isEqualTo(300);
    assertThat(f.counters().accepted()).isZero();
  }

  /**
   * Everything at once for 24 hours: both clocks at their declared limits and coarse, route changes
   * with sustained one-leg paths, outages, and two server clock steps. Outside the step windows
   * (from a step until the client takes a measurement made after it) the bound always holds; each
   * step is detected as an inconsistency and the client re-converges within seconds.
   */
  @Test
  void atTheLimitsWithOutagesRouteChangesAndServerStepsForADay() {
    LowestDispersion alg = new LowestDispersion();
    Settings s = Settings.limits(SEED + 7, alg, false).withDuration(LIMITS_HOURS * 3600 * S);
    s.stepAtNanos = 6 * 3600 * S;
    s.stepNanos = 300 * MS;
    s.secondStepAtNanos = 15 * 3600 * S + 17 * S;
    s.secondStepNanos = -120 * MS;
    WcSimulation sim = new WcSimulation(s);
    Figures f = sim.run();
    String summary =
        f.summary("limits+steps")
            + String.format(
                "; inconsistencies %d; violations %d, outside step windows %d; re-converged"
                    + " within %.3f s",
                alg.inconsistencies(),
                f.violations(),
                f.violationsAfterStepsSettled(),
                f.worstReconvergeNanos() / 1e9);
    System.out.println(summary);
    assertThat(f.violationsAfterStepsSettled()).as(summary + "; " + sim.firstOutside).isZero();
    assertThat(f.violations()).as("a step breaks the bound until it is seen").isPositive();
    assertThat(alg.inconsistencies()).as(summary).isGreaterThanOrEqualTo(2);
    assertThat(f.worstReconvergeNanos()).as(summary).isLessThan(5 * S);
    assertThat(f.outages()).as(summary).isGreaterThan(5);
    assertThat(f.routeChanges()).as(summary).isGreaterThan(100);
    assertThat(f.counters().negativeRtt()).as(summary).isPositive();
    assertThat(f.counters().malformed()).as(summary).isZero();
  }

  @Test
  void atTheLimitsTheOtherAlgorithmsStayHonest() {
    FilterAndPredict fap =
        new FilterAndPredict(
            List.of(RttThreshold.ofMillis(60), new LowestDispersionFilter()), new PredictSimple());
    WallClockAlgorithm[] algorithms = {new MostRecent(), fap};
    for (int i = 0; i < algorithms.length; i++) {
      Settings s = Settings.limits(SEED + 8 + i, algorithms[i], i == 1).withDuration(6 * 3600 * S);
      Figures f = new WcSimulation(s).run();
      String summary = f.summary(algorithms[i].getClass().getSimpleName() + " at the limits");
      System.out.println(summary);
      assertThat(f.violations()).as(summary + "; " + f.firstViolation()).isZero();
    }
  }

  /** A negative test per declared limit: just beyond it, the check finds violations. */
  @Test
  void beyondEachDeclaredLimitViolationsAreFound() {
    Settings base = Settings.limits(SEED + 10, new LowestDispersion(), false);
    base.durationNanos = 3600 * S;
    base.outageEveryNanos = 10 * MIN;
    base.outageMaxNanos = 2 * MIN;

    Settings clientFaster = base.copy();
    clientFaster.algorithm = new LowestDispersion();
    clientFaster.clientActualPpm = 2 * clientFaster.clientDeclaredPpm;
    Settings serverFaster = base.copy();
    serverFaster.algorithm = new LowestDispersion();
    serverFaster.serverActualPpm = 2 * serverFaster.serverDeclaredPpm;
    Settings serverCoarser = base.copy();
    serverCoarser.algorithm = new LowestDispersion();
    serverCoarser.serverPrecisionLog2 = -14; // declares 61 us, reads in 244 us steps
    Settings clientCoarser = base.copy();
    clientCoarser.algorithm = new LowestDispersion();
    clientCoarser.clientPrecision = 25e-6; // declares 25 us, reads in 100 us steps
    Settings[] beyond = {clientFaster, serverFaster, serverCoarser, clientCoarser};
    String[] names = {
      "client drift 2x declared",
      "server drift 2x declared",
      "server reads 4x coarser",
      "client reads 4x coarser"
    };
    for (int i = 0; i < beyond.length; i++) {
      Figures f = new WcSimulation(beyond[i]).run();
      String summary = f.summary(names[i]);
      System.out.println(summary + "; first: " + f.firstViolation());
      assertThat(f.violations()).as(summary).isPositive();
    }
    Settings within = base.copy();
    within.algorithm = new LowestDispersion();
    Figures f = new WcSimulation(within).run();
    assertThat(f.violations()).as(f.summary("at the limits") + f.firstViolation()).isZero();
  }
}
