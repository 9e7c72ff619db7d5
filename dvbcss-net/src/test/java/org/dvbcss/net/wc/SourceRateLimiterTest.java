package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.dvbcss.clock.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-source token buckets, on time driven by hand. */
class SourceRateLimiterTest {
  private static final long MS = 1_000_000;

  private final ManualTimeSource time = new ManualTimeSource(1_000 * MS);

  private static InetAddress v4(int i) {
    try {
      return InetAddress.getByAddress(
          new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static int allowed(SourceRateLimiter limiter, InetAddress source, int attempts) {
    int n = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire(source)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aQuietSourceGetsItsBurstThenOneTokenPerInterval() {
    SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 100, time);
    InetAddress a = v4(1);
    assertThat(allowed(limiter, a, 20)).isEqualTo(5);

    time.advance(99 * MS);
    assertThat(limiter.tryAcquire(a)).isFalse();
    time.advance(1 * MS); // 100 ms: one token at 10 per second
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isFalse();

    time.advance(10_000 * MS); // a long pause refills the bucket, but never beyond the burst
    assertThat(allowed(limiter, a, 20)).isEqualTo(5);
  }

  @Test
  void sourcesAreLimitedEachOnTheirOwn() {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 3, 100, time);
    assertThat(allowed(limiter, v4(1), 50)).isEqualTo(3);
    assertThat(allowed(limiter, v4(2), 50)).isEqualTo(3);
    assertThat(limiter.tryAcquire(v4(1))).isFalse();
  }

  @Test
  void refusedDatagramsDoNotPushTheNextTokenFurtherAway() {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 100, time);
    InetAddress a = v4(1);
    assertThat(limiter.tryAcquire(a)).isTrue();
    for (int i = 0; i < 999; i++) {
      time.advance(MS);
      assertThat(limiter.tryAcquire(a)).isFalse();
    }
    time.advance(MS); // one second after the first
    assertThat(limiter.tryAcquire(a)).isTrue();
  }

  @Test
  void theTableNeverHoldsMoreThanItsBoundAndForgetsTheLeastRecentlySeen() {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 2, 3, time);
    InetAddress flooder = v4(0);
    assertThat(allowed(limiter, flooder, 10)).isEqualTo(2);
    for (int i = 1; i <= 100; i++) {
      limiter.tryAcquire(v4(i));
      assertThat(limiter.tryAcquire(flooder)).as("flooder seen most recently").isFalse();
      assertThat(limiter.size()).isLessThanOrEqualTo(3);
    }
    assertThat(limiter.forgottenWhileFull()).isPositive();
    // v4(1) was forgotten long ago, so it starts again with a full bucket
    assertThat(allowed(limiter, v4(1), 10)).isEqualTo(2);
  }

  @Test
  void idleSourcesAreForgottenWithoutWaitingForTheTableToFill() {
    SourceRateLimiter limiter = new SourceRateLimiter(10, 2, 1000, time);
    for (int i = 0; i < 500; i++) {
      limiter.tryAcquire(v4(i));
    }
    assertThat(limiter.size()).isEqualTo(500);
    time.advance(1000 * MS); // every bucket has refilled
    for (int i = 0; i < 500; i++) {
      limiter.tryAcquire(v4(10_000)); // one busy source sweeps out the idle ones
      time.advance(100 * MS);
    }
    assertThat(limiter.size()).isEqualTo(1);
    assertThat(limiter.forgottenWhileFull()).isZero();
  }

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  /**
   * Against a model, a plain token bucket counting credit in nanoseconds: every decision agrees
   * with it, and a source that sends no faster than the rate is never refused.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void agreesWithATokenBucketAndNeverRefusesAPoliteSource(long seed) {
    Random random = new Random(seed);
    double rate = 1 + random.nextInt(100);
    int burst = 1 + random.nextInt(20);
    long interval = Math.round(1e9 / rate);
    SourceRateLimiter limiter = new SourceRateLimiter(rate, burst, 4, time);
    InetAddress greedy = v4(1);
    InetAddress polite = v4(2);
    long credit = burst * interval; // a full bucket
    long last = time.nanoTime();
    long nextPolite = last;
    int allowedGreedy = 0;
    for (int step = 0; step < 5_000; step++) {
      // mostly faster than the rate, sometimes a pause long enough to refill
      long gap = random.nextInt(50) == 0 ? burst * interval : random.nextInt((int) interval);
      time.advance(gap);
      long now = time.nanoTime();
      credit = Math.min(burst * interval, credit + (now - last));
      last = now;
      boolean modelAllows = credit >= interval;
      if (modelAllows) {
        credit -= interval;
        allowedGreedy++;
      }
      assertThat(limiter.tryAcquire(greedy)).as("step %d", step).isEqualTo(modelAllows);
      if (now - nextPolite >= 0) {
        assertThat(limiter.tryAcquire(polite)).as("polite, step %d", step).isTrue();
        nextPolite = now + interval;
      }
    }
    assertThat(allowedGreedy).isLessThan(5_000).isGreaterThan(0);
  }

  @Test
  void severalThreadsShareTheBucketsWithoutLosingOrInventingTokens() throws Exception {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 1000, 100, time);
    InetAddress a = v4(1);
    AtomicLong granted = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 5_000; i++) {
                  if (limiter.tryAcquire(a)) {
                    granted.incrementAndGet();
                  }
                  limiter.tryAcquire(v4(2 + i % 50));
                }
              });
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(granted.get()).isEqualTo(1000); // time stood still: exactly the burst
    assertThat(limiter.size()).isLessThanOrEqualTo(51);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new SourceRateLimiter(0, 1, 1, time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> new SourceRateLimiter(Double.NaN, 1, 1, time))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SourceRateLimiter(1, 0, 1, time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burst");
    assertThatThrownBy(() -> new SourceRateLimiter(1, 1, 0, time))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSources");
  }
}
