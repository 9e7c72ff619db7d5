package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dvbcss.clock.ClockFixtures.measuredSysClock;
import static org.dvbcss.clock.ClockFixtures.setSeconds;

import org.dvbcss.clock.ClockFixtures.Recorder;
import org.junit.jupiter.api.Test;

class TunableClockTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final SysClock micros = measuredSysClock(time, 1e6);

  /** A 1 kHz tunable clock reading 5 at 5020.8 s, as in the reference's tests. */
  private TunableClock startedAtFive() {
    setSeconds(time, 5020.8);
    return new TunableClock(micros, 1000, 5);
  }

  @Test
  void startsAtTheTicksItWasGivenAtSpeedOne() {
    TunableClock c = startedAtFive();

    assertThat(c.ticks()).isEqualTo(5);
    assertThat(c.tickRate()).isEqualTo(1000);
    assertThat(c.speed()).isEqualTo(1.0);
    assertThat(c.slew()).isZero();
    assertThat(c.parent()).isSameAs(micros);
  }

  @Test
  void ticksAtItsTickRate() {
    TunableClock c = startedAtFive();

    setSeconds(time, 5020.8 + 100.2);
    assertThat(c.ticks()).isCloseTo(100.2 * 1000 + 5, within(1e-6));
  }

  @Test
  void slewAppliesFromTheMomentItIsSet() {
    TunableClock c = startedAtFive();
    setSeconds(time, 5020.8 + 100.2);

    c.setSlew(100);
    assertThat(c.ticks()).isCloseTo(100.2 * 1000 + 5, within(1e-6));
    assertThat(c.slew()).isCloseTo(100, within(1e-8));

    setSeconds(time, 5020.8 + 110.2);
    assertThat(c.ticks()).isCloseTo(100.2 * 1000 + 5 + 10 * 1100, within(1e-6));
  }

  @Test
  void adjustTicksMovesTheReadingByExactlyTheOffsetAndNotifies() {
    TunableClock c = startedAtFive();
    setSeconds(time, 5020.8 + 100.2);
    Recorder recorder = Recorder.on(c);

    c.adjustTicks(28);

    assertThat(c.ticks()).isCloseTo(100.2 * 1000 + 5 + 28, within(1e-6));
    recorder.assertNotifiedOnceBy(c);
    c.adjustTicks(0);
    recorder.assertNotNotified();
  }

  @Test
  void slewNotifiesItselfAndDescendantsButNotItsParent() {
    TunableClock c = startedAtFive();
    TunableClock cc = new TunableClock(c, 100);
    Recorder root = Recorder.on(micros);
    Recorder child = Recorder.on(c);
    Recorder grandchild = Recorder.on(cc);

    c.setSlew(100);

    root.assertNotNotified();
    assertThat(child.events).containsExactly(new Recorder.Event(c, c));
    assertThat(grandchild.events).containsExactly(new Recorder.Event(cc, c));
  }

  @Test
  void convertsToAndFromParentTicksWithSlew() {
    TunableClock c = startedAtFive();
    c.setSlew(50); // speed 1.05

    // 50000 ticks = 50 s at 1.05x = 50 / 1.05 s of the parent
    assertThat(c.toParentTicks(5 + 1000 * 50))
        .isCloseTo(micros.ticks() + 1e6 * 50 / 1.05, within(1.0));
    assertThat(c.fromParentTicks(micros.ticks() + 1e6 * 50 / 1.05))
        .isCloseTo(5 + 1000 * 50, within(1e-5));
  }

  @Test
  void errorIsInitiallyZeroAndDoesNotGrow() {
    TunableClock c = new TunableClock(micros, 1000, 5);

    double t = micros.ticks();
    double parentDispersion = micros.dispersionAtTime(t);
    assertThat(c.dispersionAtTime(c.fromParentTicks(t))).isEqualTo(parentDispersion);
    assertThat(c.dispersionAtTime(c.fromParentTicks(t + 1_000_000))).isEqualTo(parentDispersion);
  }

  @Test
  void setErrorGivesTheErrorNowAndItsGrowthFromNow() {
    SysClock millis = measuredSysClock(time, 1000);
    TunableClock c = new TunableClock(millis, 1000, 5);
    double rootError = millis.dispersionAtTime(0);

    setSeconds(time, 1000);
    c.setError(0.1, 0.01); // 0.1 s, growing 0.01 s per second
    assertThat(c.dispersion()).isCloseTo(0.1 + rootError, within(1e-7));

    setSeconds(time, 1005);
    assertThat(c.dispersion()).isCloseTo(0.15 + rootError, within(1e-7));

    c.setError(0.2, 0.001);
    assertThat(c.dispersion()).isCloseTo(0.2 + rootError, within(1e-7));

    setSeconds(time, 1010);
    assertThat(c.dispersion()).isCloseTo(0.205 + rootError, within(1e-7));
  }

  @Test
  void setSpeedAndTickRateApplyFromNowWithoutAJump() {
    TunableClock c = startedAtFive();
    setSeconds(time, 5030.8); // 10 s later: 10005

    c.setSpeed(2);
    assertThat(c.ticks()).isCloseTo(10_005, within(1e-6));
    setSeconds(time, 5031.8);
    assertThat(c.ticks()).isCloseTo(12_005, within(1e-6));

    c.setTickRate(500); // speed 2 at 500 Hz: 1000 ticks per second from now
    assertThat(c.ticks()).isCloseTo(12_005, within(1e-6));
    setSeconds(time, 5032.8);
    assertThat(c.ticks()).isCloseTo(13_005, within(1e-6));
  }

  @Test
  void resumesFromSpeedZeroWithoutAJump() {
    TunableClock c = startedAtFive();
    setSeconds(time, 5021.8); // 1005

    c.setSpeed(0);
    setSeconds(time, 5031.8);
    assertThat(c.ticks()).isCloseTo(1005, within(1e-6));

    c.setSpeed(1); // the reference jumps to 11005 here
    assertThat(c.ticks()).isCloseTo(1005, within(1e-6));
    setSeconds(time, 5032.8);
    assertThat(c.ticks()).isCloseTo(2005, within(1e-6));
  }

  @Test
  void settingTheSameValuesAgainNotifiesNobody() {
    TunableClock c = startedAtFive();
    c.setError(0.1, 0.01);
    Recorder recorder = Recorder.on(c);

    c.setSpeed(1);
    c.setSlew(0);
    c.setTickRate(1000);
    c.setError(0.1, 0.01); // same instant: the rebased error is still 0.1

    recorder.assertNotNotified();
  }

  @Test
  void calcWhenLandsOnTheRootTimeSourceNanoseconds() {
    TunableClock c = startedAtFive();

    // tick 1005 is 1 s after tick 5
    double when = c.calcWhen(1005);
    assertThat(when).isCloseTo(5021.8e9, within(1.0));
    time.set(Math.round(when));
    assertThat(c.ticks()).isCloseTo(1005, within(1e-6));

    c.setSpeed(0);
    assertThat(c.calcWhen(1006)).isNaN();
    assertThat(c.calcWhen(c.ticks())).isEqualTo(when);
  }

  @Test
  void rejectsNegativeErrorsAndNonFiniteAdjustments() {
    TunableClock c = startedAtFive();

    assertThatThrownBy(() -> c.setError(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setError(0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.adjustTicks(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setSpeed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
