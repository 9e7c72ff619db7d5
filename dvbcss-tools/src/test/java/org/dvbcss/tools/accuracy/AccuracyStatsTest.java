package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccuracyStatsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 777})
  void countsEverySampleAgainstItsBound(long seed) {
    Random random = new Random(seed);
    List<AccuracySample> samples = new ArrayList<>();
    int bounded = 0;
    int within = 0;
    double worst = 0;
    List<Double> bounds = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double at = i * 0.01;
      double bound = i < 50 ? Double.POSITIVE_INFINITY : 1e-4 + random.nextDouble() * 1e-3;
      double error = (random.nextDouble() * 2 - 1) * bound * (random.nextInt(100) == 0 ? 1.5 : 1);
      if (i % 97 == 0) {
        samples.add(new AccuracySample(at, Double.NaN, Double.NaN)); // unavailable
        continue;
      }
      if (i < 50) {
        error = 1; // no claim before the first bound
      }
      samples.add(new AccuracySample(at, error, bound));
      if (Double.isFinite(bound)) {
        bounded++;
        bounds.add(bound);
        worst = Math.max(worst, Math.abs(error));
        if (Math.abs(error) <= bound) {
          within++;
        }
      }
    }
    AccuracyStats stats = AccuracyStats.of(samples);
    assertThat(stats.samples()).isEqualTo(2000);
    assertThat(stats.bounded()).isEqualTo(bounded);
    assertThat(stats.within()).isEqualTo(within);
    assertThat(stats.honest()).isEqualTo(within == bounded);
    assertThat(stats.shareWithin()).isCloseTo(within / (double) bounded, within(1e-12));
    assertThat(stats.worstError()).isEqualTo(worst);
    double[] sorted = bounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(stats.boundMedian()).isEqualTo(sorted[(int) Math.ceil(0.5 * sorted.length) - 1]);
    assertThat(stats.boundP99()).isEqualTo(sorted[(int) Math.ceil(0.99 * sorted.length) - 1]);
    assertThat(stats.firstBoundSeconds()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void oneSampleOutsideItsBoundMakesTheRunDishonest() {
    List<AccuracySample> samples = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      samples.add(new AccuracySample(i * 0.01, 1e-4, 2e-4));
    }
    assertThat(AccuracyStats.of(samples).honest()).isTrue();
    samples.set(999, new AccuracySample(9.99, -2.0001e-4, 2e-4));
    AccuracyStats stats = AccuracyStats.of(samples);
    assertThat(stats.honest()).isFalse();
    assertThat(stats.within()).isEqualTo(999);
    assertThat(stats.worstRatio()).isGreaterThan(1);
  }

  @Test
  void convergenceIsTheFirstBoundWithinTwiceTheMedian() {
    List<AccuracySample> samples = new ArrayList<>();
    samples.add(new AccuracySample(0, Double.NaN, Double.NaN));
    samples.add(new AccuracySample(0.1, 0, Double.POSITIVE_INFINITY));
    samples.add(new AccuracySample(0.2, 0, 0.050)); // first bound
    samples.add(new AccuracySample(0.3, 0, 0.010));
    samples.add(new AccuracySample(0.4, 0, 0.0019)); // first <= 2 x median (1 ms)
    for (int i = 0; i < 10; i++) {
      samples.add(new AccuracySample(0.5 + i * 0.1, 0, 0.001));
    }
    AccuracyStats stats = AccuracyStats.of(samples);
    assertThat(stats.boundMedian()).isEqualTo(0.001);
    assertThat(stats.firstBoundSeconds()).isEqualTo(0.2);
    assertThat(stats.convergenceSeconds()).isEqualTo(0.4);
  }

  @Test
  void noBoundedSampleMakesNoClaim() {
    AccuracyStats stats =
        AccuracyStats.of(
            List.of(
                new AccuracySample(0, Double.NaN, Double.NaN),
                new AccuracySample(1, 5, Double.POSITIVE_INFINITY)));
    assertThat(stats.bounded()).isZero();
    assertThat(stats.honest()).isTrue();
    assertThat(stats.boundMedian()).isNaN();
    assertThat(stats.convergenceSeconds()).isNaN();
  }

  @Test
  void percentileIsNearestRank() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(AccuracyStats.percentile(v, 0.5)).isEqualTo(5);
    assertThat(AccuracyStats.percentile(v, 0.99)).isEqualTo(10);
    assertThat(AccuracyStats.percentile(Arrays.copyOf(v, 1), 0.99)).isEqualTo(1);
    assertThat(AccuracyStats.percentile(new double[0], 0.5)).isNaN();
  }
}
