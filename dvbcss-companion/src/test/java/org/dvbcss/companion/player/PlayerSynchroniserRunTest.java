package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole-run figure: a simulated player with 20 ms position quantisation and 150 ms seeks,
 * followed through 30 minutes of a TV that pauses, seeks and changes speed, every 10 ms sample of
 * the true error checked.
 */
class PlayerSynchroniserRunTest {
  static final long STEP = 10_000_000L; // 10 ms

  /** What happens at which second of the run. */
  record Control(double atSeconds, String what, double value) {}

  static final List<Control> SCRIPT =
      List.of(
          new Control(300, "speed", 0),
          new Control(360, "speed", 1),
          new Control(600, "seek", 60),
          new Control(900, "seek", -30),
          new Control(1200, "speed", 2),
          new Control(1260, "speed", 1),
          new Control(1500, "stall", 0.2),
          new Control(1650, "seek", 0.08));

  /** The figures of one run. */
  record Figures(long samples, long within, double worstSteady, SyncReport report) {
    double share() {
      return (double) within / samples;
    }
  }

  static Figures run(
      SyncSimulation sim, double seconds, List<Control> script, List<double[]> trace) {
    long steps = Math.round(seconds * 1e9 / STEP);
    int next = 0;
    long samples = 0;
    long within = 0;
    for (long i = 1; i <= steps; i++) {
      double t = i * STEP / 1e9;
      while (next < script.size() && script.get(next).atSeconds() <= t) {
        Control c = script.get(next++);
        switch (c.what()) {
          case "speed" -> sim.tvSpeed(c.value());
          case "seek" -> sim.tvSeek(c.value());
          case "stall" -> sim.player().stall(c.value());
          default -> throw new IllegalArgumentException(c.what());
        }
      }
      sim.step(STEP);
      double e = sim.trueError();
      if (trace != null) {
        SyncReport r = sim.synchroniser().report();
        trace.add(new double[] {t, e, r.errorSeconds(), r.rate(), r.state().ordinal()});
      }
      if (sim.available()) {
        samples++;
        if (Math.abs(e) <= sim.synchroniser().config().targetSeconds()) {
          within++;
        }
      }
    }
    return new Figures(samples, within, 0, sim.synchroniser().report());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void staysWithinTenMillisecondsForNinetyNinePercentOfHalfAnHour(long seed) {
    SyncSimulation sim = SyncSimulation.typical(seed);
    Figures f = run(sim, 1800, SCRIPT, null);
    SyncReport r = f.report();
    System.out.printf(
        "seed %d: true share %.5f (%d of %d samples), own share %.5f, worst held %.2f ms, seeks %d,"
            + " rate changes %d, reversals %d, seek lead %.4f s, alerts %d%n",
        seed,
        f.share(),
        f.within(),
        f.samples(),
        r.shareWithinTarget(),
        r.worstHeldErrorSeconds() * 1e3,
        r.seeks(),
        r.rateChanges(),
        r.rateReversals(),
        r.seekLeadSeconds(),
        r.errorAlerts());
    assertThat(f.samples()).isEqualTo(180_000);
    assertThat(f.share()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.shareWithinTarget()).isGreaterThanOrEqualTo(0.99);
  }
}
