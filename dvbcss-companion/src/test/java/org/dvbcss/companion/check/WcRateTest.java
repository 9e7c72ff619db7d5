package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WcRateTest {
  static LongStream seeds() {
    return LongStream.range(0, 50);
  }

  /**
   * Exchanges every 0.5 s over {@code spanS} with a clock running {@code ratePpm} fast, each offset
   * off by at most its error bound.
   */
  static List<WcRate.Sample> samples(Random random, double ratePpm, double spanS) {
    List<WcRate.Sample> out = new ArrayList<>();
    double offset0 = random.nextDouble() * 1e12;
    for (double t = 0; t <= spanS; t += 0.5) {
      double local = 1e12 + t * 1e9;
      double error = 20_000 + random.nextDouble() * 2_000_000; // 20 µs .. 2 ms
      double noise = (random.nextDouble() * 2 - 1) * error;
      double offset = offset0 + t * 1e9 * ratePpm / 1e6 + noise;
      out.add(new WcRate.Sample(local, offset, error));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aClockTwoThousandPpmFastDeclaringFiveHundredWarns(long seed) {
    Random random = new Random(seed);
    WcRate.Grade g = WcRate.grade(samples(random, 2000, 65), 500, 50, 60);
    assertThat(g.status()).isEqualTo(Status.WARN);
    assertThat(g.measuredPpm()).isBetween(2000 - g.uncertaintyPpm(), 2000 + g.uncertaintyPpm());
    assertThat(g.message()).contains("exceeds");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aClockWithinItsDeclarationPassesAndTheTruthIsWithinTheUncertainty(long seed) {
    Random random = new Random(seed);
    double rate = (random.nextDouble() * 2 - 1) * 500;
    WcRate.Grade g = WcRate.grade(samples(random, rate, 60 + random.nextInt(30)), 500, 50, 60);
    assertThat(g.status()).isEqualTo(Status.PASS);
    assertThat(Math.abs(g.measuredPpm() - rate)).isLessThanOrEqualTo(g.uncertaintyPpm() + 1e-9);
    assertThat(g.allowedPpm()).isEqualTo(500 + 50 + g.uncertaintyPpm());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void belowTheSpanNeededTheFiguresAreInformation(long seed) {
    Random random = new Random(seed);
    WcRate.Grade g = WcRate.grade(samples(random, 2000, 3 + random.nextInt(40)), 500, 50, 60);
    assertThat(g.status()).isEqualTo(Status.INFO);
    assertThat(g.message()).contains("60 s needed to grade").contains("measured over");
    assertThat(g.measuredPpm()).isFinite();
  }

  @Test
  void aDeclarationAbove500PpmWarnsEvenWhenTheRateIsNotGraded() {
    WcRate.Grade g = WcRate.grade(samples(new Random(1), 0, 5), 600, 50, 60);
    assertThat(g.status()).isEqualTo(Status.WARN);
    assertThat(g.message()).contains("exceeds 500 ppm");
  }

  @Test
  void tooFewSamplesAreNotGraded() {
    assertThat(WcRate.grade(List.of(), 500, 50, 60).status()).isEqualTo(Status.INFO);
    assertThat(WcRate.grade(List.of(new WcRate.Sample(1, 2, 3)), 500, 50, 60).status())
        .isEqualTo(Status.INFO);
  }

  @Test
  void theLowestDispersionExchangeNearEachEndIsUsed() {
    List<WcRate.Sample> s = new ArrayList<>();
    // A bad start sample with a large error and a large offset, a good one with a small error.
    s.add(new WcRate.Sample(0, 5_000_000, 10_000_000));
    s.add(new WcRate.Sample(1e9, 0, 1_000));
    for (int i = 2; i < 99; i++) {
      s.add(new WcRate.Sample(i * 1e9, 0, 1_000_000));
    }
    s.add(new WcRate.Sample(99e9, 98 * 100e3, 1_000)); // 100 ppm after the good start
    s.add(new WcRate.Sample(100e9, 0, 10_000_000));
    WcRate.Grade g = WcRate.grade(s, 500, 50, 60);
    assertThat(g.measuredPpm()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(g.spanSeconds()).isEqualTo(100);
    assertThat(g.uncertaintyPpm())
        .isCloseTo(2_000 / 98e9 * 1e6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(g.status()).isEqualTo(Status.PASS);
  }
}
