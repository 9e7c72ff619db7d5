package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MIN;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import org.dvbcss.protocol.wc.FrequencyTracking.Term;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every part of {@link FrequencyTracking}'s bound is needed: with one switched off, the simulation
 * finds the bound broken in a scenario within the declared conditions (wander included), in which
 * the full algorithm holds throughout. And the wander condition is real: with rate changes that are
 * instant, or faster than declared, the full algorithm's bound is broken.
 */
class FrequencyTrackingMutationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L) + 7000;

  /** A scenario within the declared conditions that needs the part. */
  static Settings scenarioFor(Term term) {
    // a quiet network, where the frequency terms dominate the bound
    Settings s = FrequencyTrackingSimulationTest.loopback(SEED + term.ordinal(), null);
    s.durationNanos = 6 * 3600 * S;
    s.extremeRates = 1; // targets at the ends: the ramps run at the declared wander for longest
    // routes with all the delay on one leg: the truth sits at an edge of the candidates' intervals
    s.routeChangeEveryNanos = 2 * MIN;
    s.oneLegRoutes = true;
    s.routeExtraMaxNanos = 100_000;
    switch (term) {
      case FREQ_UNCERTAINTY, WANDER -> {}
      case HORIZON -> {
        // outages: the quadratic term grows, and beyond it the declared limits must take over
        s.outageEveryNanos = 20 * MIN;
        s.outageMaxNanos = 10 * MIN;
      }
      case OUTLIER_REJECTION -> {
        // server steps: the window must not mix candidates from both sides of a step
        s.stepAtNanos = 1 * 3600 * S;
        s.stepNanos = 40_000_000;
        s.secondStepAtNanos = 3 * 3600 * S;
        s.secondStepNanos = -25_000_000;
      }
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(Term.class)
  void withoutThisPartTheBoundIsBroken(Term term) {
    Settings honest = scenarioFor(term);
    honest.algorithm = new FrequencyTracking();
    Figures h = new WcSimulation(honest).run();
    System.out.println(h.summary("full, " + term));
    assertThat(h.violationsAfterStepsSettled()).as(h.summary("full, " + term)).isZero();

    Settings mutant = scenarioFor(term);
    mutant.algorithm = FrequencyTracking.without(FrequencyTracking.builder(), term);
    Figures f = new WcSimulation(mutant).run();
    String summary = f.summary("without " + term);
    System.out.println(summary + "; first: " + f.firstViolation());
    if (term == Term.OUTLIER_REJECTION) {
      // the bound promises nothing until the window holds only post-step candidates: without the
      // reset that takes a whole window, and the bound is broken for longer
      System.out.printf(
          "reconverged after %.3f s with the reset, %.3f s without%n",
          h.worstReconvergeNanos() / 1e9, f.worstReconvergeNanos() / 1e9);
      assertThat(f.violations()).as(summary).isGreaterThan(h.violations());
      assertThat(f.worstReconvergeNanos()).isGreaterThan(h.worstReconvergeNanos() + 10 * S);
    } else {
      assertThat(f.violations()).as(summary).isPositive();
    }
  }

  @Test
  void instantRateChangesBreakTheBound() {
    Settings s = scenarioFor(Term.FREQ_UNCERTAINTY);
    s.rampPpmPerSecond = 0; // the old mode: rates jump within the limits
    s.algorithm = new FrequencyTracking();
    Figures f = new WcSimulation(s).run();
    System.out.println(f.summary("instant rate changes") + "; first: " + f.firstViolation());
    assertThat(f.violations()).as(f.summary("instant")).isPositive();
  }

  @Test
  void wanderBeyondTheDeclaredBreaksTheBound() {
    Settings s = scenarioFor(Term.FREQ_UNCERTAINTY);
    s.rampPpmPerSecond = 10 * FrequencyTracking.DEFAULT_WANDER_PPM_PER_SECOND;
    s.algorithm = new FrequencyTracking();
    Figures f = new WcSimulation(s).run();
    System.out.println(f.summary("wander 10x declared") + "; first: " + f.firstViolation());
    assertThat(f.violations()).as(f.summary("10x wander")).isPositive();
  }
}
