package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dvbcss.clock.ClockFixtures.measuredSysClock;
import static org.dvbcss.clock.ClockFixtures.setSeconds;
import static org.dvbcss.clock.ClockFixtures.sysClock;

import java.util.function.Consumer;
import org.dvbcss.clock.ClockFixtures.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelatedClockTest {
  private final ManualTimeSource time = new ManualTimeSource();

  /** A root counting microseconds, as the reference's tests default to. */
  private final SysClock micros = measuredSysClock(time, 1e6);

  @Test
  void keepsCorrelationAndTickRateItWasGiven() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(0, 300));

    assertThat(c.correlation()).isEqualTo(new Correlation(0, 300));
    assertThat(c.tickRate()).isEqualTo(1000);
    assertThat(c.speed()).isEqualTo(1.0);
    assertThat(c.parent()).isSameAs(micros);
  }

  @Test
  void ticksFromItsCorrelation() {
    setSeconds(time, 5020.8);
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(0, 300));
    assertThat(c.ticks()).isCloseTo(5020.8 * 1000 + 300, within(1e-5));

    setSeconds(time, 5020.8 + 22.7);
    assertThat(c.ticks()).isCloseTo((5020.8 + 22.7) * 1000 + 300, within(1e-5));
  }

  @Test
  void changingTheCorrelationMovesTheReading() {
    setSeconds(time, 5020.8);
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(0, 300));

    c.setCorrelation(new Correlation(50000, 320));
    assertThat(c.correlation()).isEqualTo(new Correlation(50000, 320));
    // (5020800000 - 50000) / 1000 + 320
    assertThat(c.ticks()).isCloseTo(5_020_750.0 + 320, within(1e-5));

    c.setCorrelationAndSpeed(new Correlation(50000, 400), 1.0);
    assertThat(c.ticks()).isCloseTo(5_020_750.0 + 400, within(1e-5));
  }

  @Test
  void changingTickRateMakesTheReadingJump() {
    setSeconds(time, 5020.8);
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300));
    assertThat(c.ticks()).isCloseTo((5020.8e6 - 50) / (1e6 / 1000) + 300, within(1e-5));

    c.setTickRate(500);
    assertThat(c.tickRate()).isEqualTo(500);
    assertThat(c.ticks()).isCloseTo((5020.8e6 - 50) / (1e6 / 500) + 300, within(1e-5));
  }

  @Test
  void correlationChangeNotifiesItselfAndDescendantsButNotItsParent() {
    assertChangeCascades(c -> c.setCorrelation(new Correlation(50, 20)));
  }

  @Test
  void speedChangeNotifiesItselfAndDescendantsButNotItsParent() {
    assertChangeCascades(c -> c.setSpeed(0.5));
  }

  @Test
  void tickRateChangeNotifiesItselfAndDescendantsButNotItsParent() {
    assertChangeCascades(c -> c.setTickRate(500));
  }

  private void assertChangeCascades(Consumer<CorrelatedClock> change) {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(0, 300));
    CorrelatedClock cc = new CorrelatedClock(c, 50);
    Recorder root = Recorder.on(micros);
    Recorder child = Recorder.on(c);
    Recorder grandchild = Recorder.on(cc);

    change.accept(c);

    root.assertNotNotified();
    assertThat(child.events).containsExactly(new Recorder.Event(c, c));
    assertThat(grandchild.events).containsExactly(new Recorder.Event(cc, c));
  }

  @Test
  void settingTheSameValuesAgainNotifiesNobody() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(0, 300), 2.0);
    CorrelatedClock cc = new CorrelatedClock(c, 50);
    Recorder child = Recorder.on(c);
    Recorder grandchild = Recorder.on(cc);

    c.setCorrelation(new Correlation(0, 300));
    c.setSpeed(2.0);
    c.setTickRate(1000);
    c.setCorrelationAndSpeed(new Correlation(0, 300), 2.0);
    c.setParent(micros);

    child.assertNotNotified();
    grandchild.assertNotNotified();
  }

  @Test
  void rebaseKeepsTheMappingAndMovesTheCorrelationPoint() {
    SysClock millis = sysClock(time, 1000, 0);
    CorrelatedClock c = new CorrelatedClock(millis, 1000, new Correlation(50, 300));

    c.rebaseCorrelationAtTicks(400);

    assertThat(c.correlation()).isEqualTo(new Correlation(150, 400));
  }

  @Test
  void rebaseGrowsTheErrorWithTheAbsoluteParentDistanceAndNotifiesNobody() {
    SysClock millis = sysClock(time, 1000, 0);
    CorrelatedClock c = new CorrelatedClock(millis, 1000, new Correlation(50, 300, 0.1, 0.01));
    Recorder recorder = Recorder.on(c);

    // tick 200 is parent tick 50 + (200 - 300) = -50: 100 parent ticks = 0.1 s before the point.
    // The error grows by 0.1 s * 0.01 = 0.001 (the reference subtracts it, giving 0.099).
    c.rebaseCorrelationAtTicks(200);

    assertThat(c.correlation().parentTicks()).isEqualTo(-50);
    assertThat(c.correlation().childTicks()).isEqualTo(200);
    assertThat(c.correlation().initialError()).isCloseTo(0.101, within(1e-12));
    assertThat(c.correlation().errorGrowthRate()).isEqualTo(0.01);
    recorder.assertNotNotified();
  }

  @Test
  void rebaseAtTicksAPausedClockNeverReachesIsRejected() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300), 0);

    assertThatThrownBy(() -> c.rebaseCorrelationAtTicks(301))
        .isInstanceOf(IllegalArgumentException.class);
    c.rebaseCorrelationAtTicks(300);
    assertThat(c.correlation()).isEqualTo(new Correlation(50, 300));
  }

  @Test
  void rebaseAtParentTicksWorksAtSpeedZeroAndTheClockResumesFromWhereItPaused() {
    SysClock millis = sysClock(time, 1000, 0);
    CorrelatedClock c = new CorrelatedClock(millis, 1000, new Correlation(50, 300, 0.1, 0.01), 0);
    Recorder recorder = Recorder.on(c);

    setSeconds(time, 1.05); // root reads 1050
    c.rebaseCorrelationAtParentTicks(millis.ticks());

    // Paused at 300; 1000 parent ticks (1 s) from the old point: error 0.1 + 1 * 0.01.
    assertThat(c.correlation().parentTicks()).isEqualTo(1050);
    assertThat(c.correlation().childTicks()).isEqualTo(300);
    assertThat(c.correlation().initialError()).isCloseTo(0.11, within(1e-12));
    assertThat(c.ticks()).isEqualTo(300);
    recorder.assertNotNotified();

    c.setSpeed(1);
    assertThat(c.ticks()).isEqualTo(300);
    setSeconds(time, 2.05);
    assertThat(c.ticks()).isEqualTo(1300);
  }

  @Test
  void convertsToAndFromParentTicks() {
    SysClock root = sysClock(time, 2e6, 0);
    CorrelatedClock c = new CorrelatedClock(root, 1000, new Correlation(50, 300));

    // 100 ticks past the point at 1000 Hz = 0.1 s = 200000 parent ticks
    assertThat(c.toParentTicks(400)).isCloseTo(50 + (400 - 300) * 2000, within(1e-5));
    assertThat(c.fromParentTicks(50 + (400 - 300) * 2000)).isCloseTo(400, within(1e-5));
  }

  @Test
  void atSpeedZeroOnlyTheCorrelationPointMapsToTheParent() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300), 0);
    setSeconds(time, 1000);

    assertThat(c.ticks()).isEqualTo(300);
    assertThat(c.toParentTicks(300)).isEqualTo(50);
    assertThat(c.toParentTicks(301)).isNaN();
    assertThat(c.fromParentTicks(50)).isEqualTo(300);
    assertThat(c.fromParentTicks(123456789)).isEqualTo(300);
  }

  @Test
  void rootIsTheTopOfTheTree() {
    CorrelatedClock b = new CorrelatedClock(micros, 1000);
    CorrelatedClock c = new CorrelatedClock(b, 2000);
    CorrelatedClock d = new CorrelatedClock(c, 3000);

    assertThat(b.root()).isSameAs(micros);
    assertThat(c.root()).isSameAs(micros);
    assertThat(d.root()).isSameAs(micros);
    assertThat(d.ancestry()).containsExactly(d, c, b, micros);
  }

  @Test
  void setCorrelationAndSpeedNotifiesOnce() {
    CorrelatedClock b = new CorrelatedClock(micros, 1000, new Correlation(0, 0));
    Recorder recorder = Recorder.on(b);

    b.setCorrelationAndSpeed(new Correlation(5, 0), 2);

    recorder.assertNotifiedOnceBy(b);
    // 10 ticks at 1000 Hz and speed 2 = 0.005 s = 5000 us after parent tick 5
    assertThat(b.toParentTicks(10)).isEqualTo(5005);
  }

  @Test
  void quantifyChangeMeasuresTheJumpInSeconds() {
    CorrelatedClock b = new CorrelatedClock(micros, 1000, new Correlation(0, 0));

    assertThat(b.quantifyChange(new Correlation(0, 0), 1.01)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.quantifyChange(new Correlation(0, 1000), 1.0)).isEqualTo(1.0);
    assertThat(b.isChangeSignificant(new Correlation(0, 1000), 1.0, 0.999)).isTrue();
    assertThat(b.isChangeSignificant(new Correlation(0, 1000), 1.0, 1.0)).isFalse();

    b.setSpeed(0.0);
    assertThat(b.quantifyChange(new Correlation(0, 5), 0.0)).isEqualTo(0.005);
  }

  @Test
  void setParentMovesTheClockAndNotifiesOnlyOnARealChange() {
    CorrelatedClock other = new CorrelatedClock(micros, 1000);
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300));
    Recorder recorder = Recorder.on(c);

    c.setParent(micros);
    recorder.assertNotNotified();

    c.setParent(other);
    assertThat(c.parent()).isSameAs(other);
    recorder.assertNotifiedOnceBy(c);

    Recorder onOther = Recorder.on(other);
    other.setSpeed(2);
    onOther.assertNotifiedOnceBy(other);
    recorder.assertNotifiedOnceBy(other);
  }

  @Test
  void dispersionWithoutErrorIsTheParents() {
    SysClock root = sysClock(time, 1000, 1e-6);
    CorrelatedClock c = new CorrelatedClock(root, 1000, new Correlation(50, 300));

    assertThat(c.dispersionAtTime(300)).isEqualTo(1e-6);
    assertThat(c.dispersionAtTime(1_000_000)).isEqualTo(1e-6);
  }

  @Test
  void dispersionGrowsWithAbsoluteDistanceOnBothSidesOfTheCorrelation() {
    SysClock root = sysClock(time, 1000, 1e-6);
    CorrelatedClock c = new CorrelatedClock(root, 1000, new Correlation(50, 300, 0.01, 0.5));

    assertThat(c.dispersionAtTime(300)).isCloseTo(0.01 + 1e-6, within(1e-12));
    // 100 ticks = 0.1 s either side: 0.01 + 0.1 * 0.5
    assertThat(c.dispersionAtTime(400)).isCloseTo(0.06 + 1e-6, within(1e-12));
    assertThat(c.dispersionAtTime(200)).isCloseTo(0.06 + 1e-6, within(1e-12));
  }

  @Test
  void dispersionOfAPausedClockIsInfiniteAtTicksItNeverReaches() {
    SysClock root = sysClock(time, 1000, 1e-6);
    CorrelatedClock c = new CorrelatedClock(root, 1000, new Correlation(50, 300, 0.01, 0.5), 0);

    // paused, it reads 300 whatever the root reads: the root's precision is not in its error
    assertThat(c.dispersionAtTime(300)).isCloseTo(0.01, within(1e-12));
    assertThat(c.dispersionAtTime(301)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(c.dispersion()).isCloseTo(0.01, within(1e-12));
  }

  @ParameterizedTest
  @ValueSource(doubles = {2.0, -1.5, 0.5, 1.0})
  void theParentsDispersionIsScaledByTheSpeedIntoSecondsOfThisClock(double speed) {
    SysClock root = sysClock(time, 1000, 1e-3);
    CorrelatedClock wall = new CorrelatedClock(root, 1e9, new Correlation(0, 0, 0.004, 0));
    CorrelatedClock timeline =
        new CorrelatedClock(wall, 90_000, new Correlation(0, 0, 0.0001, 0), speed);

    // the wall clock is wrong by up to 5 ms; at speed s that moves the timeline by |s| * 5 ms
    assertThat(wall.dispersion()).isCloseTo(0.005, within(1e-12));
    assertThat(timeline.dispersion()).isCloseTo(0.0001 + Math.abs(speed) * 0.005, within(1e-12));
  }

  /**
   * {@code offsetAndDrift} reads parent + offset + parent * ppm / 1e6 exactly as defined, computed
   * here in exact decimal arithmetic, up to a year of uptime in nanoseconds, to within a tenth of a
   * nanosecond or four units in the last place of a double (16 ns at a year: the resolution of a
   * tick count held in a double), whichever is larger.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void offsetAndDriftReadsAsDefined(long seed) {
    java.util.Random r = new java.util.Random(seed);
    ManualTimeSource t = new ManualTimeSource(0);
    SysClock mono = SysClock.builder().timeSource(t).tickRate(1e9).build();
    double offset = (r.nextDouble() - 0.5) * 20;
    double ppm = (r.nextDouble() - 0.5) * 1000;
    CorrelatedClock drifting = CorrelatedClock.offsetAndDrift(mono, offset, ppm);
    long[] instants = new long[100];
    for (int i = 0; i < instants.length; i++) {
      instants[i] = (long) (r.nextDouble() * 365.25 * 86_400e9);
    }
    java.util.Arrays.sort(instants);
    for (long monoNs : instants) {
      t.set(monoNs);
      java.math.BigDecimal m = java.math.BigDecimal.valueOf(monoNs);
      double expected =
          m.add(java.math.BigDecimal.valueOf(offset).multiply(java.math.BigDecimal.valueOf(1e9)))
              .add(
                  m.multiply(java.math.BigDecimal.valueOf(ppm))
                      .divide(java.math.BigDecimal.valueOf(1_000_000)))
              .doubleValue();
      double tolerance = Math.max(0.1, 4 * Math.ulp(expected));
      assertThat(drifting.ticks()).as("at %d ns", monoNs).isCloseTo(expected, within(tolerance));
    }
    assertThat(drifting.dispersion()).isEqualTo(mono.dispersion() * (1 + ppm / 1e6));
    assertThatThrownBy(() -> CorrelatedClock.offsetAndDrift(mono, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CorrelatedClock.offsetAndDrift(mono, 0, -1e6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPausedChildCarriesOnlyItsOwnErrorWhateverItsParentsError() {
    SysClock root = sysClock(time, 1000, 1e-3);
    CorrelatedClock wall = new CorrelatedClock(root, 1e9, new Correlation(0, 0, 10, 0));
    CorrelatedClock timeline = new CorrelatedClock(wall, 1000, new Correlation(0, 42, 0.002, 0), 0);

    assertThat(timeline.dispersion()).isEqualTo(0.002);
  }

  @Test
  void calcWhenLandsOnTheRootTimeSourceNanoseconds() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300));

    // tick 400 is 0.1 s after parent tick 50 us: root tick 100050 us = 100050000 ns
    double when = c.calcWhen(400);
    assertThat(when).isEqualTo(100_050_000.0);
    time.set((long) when);
    assertThat(c.ticks()).isEqualTo(400);
  }

  @Test
  void calcWhenAtSpeedZeroIsNaNOffTheCorrelationPoint() {
    CorrelatedClock c = new CorrelatedClock(micros, 1000, new Correlation(50, 300), 0);

    assertThat(c.calcWhen(301)).isNaN();
    assertThat(c.calcWhen(300)).isEqualTo(50_000.0);
  }

  @Test
  void rejectsBadTickRatesAndSpeeds() {
    assertThatThrownBy(() -> new CorrelatedClock(micros, 0))
        .isInstanceOf(IllegalArgumentException.class);
    CorrelatedClock c = new CorrelatedClock(micros, 1000);
    assertThatThrownBy(() -> c.setTickRate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setSpeed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setSpeed(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
