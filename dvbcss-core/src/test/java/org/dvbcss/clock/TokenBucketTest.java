package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  static LongStream seeds() {
    return LongStream.range(0, 30);
  }

  private static int takeAll(TokenBucket bucket, long now) {
    int n = 0;
    while (bucket.tryTake(now)) {
      n++;
    }
    return n;
  }

  @Test
  void startsFullTakesItsBurstAtOnceThenOneAnInterval() {
    TokenBucket b = new TokenBucket(10, 5, 0);
    assertThat(b.intervalNanos()).isEqualTo(100_000_000L);
    assertThat(b.available(0)).isEqualTo(5);
    assertThat(b.isFull(0)).isTrue();
    assertThat(takeAll(b, 0)).isEqualTo(5);
    assertThat(b.available(0)).isZero();
    assertThat(b.tryTake(99_999_999)).isFalse();
    assertThat(b.tryTake(100_000_000)).isTrue();
    assertThat(b.tryTake(100_000_000)).isFalse();
    assertThat(b.available(350_000_000)).isEqualTo(2);
    assertThat(b.isFull(600_000_000)).isTrue();
    assertThat(b.available(600_000_000)).isEqualTo(5);
  }

  @Test
  void aRefusalCostsNothing() {
    TokenBucket b = new TokenBucket(1, 1, 0);
    assertThat(b.tryTake(0)).isTrue();
    for (int i = 0; i < 1000; i++) {
      assertThat(b.tryTake(i)).isFalse();
    }
    assertThat(b.tryTake(SECOND)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.001, 29.97, 90_000.0 / 1001, 3})
  void fractionalRatesGiveOneTokenPerRoundedInterval(double rate) {
    TokenBucket b = new TokenBucket(rate, 1, 0);
    long interval = Math.round(1e9 / rate);
    assertThat(b.intervalNanos()).isEqualTo(interval);
    assertThat(b.tryTake(0)).isTrue();
    assertThat(b.tryTake(interval - 1)).isFalse();
    assertThat(b.tryTake(interval)).isTrue();
    // over a long run the count matches the rate
    long run = 1000 * interval;
    int taken = 0;
    for (long t = interval; t <= interval + run; t += interval / 3 + 1) {
      taken += b.tryTake(t) ? 1 : 0;
    }
    assertThat(taken).isBetween(999, 1001);
  }

  @Test
  void ratesAboveOneBillionGiveOneTokenANanosecond() {
    TokenBucket b = new TokenBucket(1e12, 1, 0);
    assertThat(b.intervalNanos()).isEqualTo(1);
    assertThat(b.tryTake(0)).isTrue();
    assertThat(b.tryTake(0)).isFalse();
    assertThat(b.tryTake(1)).isTrue();
  }

  @Test
  void extremelySlowRatesAreCappedWithoutOverflow() {
    TokenBucket b = new TokenBucket(1e-300, 1000, Long.MAX_VALUE - 5);
    assertThat(b.intervalNanos()).isEqualTo((1L << 62) / 1000);
    assertThat(takeAll(b, Long.MAX_VALUE - 5)).isEqualTo(1000);
    assertThat(b.available(Long.MIN_VALUE + 10)).isZero(); // the time source wrapped: 15 ns later
  }

  @Test
  void aLongIdleRefillsToTheBurstAndNoMore() {
    long start = Long.MAX_VALUE - SECOND; // the origin is arbitrary, so readings may wrap
    TokenBucket b = new TokenBucket(1000, 20, start);
    assertThat(takeAll(b, start)).isEqualTo(20);
    long later = start + (1L << 62); // 146 years later, wrapping around the long range
    assertThat(b.isFull(later)).isTrue();
    assertThat(b.available(later)).isEqualTo(20);
    assertThat(takeAll(b, later)).isEqualTo(20);
  }

  @Test
  void timeGoingBackwardsGainsNothing() {
    TokenBucket b = new TokenBucket(1, 2, 10 * SECOND);
    assertThat(takeAll(b, 10 * SECOND)).isEqualTo(2);
    assertThat(b.tryTake(5 * SECOND)).isFalse();
    assertThat(b.available(5 * SECOND)).isZero();
    assertThat(b.tryTake(11 * SECOND)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void neverGivesMoreThanTheBurstPlusTheRateAndGivesThatMuchWhenAsked(long seed) {
    Random random = new Random(seed);
    double rate = Math.pow(10, -1 + 5 * random.nextDouble());
    int burst = 1 + random.nextInt(50);
    long now = random.nextLong();
    TokenBucket b = new TokenBucket(rate, burst, now);
    long interval = b.intervalNanos();
    long start = now;
    long taken = 0;
    for (int i = 0; i < 2000; i++) {
      now += random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * 3 * interval);
      int before = b.available(now);
      boolean took = b.tryTake(now);
      assertThat(took).isEqualTo(before > 0);
      if (took) {
        taken++;
        assertThat(b.available(now)).isEqualTo(before - 1);
      }
      // within any time since the start, at most the burst and one token per interval
      assertThat(taken).isLessThanOrEqualTo(burst + (now - start) / interval);
    }
    // a greedy taker, asking at every instant, gets exactly the burst plus one per interval
    TokenBucket greedy = new TokenBucket(rate, burst, 0);
    long got = takeAll(greedy, 0);
    for (long t = interval; t <= 100 * interval; t += interval) {
      got += takeAll(greedy, t);
    }
    assertThat(got).isEqualTo(burst + 100);
  }

  @Test
  void badArgumentsAreRefused() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new TokenBucket(bad, 1, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
