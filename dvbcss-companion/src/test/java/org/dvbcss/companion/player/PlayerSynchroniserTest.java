package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The controller's behaviour on virtual time, one situation at a time. */
class PlayerSynchroniserTest {
  private static final long STEP = PlayerSynchroniserRunTest.STEP;
  private static final double TARGET = SyncConfig.defaults().targetSeconds();

  /** Steps for {@code seconds}; returns the largest |true error| seen. */
  private static double run(SyncSimulation sim, double seconds) {
    double worst = 0;
    for (long i = 0; i < Math.round(seconds * 1e9 / STEP); i++) {
      sim.step(STEP);
      worst = Math.max(worst, Math.abs(sim.trueError()));
    }
    return worst;
  }

  /** Steps until the true error is within the target; returns the seconds taken (or +inf). */
  private static double settle(SyncSimulation sim, double limitSeconds) {
    for (long i = 1; i <= Math.round(limitSeconds * 1e9 / STEP); i++) {
      sim.step(STEP);
      if (Math.abs(sim.trueError()) <= TARGET) {
        return i * STEP / 1e9;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void convergesFromAFiveSecondOffsetWithOneSeekAndStaysThere(long seed) {
    SyncSimulation sim = SyncSimulation.typical(seed);
    sim.tvSeek(5);
    assertThat(settle(sim, 3)).isLessThan(3);
    // every sample of the next minute within the target
    assertThat(run(sim, 60)).isLessThanOrEqualTo(TARGET);
    SyncReport r = sim.synchroniser().report();
    assertThat(r.seeks()).isEqualTo(1);
    assertThat(r.rateReversals()).isZero();
    assertThat(r.state())
        .isIn(PlayerSynchroniser.State.HOLDING, PlayerSynchroniser.State.CORRECTING);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23})
  void holdsThroughATvPauseSeekAndSpeedChange(long seed) {
    SyncSimulation sim = SyncSimulation.typical(seed);
    run(sim, 10);
    // pause: the player pauses too and stays in step while paused
    sim.tvSpeed(0);
    run(sim, 2.5); // back in step within 2.5 s, and then:
    assertThat(run(sim, 10)).isLessThanOrEqualTo(TARGET);
    assertThat(sim.player().effectiveRate()).isZero();
    assertThat(sim.synchroniser().report().state()).isEqualTo(PlayerSynchroniser.State.PAUSED);
    sim.tvSpeed(1);
    run(sim, 2.5); // back in step within 2.5 s, and then:
    assertThat(run(sim, 10)).isLessThanOrEqualTo(TARGET);
    // seek 40 s back
    sim.tvSeek(-40);
    run(sim, 2.5); // back in step within 2.5 s, and then:
    assertThat(run(sim, 10)).isLessThanOrEqualTo(TARGET);
    // double speed: the player follows at about twice normal speed
    sim.tvSpeed(2);
    run(sim, 2.5); // back in step within 2.5 s, and then:
    assertThat(run(sim, 10)).isLessThanOrEqualTo(TARGET);
    assertThat(sim.player().effectiveRate()).isBetween(1.9, 2.1);
    SyncReport r = sim.synchroniser().report();
    assertThat(r.rateReversals()).isZero();
    assertThat(r.seeks()).isBetween(2L, 3L); // the TV's seek, and at most one while paused
  }

  @Test
  void aStallLongerThanTheSeekThresholdIsMendedBySeeking() {
    SyncSimulation sim = SyncSimulation.typical(5);
    run(sim, 10);
    sim.player().stall(0.5);
    run(sim, 1.5);
    assertThat(sim.synchroniser().report().seeks()).isEqualTo(1);
    assertThat(Math.abs(sim.trueError())).isLessThanOrEqualTo(TARGET);
    assertThat(run(sim, 10)).isLessThanOrEqualTo(TARGET);
  }

  /**
   * A perfect player, and a companion whose timeline steps by up to {@code wallError} either way
   * every 2 s, declaring {@code bound}: how many rate changes after the first 5 s.
   */
  private static long rateChangesWith(double wallError, double bound) {
    SimulatedPlayer.Config exact =
        new SimulatedPlayer.Config(0, 0, 0.05, 0.15, 0, 0.03, 0.03, 0, 0, 0, 1);
    SyncSimulation sim =
        new SyncSimulation(exact, SyncConfig.defaults(), wallError, bound, 2, 7, null);
    run(sim, 5);
    long before = sim.synchroniser().report().rateChanges();
    run(sim, 120);
    assertThat(sim.synchroniser().report().noiseSeconds()).isGreaterThanOrEqualTo(bound);
    return sim.synchroniser().report().rateChanges() - before;
  }

  @Test
  void neverChasesNoiseSmallerThanTheBound() {
    // the timeline wanders by up to 8 ms; declared honestly (9 ms): no correction is made
    assertThat(rateChangesWith(0.008, 0.009)).isZero();
    // the same wander, declared as 1 ms: the controller believes it and chases it
    assertThat(rateChangesWith(0.008, 0.001)).isGreaterThan(10);
  }

  @Test
  void neverChasesQuantisationNoise() {
    // a player reporting positions in 40 ms steps, a perfect companion: after settling, the
    // estimate's own noise stays under the act threshold and the rate is left alone
    SimulatedPlayer.Config coarse =
        new SimulatedPlayer.Config(0.040, 0.0005, 0.05, 0.15, 0, 0.03, 0.03, 0, 0, 0, 3);
    SyncSimulation sim = new SyncSimulation(coarse, SyncConfig.defaults(), 0, 0, 0, 3, null);
    run(sim, 10);
    long before = sim.synchroniser().report().rateChanges();
    assertThat(run(sim, 120)).isLessThanOrEqualTo(TARGET);
    assertThat(sim.synchroniser().report().rateChanges() - before).isLessThanOrEqualTo(2);
  }

  @Test
  void alertsRaiseAfterTheirDelayAndClearAfterTheirHoldTime() {
    List<AccuracyAlert> alerts = new ArrayList<>();
    SyncSimulation sim =
        new SyncSimulation(
            SimulatedPlayer.Config.defaults(),
            SyncConfig.defaults(),
            0.001,
            0.002,
            5,
            1,
            alerts::add);
    run(sim, 10);
    // starting costs the dead time and the latency, 80 ms to make up by rate: raised, cleared
    assertThat(alerts)
        .extracting(AccuracyAlert::kind, AccuracyAlert::raised)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AccuracyAlert.Kind.ERROR, true),
            org.assertj.core.groups.Tuple.tuple(AccuracyAlert.Kind.ERROR, false));
    alerts.clear();
    // a stall whose error is above 20 ms for less than the alert delay: no alert
    sim.player().stall(0.03);
    run(sim, 5);
    assertThat(alerts).isEmpty();
    // a long stall: raised once the error has exceeded 20 ms for 0.5 s
    long stallAt = sim.time().nanoTime();
    sim.player().stall(3);
    run(sim, 10);
    assertThat(alerts).hasSize(2);
    AccuracyAlert raised = alerts.get(0);
    assertThat(raised.kind()).isEqualTo(AccuracyAlert.Kind.ERROR);
    assertThat(raised.raised()).isTrue();
    assertThat(raised.thresholdSeconds()).isEqualTo(0.020);
    double raisedAfter = (raised.localNanos() - stallAt) / 1e9;
    assertThat(raisedAfter).isBetween(0.5, 0.6);
    AccuracyAlert cleared = alerts.get(1);
    assertThat(cleared.raised()).isFalse();
    assertThat(cleared.valueSeconds()).isLessThanOrEqualTo(TARGET);
    // cleared 1 s after the error came back within the target, which takes the stall and a seek
    double clearedAfter = (cleared.localNanos() - stallAt) / 1e9;
    assertThat(clearedAfter).isBetween(3 + 1.0, 3 + 2.5);
    assertThat(sim.synchroniser().report().errorAlerts()).isEqualTo(2);
    assertThat(sim.synchroniser().report().errorAlertActive()).isFalse();

    // the timeline unavailable for 2 s: a bound alert (infinite), cleared 1 s after it returns
    alerts.clear();
    long lostAt = sim.time().nanoTime();
    sim.tvAvailable(false);
    run(sim, 2);
    assertThat(sim.synchroniser().report().state()).isEqualTo(PlayerSynchroniser.State.WAITING);
    assertThat(sim.synchroniser().report().boundAlertActive()).isTrue();
    sim.tvAvailable(true);
    run(sim, 5);
    assertThat(alerts).extracting(AccuracyAlert::kind).contains(AccuracyAlert.Kind.BOUND);
    AccuracyAlert boundRaised =
        alerts.stream().filter(a -> a.kind() == AccuracyAlert.Kind.BOUND).findFirst().orElseThrow();
    assertThat(boundRaised.raised()).isTrue();
    assertThat(boundRaised.valueSeconds()).isInfinite();
    assertThat((boundRaised.localNanos() - lostAt) / 1e9).isBetween(0.5, 0.6);
    AccuracyAlert boundCleared =
        alerts.stream()
            .filter(a -> a.kind() == AccuracyAlert.Kind.BOUND && !a.raised())
            .findFirst()
            .orElseThrow();
    assertThat((boundCleared.localNanos() - lostAt) / 1e9).isBetween(3.0, 3.1);
    assertThat(sim.synchroniser().report().boundAlerts()).isEqualTo(1);
  }

  @Test
  void aBoundAboveTheTargetRaisesABoundAlert() {
    List<AccuracyAlert> alerts = new ArrayList<>();
    SyncSimulation sim =
        new SyncSimulation(
            SimulatedPlayer.Config.defaults(),
            SyncConfig.defaults(),
            0.001,
            0.015,
            5,
            1,
            alerts::add);
    run(sim, 3);
    assertThat(alerts.stream().filter(a -> a.kind() == AccuracyAlert.Kind.BOUND))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AccuracyAlert.Kind.BOUND);
              assertThat(a.valueSeconds())
                  .isCloseTo(0.015, org.assertj.core.data.Offset.offset(1e-6));
            });
  }

  @Test
  void calibrationCorrectsAnOutputLatencyThePlayerDoesNotDeclare() {
    // the player says 30 ms and really takes 60: its output is 30 ms late
    SimulatedPlayer.Config late = SimulatedPlayer.Config.defaults().withActualLatency(0.060);
    SyncSimulation sim = new SyncSimulation(late, SyncConfig.defaults(), 0, 0.001, 0, 4, null);
    run(sim, 10);
    double before = sim.trueError();
    assertThat(before).isBetween(-0.036, -0.024);
    // measured 30 ms late: calibrate
    sim.synchroniser().setCalibration(0.030);
    assertThat(settle(sim, 3)).isLessThan(3);
    assertThat(run(sim, 20)).isLessThanOrEqualTo(TARGET);
    assertThat(sim.synchroniser().calibration()).isEqualTo(0.030);
    assertThatThrownBy(() -> sim.synchroniser().setCalibration(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void followsTheTimelineClockWhenItIsReplaced() {
    ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
    SysClock root = SysClock.builder().timeSource(time).build();
    CorrelatedClock wall = new CorrelatedClock(root, 1e9);
    CorrelatedClock first = new CorrelatedClock(wall, 90000);
    first.setCorrelation(new Correlation(wall.ticks(), 0, 0.001, 0));
    AtomicReference<CorrelatedClock> current = new AtomicReference<>(first);
    SimulatedPlayer player = new SimulatedPlayer(time, SimulatedPlayer.Config.defaults());
    List<AptEptLpt> sent = new ArrayList<>();
    PlayerSynchroniser sync =
        PlayerSynchroniser.builder(player)
            .timeline(current::get)
            .reportSink(sent::add)
            .config(SyncConfig.defaults())
            .build();
    java.util.SplittableRandom dither = new java.util.SplittableRandom(9);
    Runnable step =
        () -> {
          long d = (long) (dither.nextDouble() * STEP);
          time.advance(d);
          sync.tick();
          time.advance(STEP - d);
        };
    for (int i = 0; i < 1000; i++) {
      step.run();
    }
    assertThat(player.presentedPosition() - first.ticks() / 90000).isBetween(-TARGET, TARGET);
    // the companion now follows another timeline: 1 kHz ticks, 300 s further on
    CorrelatedClock second = new CorrelatedClock(wall, 1000);
    second.setCorrelation(new Correlation(wall.ticks(), first.ticks() / 90 + 300_000, 0.001, 0));
    current.set(second);
    double worst = 0;
    for (int i = 0; i < 1000; i++) {
      step.run();
      if (i >= 300) {
        worst = Math.max(worst, Math.abs(player.presentedPosition() - second.ticks() / 1000));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(TARGET);
    // timing reports, once a second, in the new timeline's ticks and the wall clock's nanoseconds
    assertThat(sent).hasSizeBetween(19, 21);
    AptEptLpt last = sent.get(sent.size() - 1);
    long contentTime = last.actual().value().contentTime();
    long wallTime = last.actual().value().wallClockTime();
    // the player presented contentTime at wallTime: where the timeline was then, within 10 ms
    assertThat((double) contentTime)
        .isCloseTo(second.fromParentTicks(wallTime), org.assertj.core.data.Offset.offset(11.0));
    assertThat(sync.timingReport().actual().value().contentTime()).isGreaterThan(contentTime);
    assertThat(wallTime - last.earliest().wallClockTime()).isEqualTo(50_000_000L);
    assertThat(last.latest().wallClockTime() - wallTime).isEqualTo(50_000_000L);
    assertThat(last.earliest().contentTime()).isEqualTo(contentTime);
    assertThat(sync.report().reportsSent()).isEqualTo(sent.size());
  }

  @Test
  void aPlayerWithoutReadingsWaits() {
    ManualTimeSource time = new ManualTimeSource(0);
    SysClock root = SysClock.builder().timeSource(time).build();
    CorrelatedClock timeline = new CorrelatedClock(root, 1000);
    List<Double> rates = new ArrayList<>();
    Player silent =
        new Player() {
          @Override
          public Reading position() {
            return null;
          }

          @Override
          public void setRate(double rate) {
            rates.add(rate);
          }

          @Override
          public void seek(double positionSeconds) {
            throw new AssertionError("no seek without a reading");
          }

          @Override
          public double outputLatencySeconds() {
            return 0;
          }
        };
    PlayerSynchroniser sync = PlayerSynchroniser.builder(silent).timeline(timeline).build();
    for (int i = 0; i < 10; i++) {
      time.advance(STEP);
      sync.tick();
    }
    assertThat(sync.report().state()).isEqualTo(PlayerSynchroniser.State.WAITING);
    assertThat(sync.report().errorSeconds()).isNaN();
    assertThat(sync.report().secondsWithinTarget()).isZero();
    assertThat(sync.report().secondsCounted())
        .isCloseTo(0.09, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rates).containsExactly(1.0); // started at the TV's speed, once
    assertThat(sync.timingReport()).isNull();
  }

  @Test
  void configRejectsSettingsOutOfRange() {
    assertThat(SyncConfig.defaults().toBuilder().build()).isEqualTo(SyncConfig.defaults());
    assertThat(SyncConfig.defaults().targetSeconds()).isEqualTo(0.010);
    assertThatThrownBy(() -> SyncConfig.builder().releaseSeconds(0.005).build())
        .hasMessageContaining("releaseSeconds must be below actSeconds");
    assertThatThrownBy(() -> SyncConfig.builder().rateLimit(1).build())
        .hasMessageContaining("rateLimit");
    assertThatThrownBy(() -> SyncConfig.builder().rateStep(0.1).build())
        .hasMessageContaining("rateStep");
    assertThatThrownBy(() -> SyncConfig.builder().targetSeconds(0).build())
        .hasMessageContaining("targetSeconds must be > 0");
    assertThatThrownBy(() -> SyncConfig.builder().cooldownSeconds(-1).build())
        .hasMessageContaining("cooldownSeconds must be >= 0");
    assertThatThrownBy(() -> SyncConfig.builder().mediaOffsetSeconds(Double.NaN).build())
        .hasMessageContaining("mediaOffsetSeconds must be finite");
  }
}
