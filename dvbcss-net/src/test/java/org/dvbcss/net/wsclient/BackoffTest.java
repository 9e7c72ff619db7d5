package org.dvbcss.net.wsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
  private static final long MS = 1_000_000L;

  private static List<Long> delays(Backoff b, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b.delayNanos(i));
    }
    return out;
  }

  @Test
  void withoutJitterTheDelaysGrowByTheMultiplierUpToTheMax() {
    Backoff b =
        Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100), 2.0).withJitter(0);
    assertThat(delays(b, 7))
        .containsExactly(10 * MS, 20 * MS, 40 * MS, 80 * MS, 100 * MS, 100 * MS, 100 * MS);
  }

  @Test
  void jitterTakesAFractionOfEachDelayByTheInjectedRandom() {
    double[] randoms = {0.0, 0.5, 0.999, 0.25, 1.0};
    int[] next = {0};
    Backoff b =
        Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2.0)
            .withRandom(() -> randoms[next[0]++]);
    // jitter 0.5: delay = base * (1 - 0.5 * r)
    assertThat(delays(b, 5))
        .containsExactly(
            10 * MS, 15 * MS, (long) (40 * MS * (1 - 0.5 * 0.999)), 43_750_000L, 25 * MS);
  }

  @Test
  void outOfRangeRandomsAreClamped() {
    Backoff b =
        Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(10), 1.0)
            .withJitter(1.0)
            .withRandom(() -> 7.0);
    assertThat(b.delayNanos(0)).isEqualTo(1); // never zero
    assertThat(b.withRandom(() -> -3.0).delayNanos(0)).isEqualTo(10 * MS);
  }

  @Test
  void aHugeRetryNumberStaysAtTheMax() {
    Backoff b = Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(30), 3).withJitter(0);
    assertThat(b.delayNanos(1000)).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1), 2))
        .hasMessage("initial delay must be positive: PT0S");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .hasMessage("max delay PT1S is shorter than the initial delay PT2S");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5))
        .hasMessage("multiplier must be finite and at least 1: 0.5");
    assertThatThrownBy(
            () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN))
        .hasMessage("multiplier must be finite and at least 1: NaN");
    Backoff ok = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
    assertThatThrownBy(() -> ok.withJitter(1.5)).hasMessage("jitter must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> ok.delayNanos(-1)).hasMessage("retry must not be negative: -1");
    assertThat(ok.toString())
        .isEqualTo("Backoff[initial=PT1S, max=PT1S, multiplier=1.0, jitter=0.5]");
    assertThat(ok.initial()).isEqualTo(Duration.ofSeconds(1));
    assertThat(ok.max()).isEqualTo(Duration.ofSeconds(1));
    assertThat(ok.multiplier()).isEqualTo(1.0);
    assertThat(ok.jitter()).isEqualTo(0.5);
  }

  static LongStream seeds() {
    return LongStream.range(1, 51);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyDelayLiesInItsJitterBandUnderTheMax(long seed) {
    Random rnd = new Random(seed);
    Duration initial = Duration.ofNanos(1 + rnd.nextInt(1_000_000_000));
    Duration max = initial.multipliedBy(1 + rnd.nextInt(1000));
    double multiplier = 1 + rnd.nextDouble() * 4;
    double jitter = rnd.nextDouble();
    Backoff b =
        Backoff.exponential(initial, max, multiplier)
            .withJitter(jitter)
            .withRandom(rnd::nextDouble);
    for (int retry = 0; retry < 60; retry++) {
      double base = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, retry));
      long d = b.delayNanos(retry);
      assertThat(d).as("seed %d retry %d", seed, retry).isBetween(1L, max.toNanos());
      assertThat((double) d)
          .as("seed %d retry %d", seed, retry)
          .isGreaterThanOrEqualTo(Math.floor(base * (1 - jitter)) - 1)
          .isLessThanOrEqualTo(base);
    }
  }
}
