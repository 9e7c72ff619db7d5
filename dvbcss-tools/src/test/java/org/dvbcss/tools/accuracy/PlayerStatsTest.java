package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.junit.jupiter.api.Test;

class PlayerStatsTest {

  @Test
  void countsFromTheFirstSecondWithinTheTarget() {
    List<Double> times = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    // a lucky early sample, then far off, then converged from sample 60, one miss later
    double[] head = {0.001, 5.0, 0.5, 0.02};
    for (int i = 0; i < 300; i++) {
      times.add(i * 0.01);
      double e = i < head.length ? head[i] : i < 60 ? 0.3 : 0.004;
      errors.add(i == 200 ? -0.012 : i == 250 ? Double.NaN : e);
    }
    PlayerStats p = PlayerStats.of(times, errors, 0.010, 2);
    assertThat(p.convergenceSeconds()).isEqualTo(0.6);
    assertThat(p.samples()).isEqualTo(300 - 60 - 1); // the unknown one not counted
    assertThat(p.within()).isEqualTo(p.samples() - 1);
    assertThat(p.worstErrorSeconds()).isEqualTo(0.012);
    assertThat(p.seeks()).isEqualTo(2);
  }

  @Test
  void neverASecondWithinTheTargetCountsNothing() {
    List<Double> times = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      times.add(i * 0.01);
      errors.add(i % 99 == 98 ? 0.5 : 0.001); // never 100 in a row
    }
    PlayerStats p = PlayerStats.of(times, errors, 0.010, 0);
    assertThat(p.samples()).isZero();
    assertThat(p.shareWithin()).isZero();
    assertThat(p.convergenceSeconds()).isNaN();
  }

  @Test
  void aShortPlayerRunReportsThePlayerAndStaysHonest() throws Exception {
    Scenario player = Scenarios.named("player").orElseThrow().withDuration(Duration.ofSeconds(8));
    assertThat(player.player()).isTrue();
    AccuracyRun.Result r = AccuracyRun.run(player, "lowest-dispersion", LowestDispersion::new);
    assertThat(r.stats().honest()).isTrue();
    assertThat(r.player()).isNotNull();
    assertThat(r.player().targetSeconds()).isEqualTo(0.010);
    // the player was driven towards the TV: it came within the target during the run
    assertThat(r.player().convergenceSeconds()).isLessThan(8.0);
    assertThat(r.player().samples()).isGreaterThan(0);
  }
}
