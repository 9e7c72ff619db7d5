package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TsRateTest {
  static LongStream seeds() {
    return LongStream.range(1, 21);
  }

  /** A pause after a random span at a random speed: the declared rate passes, 50 vs 1000 fails. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theRateUpToAPauseIsGradedAgainstTheDeclaredRate(long seed) {
    Random rnd = new Random(seed);
    double rate = 1000;
    double speed = rnd.nextBoolean() ? 1.0 : 2.0;
    long w0 = rnd.nextLong(1L << 50);
    long c0 = rnd.nextLong(1L << 30);
    long span = 1_000_000_000L + rnd.nextLong(60_000_000_000L);
    // the content time at the pause, rounded to the nearest tick, as a TV sends it
    long c1 = c0 + Math.round(span / 1e9 * rate * speed);
    TsMessages.Stamp a = new TsMessages.Stamp(c0, w0, speed);
    TsMessages.Stamp b = new TsMessages.Stamp(c1, w0 + span, 0.0);
    assertThat(TsRate.judge("temi", rate, a, b, "at the pause").status()).isEqualTo(Status.PASS);
    assertThat(TsRate.judge("temi", 50, a, b, "at the pause").status()).isEqualTo(Status.FAIL);
    // 1500 ppm fast is beyond 1000 ppm and the two ticks of the measurement
    long fast = c0 + Math.round(span / 1e9 * rate * speed * 1.0015);
    TsMessages.Stamp f = new TsMessages.Stamp(fast, w0 + span, 0.0);
    assertThat(TsRate.judge("temi", rate, a, f, "at the pause").status()).isEqualTo(Status.FAIL);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 999_999_999})
  void correlationsLessThanASecondApartAreNotMeasurable(long span) {
    TsMessages.Stamp a = new TsMessages.Stamp(100L, 5_000_000_000L, 1.0);
    TsMessages.Stamp b = new TsMessages.Stamp(100L + span / 1_000_000, 5_000_000_000L + span, 1.0);
    RuleResult r = TsRate.judge("pts", 1000, a, b, "a fresh setup");
    assertThat(r.status()).isEqualTo(Status.INFO);
    assertThat(r.message()).contains("not measurable");
  }
}
