package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dvbcss.clock.ClockFixtures.setSeconds;
import static org.dvbcss.clock.ClockFixtures.sysClock;

import org.dvbcss.clock.ClockFixtures.Recorder;
import org.junit.jupiter.api.Test;

class OffsetClockTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final SysClock millis = sysClock(time, 1000, 1e-3);

  /** A 1 kHz timeline reading 0 at root tick 0. */
  private final CorrelatedClock timeline = new CorrelatedClock(millis, 1000, Correlation.ZERO);

  @Test
  void ownSpeedIsAlwaysOneAndEffectiveSpeedIsTheParents() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    timeline.setSpeed(2.5);

    assertThat(oc.speed()).isEqualTo(1.0);
    assertThat(oc.effectiveSpeed()).isEqualTo(2.5);
  }

  @Test
  void inheritsItsParentsTickRate() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    assertThat(oc.tickRate()).isEqualTo(1000);

    timeline.setTickRate(90_000);
    assertThat(oc.tickRate()).isEqualTo(90_000);
  }

  @Test
  void runsTheOffsetInRootSecondsAheadScaledBySpeed() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    setSeconds(time, 10); // timeline reads 10000

    assertThat(oc.ticks()).isEqualTo(10_050); // 0.05 s at 1000 Hz
    timeline.setSpeed(0);
    assertThat(oc.ticks()).isEqualTo(timeline.ticks());
    timeline.setSpeed(2);
    assertThat(oc.ticks()).isEqualTo(timeline.ticks() + 100);
  }

  @Test
  void zeroAndNegativeOffsets() {
    setSeconds(time, 10);

    assertThat(new OffsetClock(timeline, 0).ticks()).isEqualTo(10_000);
    assertThat(new OffsetClock(timeline, -0.1).ticks()).isEqualTo(9_900);
  }

  @Test
  void changingTheOffsetNotifiesOnlyOnARealChange() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    setSeconds(time, 10);
    Recorder recorder = Recorder.on(oc);

    oc.setOffset(0.05);
    recorder.assertNotNotified();

    oc.setOffset(0.2);
    recorder.assertNotifiedOnceBy(oc);
    assertThat(oc.offset()).isEqualTo(0.2);
    assertThat(oc.ticks()).isEqualTo(10_200);
  }

  @Test
  void changingTheParentNotifiesAndUsesTheNewParent() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    CorrelatedClock pts = new CorrelatedClock(millis, 90_000, Correlation.ZERO);
    setSeconds(time, 10);
    Recorder recorder = Recorder.on(oc);

    oc.setParent(pts);

    recorder.assertNotifiedOnceBy(oc);
    assertThat(oc.tickRate()).isEqualTo(90_000);
    assertThat(oc.ticks()).isEqualTo(900_000 + 4_500); // 0.05 s at 90 kHz
  }

  @Test
  void convertsToAndFromRootTicks() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);

    assertThat(oc.toRootTicks(1050)).isEqualTo(1000);
    assertThat(oc.fromRootTicks(1000)).isEqualTo(1050);
    assertThat(oc.toParentTicks(1050)).isEqualTo(1000);
    assertThat(oc.fromParentTicks(1000)).isEqualTo(1050);
  }

  @Test
  void calcWhenLandsOnTheRootTimeSourceNanoseconds() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);

    double when = oc.calcWhen(1050); // timeline 1000 = root 1000 ms
    assertThat(when).isEqualTo(1e9);
    time.set((long) when);
    assertThat(oc.ticks()).isEqualTo(1050);
  }

  @Test
  void calcWhenUnderAPausedParentIsNaNOffTheFrozenValue() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    timeline.setCorrelationAndSpeed(new Correlation(500, 7), 0);

    assertThat(oc.ticks()).isEqualTo(7);
    assertThat(oc.calcWhen(8)).isNaN();
    assertThat(oc.calcWhen(7)).isEqualTo(500e6);
  }

  @Test
  void addsNoErrorOfItsOwn() {
    OffsetClock oc = new OffsetClock(timeline, 0.05);
    timeline.setCorrelation(new Correlation(0, 0, 0.01, 0));

    assertThat(oc.dispersionAtTime(1050)).isEqualTo(timeline.dispersionAtTime(1000));
    assertThat(oc.dispersionAtTime(1050)).isEqualTo(0.01 + 1e-3);
  }

  @Test
  void rejectsNonFiniteOffsets() {
    assertThatThrownBy(() -> new OffsetClock(timeline, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    OffsetClock oc = new OffsetClock(timeline, 0);
    assertThatThrownBy(() -> oc.setOffset(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
