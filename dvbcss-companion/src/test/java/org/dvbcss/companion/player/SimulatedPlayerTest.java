package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.dvbcss.clock.ManualTimeSource;
import org.junit.jupiter.api.Test;

/** The simulated player's faults, each on its own. */
class SimulatedPlayerTest {
  private final ManualTimeSource time = new ManualTimeSource(0);

  private static SimulatedPlayer.Config exact() {
    return new SimulatedPlayer.Config(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void readingsAreRoundedDownToTheQuantum() {
    SimulatedPlayer p =
        new SimulatedPlayer(time, new SimulatedPlayer.Config(0.020, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    p.setRate(1);
    time.advanceSeconds(1.039);
    assertThat(p.position().positionSeconds()).isCloseTo(1.020, offset(1e-9));
    assertThat(p.truePosition()).isCloseTo(1.039, offset(1e-9));
    assertThat(p.position().settled()).isTrue();
    assertThat(p.positionQuantumSeconds()).isEqualTo(0.020);
  }

  @Test
  void rateChangesTakeEffectLate() {
    SimulatedPlayer p =
        new SimulatedPlayer(time, new SimulatedPlayer.Config(0, 0, 0.05, 0, 0, 0, 0, 0, 0, 0, 1));
    p.setRate(1);
    time.advanceSeconds(0.04);
    assertThat(p.effectiveRate()).isZero();
    time.advanceSeconds(0.06);
    assertThat(p.effectiveRate()).isEqualTo(1);
    assertThat(p.truePosition()).isCloseTo(0.05, offset(1e-9));
    assertThat(p.state()).isEqualTo("playing at 1.0000x");
  }

  @Test
  void seeksTakeTimeAreUnsettledAndLandWithinTheirError() {
    SimulatedPlayer p =
        new SimulatedPlayer(
            time, new SimulatedPlayer.Config(0, 0, 0, 0.15, 0.01, 0, 0, 0, 0, 0, 3));
    p.setRate(1);
    time.advanceSeconds(1);
    p.seek(50);
    time.advanceSeconds(0.1);
    assertThat(p.position().settled()).isFalse();
    assertThat(p.truePosition()).isCloseTo(1.0, offset(1e-9)); // frozen meanwhile
    assertThat(p.state()).startsWith("seeking");
    time.advanceSeconds(0.05);
    assertThat(p.position().settled()).isTrue();
    assertThat(p.truePosition()).isBetween(49.99, 50.01);
    assertThat(p.counts()[0]).isEqualTo(1);
    assertThatThrownBy(() -> p.seek(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.setRate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stallsStopThePositionAndDriftMovesIt() {
    SimulatedPlayer p =
        new SimulatedPlayer(time, new SimulatedPlayer.Config(0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 1));
    p.setRate(1);
    time.advanceSeconds(10);
    assertThat(p.truePosition()).isCloseTo(10.001, offset(1e-9)); // 100 ppm fast
    p.stall(0.5);
    time.advanceSeconds(0.3);
    assertThat(p.position().settled()).isFalse();
    assertThat(p.state()).startsWith("stalled");
    time.advanceSeconds(0.7);
    assertThat(p.position().settled()).isTrue();
    assertThat(p.truePosition()).isCloseTo(10.001 + 0.5 * 1.0001, offset(1e-9));
    assertThat(p.counts()[1]).isEqualTo(1);
  }

  @Test
  void randomStallsComeAtAboutTheirMeanInterval() {
    SimulatedPlayer p = new SimulatedPlayer(time, exact().withStalls(10, 0.2).withSeed(4));
    p.setRate(1);
    for (int i = 0; i < 10_000; i++) {
      time.advanceSeconds(0.1);
      p.position();
    }
    // 1000 s at a mean of one per 10 s (of which 0.2 s each is stalled)
    assertThat(p.counts()[1]).isBetween(70L, 130L);
    assertThat(p.truePosition()).isCloseTo(1000 - 0.2 * p.counts()[1], offset(0.5));
  }

  @Test
  void theOutputShowsTheRealLatencyNotTheDeclaredOne() {
    SimulatedPlayer p =
        new SimulatedPlayer(time, SimulatedPlayer.Config.defaults().withActualLatency(0.1));
    assertThat(p.outputLatencySeconds()).isEqualTo(0.030);
    p.setRate(1);
    time.advanceSeconds(2);
    assertThat(p.truePosition() - p.presentedPosition()).isCloseTo(0.1, offset(1e-9));
    assertThat(p.state()).startsWith("playing");
    p.setRate(0);
    time.advanceSeconds(1);
    assertThat(p.state()).startsWith("paused");
    assertThatThrownBy(() -> new SimulatedPlayer.Config(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SimulatedPlayer.Config(0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
