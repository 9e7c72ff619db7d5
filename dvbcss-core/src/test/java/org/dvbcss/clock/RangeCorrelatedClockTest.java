package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dvbcss.clock.ClockFixtures.sysClock;

import org.dvbcss.clock.ClockFixtures.Recorder;
import org.junit.jupiter.api.Test;

class RangeCorrelatedClockTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final SysClock millis = sysClock(time, 1000, 0);

  private RangeCorrelatedClock through(Correlation first, Correlation second) {
    return new RangeCorrelatedClock(millis, 1000, first, second);
  }

  private void atRootTicks(double rootTicks) {
    time.set(Math.round(millis.calcWhen(rootTicks)));
  }

  @Test
  void interpolatesBetweenAndThroughItsCorrelations() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1110));

    atRootTicks(100);
    assertThat(c.ticks()).isEqualTo(1000);
    atRootTicks(150);
    assertThat(c.ticks()).isEqualTo(1055);
    atRootTicks(200);
    assertThat(c.ticks()).isEqualTo(1110);
    atRootTicks(300);
    assertThat(c.ticks()).isEqualTo(1220);
  }

  @Test
  void hasSpeedOneAndAnAdvisoryTickRate() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1110));

    assertThat(c.speed()).isEqualTo(1.0);
    assertThat(c.tickRate()).isEqualTo(1000);
    assertThat(c.firstCorrelation()).isEqualTo(new Correlation(100, 1000));
    assertThat(c.secondCorrelation()).isEqualTo(new Correlation(200, 1110));
  }

  @Test
  void convertsInFloatingPointWithoutFloorDivision() {
    // Python 2 floor-divides (1 - 0) / (3 - 0) to 0 here.
    RangeCorrelatedClock c = through(new Correlation(0, 0), new Correlation(1, 3));

    assertThat(c.toParentTicks(1)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(c.fromParentTicks(1.0 / 3)).isCloseTo(1, within(1e-15));
    assertThat(c.fromParentTicks(0.5)).isEqualTo(1.5);
  }

  @Test
  void replacingTheCorrelationsNotifiesOnlyOnARealChange() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1110));
    Recorder recorder = Recorder.on(c);

    c.setCorrelations(new Correlation(100, 1000), new Correlation(200, 1110));
    recorder.assertNotNotified();

    c.setCorrelations(new Correlation(100, 2000), new Correlation(200, 2110));
    recorder.assertNotifiedOnceBy(c);
    atRootTicks(200);
    assertThat(c.ticks()).isEqualTo(2110);
  }

  @Test
  void rejectsCorrelationsAtTheSameParentTicks() {
    assertThatThrownBy(() -> through(new Correlation(100, 1000), new Correlation(100, 2000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorIsTheSmallerOfTheTwoUsingAbsoluteDistances() {
    // Both 0 s at their points, growing 0.5 s per second of the 1000 Hz parent.
    RangeCorrelatedClock c =
        through(new Correlation(100, 1000, 0, 0.5), new Correlation(200, 1110, 0, 0.5));

    assertThat(c.dispersionAtTime(1000)).isZero();
    // child 1055 = parent 150: 0.05 s from each point -> 0.025 s
    assertThat(c.dispersionAtTime(1055)).isCloseTo(0.025, within(1e-12));
    // child 890 = parent 0: 0.1 s before the first point -> 0.05 s (the reference's signed
    // distance gives -0.05 s here)
    assertThat(c.dispersionAtTime(890)).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void setParentMovesTheClockAndNotifies() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1110));
    CorrelatedClock other = new CorrelatedClock(millis, 1000, new Correlation(0, 100));
    Recorder recorder = Recorder.on(c);

    c.setParent(other);

    recorder.assertNotifiedOnceBy(c);
    atRootTicks(50); // other reads 150
    assertThat(c.ticks()).isEqualTo(1055);
  }

  @Test
  void calcWhenLandsOnTheRootTimeSourceNanoseconds() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1110));

    assertThat(c.calcWhen(1055)).isEqualTo(150e6);
  }

  @Test
  void calcWhenOfAFlatRangeIsNaNOffItsValue() {
    RangeCorrelatedClock c = through(new Correlation(100, 1000), new Correlation(200, 1000));

    assertThat(c.ticks()).isEqualTo(1000);
    assertThat(c.calcWhen(1001)).isNaN();
    assertThat(c.calcWhen(1000)).isEqualTo(100e6);
    assertThat(c.dispersionAtTime(1001)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
