package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dvbcss.clock.ClockFixtures.measuredSysClock;
import static org.dvbcss.clock.ClockFixtures.setSeconds;
import static org.dvbcss.clock.ClockFixtures.sysClock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysClockTest {
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final ManualTimeSource time = new ManualTimeSource();

  @Test
  void readsTheTimeSourceAtItsTickRate() {
    SysClock clock = measuredSysClock(time, 1e6);

    setSeconds(time, 1234.5678);
    assertThat(clock.ticks()).isCloseTo(1234.5678 * 1e6, within(1e-5));

    setSeconds(time, 19445.325);
    assertThat(clock.ticks()).isCloseTo(19445.325 * 1e6, within(1e-5));
  }

  @Test
  void readsNanosecondsByDefault() {
    time.set(123_456_789_012L);
    SysClock clock = SysClock.builder().timeSource(time).precision(1e-9).build();

    assertThat(clock.tickRate()).isEqualTo(1e9);
    assertThat(clock.ticks()).isEqualTo(123_456_789_012.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 7, 25, 1000, 44_100, 48_000, 90_000, 300_000, 1e6, 3e6, 27e6})
  void readsWholeTicksRoundedDownAndCalcWhenIsExactOnTickBoundaries(double tickRate) {
    BigDecimal rate = BigDecimal.valueOf(tickRate);
    // Instants that begin a tick: the clock must read exactly that tick there, not the one before.
    SysClock clock = sysClock(time, tickRate, 0);
    for (long tick = 1; tick < 1_000_000; tick = tick * 2 + 1) {
      BigDecimal nanos =
          BigDecimal.valueOf(tick)
              .multiply(NANOS_PER_SECOND)
              .divide(rate, 9, RoundingMode.HALF_EVEN);
      if (nanos.stripTrailingZeros().scale() > 0) {
        continue; // this tick does not begin on a whole nanosecond
      }
      time.set(nanos.longValueExact());
      assertThat(clock.ticks()).as("ticks at %s ns", nanos).isEqualTo((double) tick);
      assertThat(clock.calcWhen(tick)).as("calcWhen(%d)", tick).isEqualTo(nanos.doubleValue());
    }
    // Arbitrary instants: floor(nanos * tickRate / 1e9), computed exactly.
    ManualTimeSource later = new ManualTimeSource();
    SysClock other = sysClock(later, tickRate, 0);
    for (long nanos = 1; nanos < 20_000_000_000L; nanos = nanos * 3 + 7) {
      later.set(nanos);
      BigDecimal exact =
          BigDecimal.valueOf(nanos).multiply(rate).divide(NANOS_PER_SECOND, 0, RoundingMode.FLOOR);
      assertThat(other.ticks()).as("ticks at %d ns", nanos).isEqualTo(exact.doubleValue());
    }
  }

  @Test
  void calcWhenIsNanosecondsOfTheTimeSource() {
    SysClock clock = measuredSysClock(time, 1e6);
    // 91248752 us = 91248752000 ns
    assertThat(clock.calcWhen(91_248_752)).isEqualTo(91_248_752_000.0);
  }

  @Test
  void hasNoParent() {
    SysClock clock = measuredSysClock(time, 1e6);

    assertThat(clock.parent()).isNull();
    assertThatThrownBy(() -> clock.toParentTicks(10)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> clock.fromParentTicks(10)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void isItsOwnRootAndAncestry() {
    SysClock clock = measuredSysClock(time, 1e6);

    assertThat(clock.root()).isSameAs(clock);
    assertThat(clock.ancestry()).containsExactly(clock);
    assertThat(clock.toRootTicks(12345)).isEqualTo(12345);
    assertThat(clock.fromRootTicks(12345)).isEqualTo(12345);
  }

  @Test
  void isAlwaysAvailableAndCannotChangeAvailability() {
    SysClock clock = measuredSysClock(time, 1e6);

    assertThat(clock.isAvailable()).isTrue();
    assertThatThrownBy(() -> clock.setAvailability(true))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> clock.setAvailability(false))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(clock.isAvailable()).isTrue();
  }

  @Test
  void dispersionIsTheMeasuredPrecisionAtAnyTime() {
    SysClock clock = measuredSysClock(time, 1e9);

    double now = clock.ticks();
    assertThat(clock.precision()).isCloseTo(1e-6, within(1e-7));
    assertThat(clock.dispersionAtTime(now)).isCloseTo(1e-6, within(1e-7));
    assertThat(clock.dispersionAtTime(now + clock.tickRate() * 1000)).isCloseTo(1e-6, within(1e-7));
  }

  @Test
  void precisionOfASourceThatNeverMovesIsOneTick() {
    assertThat(SysClock.measurePrecision(time, 1000, 10)).isEqualTo(0.001);
  }

  @Test
  void speedIsOneAndStatesItsFrequencyErrorAndTimeSource() {
    SysClock clock = SysClock.builder().timeSource(time).precision(0).maxFreqErrorPpm(20).build();

    assertThat(clock.speed()).isEqualTo(1.0);
    assertThat(clock.effectiveSpeed()).isEqualTo(1.0);
    assertThat(clock.rootMaxFreqErrorPpm()).isEqualTo(20);
    assertThat(clock.timeSource()).isSameAs(time);
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> SysClock.builder().tickRate(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SysClock.builder().tickRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SysClock.builder().precision(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SysClock.builder().maxFreqErrorPpm(-1))
        .isInstanceOf(IllegalArgumentException.class);
    // a clock that may be off by a whole second per second may stand still: no bound
    assertThatThrownBy(() -> SysClock.builder().maxFreqErrorPpm(1e6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SysClock.builder().maxFreqErrorPpm(999_999).build().maxFreqErrorPpm())
        .isEqualTo(999_999);
  }
}
