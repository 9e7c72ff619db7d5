package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MIN;
import static org.dvbcss.protocol.wc.WcSimulation.MS;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import org.dvbcss.protocol.wc.DispersionFormula.Term;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every term of the dispersion is needed: with any one left out, the simulation finds the bound
 * broken, in a scenario that stays within every declared limit and in which the full formula holds
 * throughout.
 */
class WcMutationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L) + 1000;

  /** A scenario, within the declared limits, that needs the term. */
  static Settings scenarioFor(Term term) {
    Settings s = Settings.standard(SEED + term.ordinal(), null, false);
    s.durationNanos = 2 * 3600 * S;
    switch (term) {
      case HALF_RTT -> {}
      case SERVER_PRECISION -> {
        // coarse server readings, and routes with all the delay on one leg
        s.serverPrecisionLog2 = -10;
        s.serverQuantumNanos = 976_000;
        s.routeChangeEveryNanos = 2 * MIN;
        s.oneLegRoutes = true;
      }
      case CLIENT_PRECISION -> {
        // a coarse local clock, and routes with all the delay on one leg
        s.clientPrecision = 10e-3;
        s.clientQuantumNanos = 10 * MS;
        s.routeChangeEveryNanos = 2 * MIN;
        s.oneLegRoutes = true;
      }
      case CLIENT_PRECISION_AGE -> {
        // the term is the growth rate times the precision: 20 us for a 20 ms local clock
        s.clientPrecision = 20e-3;
        s.clientQuantumNanos = 20 * MS;
        s.routeChangeEveryNanos = 2 * MIN;
        s.oneLegRoutes = true;
        s.durationNanos = 6 * 3600 * S;
      }
      case CLIENT_FREQ_INITIAL -> {
        // a true server that says so; a long one-leg path: the client's drift over t4 - t1 counts
        s.serverDeclaredPpm = 0;
        s.serverActualPpm = 0;
        s.maxOneWayDelayNanos = 100 * MS;
        s.routeExtraMaxNanos = 60 * MS;
        s.routeChangeEveryNanos = 2 * MIN;
        s.oneLegRoutes = true;
      }
      case SERVER_FREQ_INITIAL -> {
        // a true client that says so; a server that holds requests long
        s.clientDeclaredPpm = 0;
        s.clientActualPpm = 0;
        s.serverHoldMaxNanos = 150 * MS;
        s.routeChangeEveryNanos = 2 * MIN;
        s.oneLegRoutes = true;
      }
      case CLIENT_FREQ_GROWTH, SERVER_FREQ_GROWTH, PER_LOCAL_SECOND -> {
        // long outages, the initial error reached on one-leg paths: the bound must grow at the
        // full rate, and per second of the local clock (which may run slow)
        s.outageEveryNanos = 10 * MIN;
        s.outageMaxNanos = 30 * MIN;
        s.routeChangeEveryNanos = 4 * MIN;
        s.oneLegRoutes = true;
        s.durationNanos = 6 * 3600 * S;
        if (term == Term.PER_LOCAL_SECOND) {
          // 0.05 % of the growth: needs rates at opposite ends and long outages
          s.extremeRates = 1;
          s.outageMaxNanos = 60 * MIN;
          s.durationNanos = 24 * 3600 * S;
        }
      }
    }
    return s;
  }

  static LowestDispersion algorithm(DispersionFormula formula) {
    return new LowestDispersion(
        LowestDispersion.DEFAULT_REPEAT, LowestDispersion.DEFAULT_TIMEOUT, Double.NaN, formula);
  }

  @ParameterizedTest
  @EnumSource(Term.class)
  void withoutThisTermTheBoundIsBroken(Term term) {
    Settings honest = scenarioFor(term);
    honest.algorithm = algorithm(DispersionFormula.FULL);
    Figures h = new WcSimulation(honest).run();
    assertThat(h.violations()).as(h.summary("full formula, " + term)).isZero();

    Settings mutant = scenarioFor(term);
    mutant.formula = DispersionFormula.without(term);
    mutant.algorithm = algorithm(mutant.formula);
    Figures f = new WcSimulation(mutant).run();
    String summary = f.summary("without " + term);
    System.out.println(summary + "; first: " + f.firstViolation());
    assertThat(f.violations()).as(summary).isPositive();
  }
}
