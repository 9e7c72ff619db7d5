package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TicksTest {
  private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);
  private static final long YEAR_NANOS = 365L * 86_400 * 1_000_000_000L;
  private static final double[] RATES = {
    1e9,
    1e6,
    1e3,
    1,
    90_000,
    90_000.0 / 1001,
    30_000.0 / 1001,
    29.97,
    25,
    44_100,
    48_000,
    3e5,
    7,
    0.5,
    1e-3,
    1e10,
    2.5e9,
    1e12,
    27e6,
    1e9 + 1,
    1e9 - 1
  };

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  // ---- the usual rates are exact and match plain division or multiplication by the ratio

  @Test
  void theUsualRatesAreExact() {
    assertThat(Ticks.toTicks(1_234_567_891_000L, 1e9)).isEqualTo(1_234_567_891_000.0);
    assertThat(Ticks.toTicks(1_234_567_891_000L, 1e6)).isEqualTo(1_234_567_891.0);
    assertThat(Ticks.toNanos(1_234_567_891.0, 1e6)).isEqualTo(1_234_567_891_000.0);
    assertThat(Ticks.roundNanos(1_234_567_891.0, 1e6)).isEqualTo(1_234_567_891_000L);
    assertThat(Ticks.toTicks(1_234_567_891_000L, 1e10)).isEqualTo(12_345_678_910_000.0);
    assertThat(Ticks.roundNanos(12_345_678_910_004.0, 1e10)).isEqualTo(1_234_567_891_000L);
    assertThat(Ticks.toTicks(1_000_000_000L, 90_000)).isEqualTo(90_000.0);
    assertThat(Ticks.toNanos(90_000, 90_000)).isEqualTo(1e9);
    // multiplying by the rounded ratio 3e5 / 1e9 would give 2.9999999999999996 and floor to 2
    assertThat(Ticks.floorTicks(10_000, 3e5)).isEqualTo(3.0);
    assertThat(Ticks.floorTicks(-1, 1e6)).isEqualTo(-1.0);
    assertThat(Ticks.floorTicks(-1_000, 1e6)).isEqualTo(-1.0);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 10, 1000, 1_000_000})
  void ratesDividingABillionAreDivisionByTheirExactRatio(long divisor) {
    Random random = new Random(divisor);
    double rate = 1e9 / divisor;
    for (int i = 0; i < 1000; i++) {
      double nanos = random.nextDouble() * Math.pow(10, random.nextInt(20));
      assertThat(Ticks.toTicks(nanos, rate)).isEqualTo(nanos / divisor);
      assertThat(Ticks.toNanos(nanos, rate)).isEqualTo(nanos * divisor);
      assertThat(Ticks.toTicks(nanos, 1e9 * divisor)).isEqualTo(nanos * divisor);
      assertThat(Ticks.toNanos(nanos, 1e9 * divisor)).isEqualTo(nanos / divisor);
    }
  }

  @Test
  void aBillionIsTheIdentity() {
    for (double v : new double[] {0.1, -3.7, 1e300, Math.nextUp(0.0), 9.007199254740993e15}) {
      assertThat(Ticks.toTicks(v, 1e9)).isEqualTo(v);
      assertThat(Ticks.toNanos(v, 1e9)).isEqualTo(v);
    }
    assertThat(Ticks.floorTicks(Long.MAX_VALUE, 1e9)).isLessThanOrEqualTo(0x1p63);
    assertThat(Ticks.floorTicks((1L << 53) + 1, 1e9)).isEqualTo(0x1p53);
    assertThat(Ticks.floorTicks(-(1L << 53) - 1, 1e9)).isEqualTo(-0x1p53 - 2);
  }

  // ---- the stated rounding, against exact decimal arithmetic

  @ParameterizedTest
  @MethodSource("seeds")
  void toTicksIsTheNearestDouble(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      double rate = rate(random);
      long nanos = longValue(random);
      BigDecimal exact = new BigDecimal(nanos).multiply(new BigDecimal(rate));
      assertNearest(Ticks.toTicks(nanos, rate), exact, BILLION, nanos, rate);
      double d = doubleValue(random);
      exact = new BigDecimal(d).multiply(new BigDecimal(rate));
      assertNearest(Ticks.toTicks(d, rate), exact, BILLION, d, rate);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void toNanosIsTheNearestDouble(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      double rate = rate(random);
      double ticks = random.nextBoolean() ? (double) longValue(random) : doubleValue(random);
      BigDecimal num = new BigDecimal(ticks).multiply(BILLION);
      assertNearest(Ticks.toNanos(ticks, rate), num, new BigDecimal(rate), ticks, rate);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void floorTicksIsTheWholeTickAtOrBelow(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      double rate = rate(random);
      long nanos = longValue(random);
      BigDecimal exact = new BigDecimal(nanos).multiply(new BigDecimal(rate));
      double d = Ticks.floorTicks(nanos, rate);
      String what = nanos + " ns at " + rate;
      assertThat(d).as(what).isEqualTo(Math.rint(d));
      assertThat(new BigDecimal(d).multiply(BILLION)).as(what).isLessThanOrEqualTo(exact);
      double above = Math.ulp(d) >= 1 ? Math.nextUp(d) : d + 1;
      assertThat(new BigDecimal(above).multiply(BILLION)).as(what).isGreaterThan(exact);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void roundNanosIsTheNearestLongHalvesUp(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      double rate = rate(random);
      double ticks = random.nextBoolean() ? (double) longValue(random) : doubleValue(random);
      long n = Ticks.roundNanos(ticks, rate);
      BigDecimal twice = new BigDecimal(ticks).multiply(BILLION).multiply(BigDecimal.valueOf(2));
      BigDecimal r = new BigDecimal(rate);
      String what = ticks + " ticks at " + rate;
      if (n == Long.MAX_VALUE || n == Long.MIN_VALUE) {
        BigDecimal bound = new BigDecimal(n).multiply(BigDecimal.valueOf(2)).multiply(r);
        assertThat(n > 0 ? twice.compareTo(bound) >= 0 : twice.compareTo(bound) <= 0)
            .as(what)
            .isTrue();
        continue;
      }
      BigDecimal twiceN = BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(2));
      BigDecimal low = twiceN.subtract(BigDecimal.ONE).multiply(r);
      BigDecimal high = twiceN.add(BigDecimal.ONE).multiply(r);
      assertThat(twice).as(what).isGreaterThanOrEqualTo(low).isLessThan(high);
    }
  }

  @Test
  void halvesRoundUpAndTiesToEven() {
    assertThat(Ticks.roundNanos(0.5, 1e9)).isEqualTo(1);
    assertThat(Ticks.roundNanos(-0.5, 1e9)).isEqualTo(0);
    assertThat(Ticks.roundNanos(1, 2e9)).isEqualTo(1); // 0.5 ns
    assertThat(Ticks.roundNanos(-1, 2e9)).isEqualTo(0); // -0.5 ns
    assertThat(Ticks.roundNanos(1, 4e8)).isEqualTo(3); // 2.5 ns
    // 2^53 + 1 has no double: the exact 2^53 + 1 ticks (from the long) ties to even, 2^53
    assertThat(Ticks.toTicks((1L << 53) + 1, 1e9)).isEqualTo(0x1p53);
    assertThat(Ticks.toTicks((1L << 53) + 3, 1e9)).isEqualTo(0x1p53 + 4);
  }

  @Test
  void aYearOfUptimeKeepsEveryNanosecond() {
    long nanos = YEAR_NANOS + 123_456_789;
    // above 2^53: as a double the nanoseconds would already be rounded to a multiple of 4
    assertThat(nanos).isGreaterThan(1L << 53);
    assertThat(Ticks.toTicks(nanos, 1e6)).isEqualTo(31_536_000_123_456.789);
    assertThat(Ticks.floorTicks(nanos, 1e6)).isEqualTo(31_536_000_123_456.0);
    assertThat(Ticks.floorTicks(nanos, 90_000)).isEqualTo(2_838_240_011_111.0);
    assertThat(Ticks.floorTicks(-nanos, 90_000)).isEqualTo(-2_838_240_011_112.0);
    assertThat(Ticks.roundNanos(2_838_240_011_111.0, 90_000)).isEqualTo(YEAR_NANOS + 123_455_556);
  }

  @Test
  void nonFiniteValuesPassThroughAndBadRatesAreRefused() {
    assertThat(Ticks.toTicks(Double.NaN, 90_000)).isNaN();
    assertThat(Ticks.toTicks(Double.POSITIVE_INFINITY, 90_000)).isInfinite();
    assertThat(Ticks.toNanos(Double.NEGATIVE_INFINITY, 29.97)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Ticks.roundNanos(Double.NaN, 29.97)).isZero();
    assertThat(Ticks.roundNanos(1e300, 29.97)).isEqualTo(Long.MAX_VALUE);
    assertThat(Ticks.roundNanos(-1e300, 29.97)).isEqualTo(Long.MIN_VALUE);
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Ticks.toTicks(1.0, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Ticks.floorTicks(1, bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- helpers

  private static void assertNearest(
      double d, BigDecimal num, BigDecimal den, Object value, double rate) {
    String what = value + " at " + rate + " -> " + d;
    assertThat(Double.isFinite(d)).as(what).isTrue();
    BigDecimal dist = distance(d, num, den);
    BigDecimal up = distance(Math.nextUp(d), num, den);
    BigDecimal down = distance(Math.nextDown(d), num, den);
    assertThat(dist).as(what).isLessThanOrEqualTo(up).isLessThanOrEqualTo(down);
    if (dist.compareTo(up) == 0 || dist.compareTo(down) == 0) {
      assertThat(Double.doubleToRawLongBits(d) & 1).as(what + " (a tie)").isZero();
    }
  }

  /** {@code |num - d * den|}, which orders candidates as {@code |num / den - d|} does. */
  private static BigDecimal distance(double d, BigDecimal num, BigDecimal den) {
    return num.subtract(new BigDecimal(d).multiply(den)).abs();
  }

  private static double rate(Random random) {
    if (random.nextBoolean()) {
      return RATES[random.nextInt(RATES.length)];
    }
    return Math.pow(10, -3 + 15 * random.nextDouble()); // 1e-3 to 1e12
  }

  private static long longValue(Random random) {
    long v =
        switch (random.nextInt(6)) {
          case 0 -> random.nextInt(2_000_000);
          case 1 -> (1L << 53) + random.nextInt(1000) - 500;
          case 2 -> YEAR_NANOS + random.nextLong(YEAR_NANOS);
          case 3 -> random.nextLong(1L << 62);
          case 4 -> (long) (random.nextDouble() * Math.pow(10, random.nextInt(19)));
          default -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(10) : 0;
        };
    return random.nextBoolean() ? v : -v;
  }

  private static double doubleValue(Random random) {
    double v = random.nextDouble() * Math.pow(10, random.nextInt(25) - 3);
    return random.nextBoolean() ? v : -v;
  }
}
