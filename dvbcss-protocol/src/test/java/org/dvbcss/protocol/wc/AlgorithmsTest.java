package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
  static final long MS = 1_000_000;
  static final long S = 1_000_000_000;

  ManualTimeSource time;
  CorrelatedClock wall;

  @BeforeEach
  void clocks() {
    time = new ManualTimeSource(1000 * S);
    SysClock local = SysClock.builder().timeSource(time).precision(1e-6).build(); // 500 ppm
    wall = new CorrelatedClock(local, 1e9, new Correlation(0, 0));
  }

  /** A candidate measured just now with a given round trip, server 0 ppm, precision 2^-20 s. */
  Candidate measuredNow(long rttNanos, long serverOffset) {
    long t4 = time.nanoTime();
    long t1 = t4 - rttNanos;
    long t2 = t1 + rttNanos / 2 + serverOffset;
    return new Candidate(t1, t2, t2, t4, 0x1p-20, 0);
  }

  @Test
  void startMarksTheClockUnknown() {
    new LowestDispersion().start(wall);
    assertThat(wall.dispersion()).isInfinite();
    assertThat(wall.correlation().parentTicks()).isZero();
  }

  @Test
  void lowestDispersionTakesTheFirstThenOnlyBetterOnes() {
    LowestDispersion alg = new LowestDispersion();
    alg.start(wall);
    assertThat(alg.responseTimeoutNanos()).isEqualTo(200 * MS);

    assertThat(alg.onCandidate(measuredNow(10 * MS, 7 * S), wall)).isEqualTo(1 * S);
    Correlation first = wall.correlation();
    assertThat(first.childTicks() - first.parentTicks()).isEqualTo(7.0 * S);
    assertThat(wall.dispersion()).isBetween(0.005, 0.00502); // rtt/2 + 5 us + precisions
    assertThat(alg.updates()).isEqualTo(1);

    time.advance(1 * S); // the first one's error grew by 500 ppm * 1 s = 0.5 ms
    // offsets a few microseconds apart: consistent with each other, so only dispersion decides
    alg.onCandidate(measuredNow(12 * MS, 7 * S + 1000), wall); // 6 ms now vs ~5.5 ms: worse
    assertThat(wall.correlation()).isEqualTo(first);

    alg.onCandidate(measuredNow(8 * MS, 7 * S + 2000), wall); // 4 ms: better
    assertThat(wall.correlation().childTicks() - wall.correlation().parentTicks())
        .isEqualTo(7.0 * S + 2000);
    Correlation second = wall.correlation();

    time.advance(10 * S); // second's error grew by 5 ms to ~9 ms
    alg.onCandidate(measuredNow(16 * MS, 7 * S + 3000), wall); // 8 ms: a fresh worse one wins
    assertThat(wall.correlation()).isNotEqualTo(second);
    assertThat(alg.updates()).isEqualTo(3);
    assertThat(alg.inconsistencies()).isZero();

    assertThat(alg.onTimeout(wall)).isZero();
  }

  @Test
  void lowestDispersionComparesAtTheSameInstantWhateverTheOffset() {
    LowestDispersion alg = new LowestDispersion();
    alg.start(wall);
    alg.onCandidate(measuredNow(10 * MS, 1_000_000 * S), wall); // wall far ahead of local
    Correlation first = wall.correlation();
    // a candidate that moves the clock far back but is barely worse is not better
    Candidate back = measuredNow(10 * MS + 2, 0);
    assertThat(DispersionFormula.FULL.isBetterNow(wall, back.correlationFor(wall))).isFalse();
    // but its interval contradicts the clock's, as after a server step: it is taken for that
    alg.onCandidate(back, wall);
    assertThat(wall.correlation()).isNotEqualTo(first);
    assertThat(alg.inconsistencies()).isEqualTo(1);
    assertThat(alg.updates()).isEqualTo(2);
  }

  @Test
  void aCandidateWhoseIntervalOverlapsIsNotAnInconsistency() {
    LowestDispersion alg = new LowestDispersion();
    alg.start(wall);
    alg.onCandidate(measuredNow(10 * MS, 5 * S), wall); // 5 ms
    Correlation first = wall.correlation();
    alg.onCandidate(measuredNow(20 * MS, 5 * S + 14 * MS), wall); // 10 ms, 14 ms away: overlaps
    assertThat(wall.correlation()).isEqualTo(first);
    assertThat(alg.inconsistencies()).isZero();
    alg.onCandidate(measuredNow(20 * MS, 5 * S + 16 * MS), wall); // 16 ms away: disjoint
    assertThat(wall.correlation()).isNotEqualTo(first);
    assertThat(alg.inconsistencies()).isEqualTo(1);
  }

  @Test
  void mostRecentTakesEverything() {
    MostRecent alg = new MostRecent(Duration.ofMillis(500), Duration.ofMillis(100), 0);
    alg.start(wall);
    assertThat(alg.responseTimeoutNanos()).isEqualTo(100 * MS);
    assertThat(alg.onCandidate(measuredNow(2 * MS, 5 * S), wall)).isEqualTo(500 * MS);
    assertThat(alg.onCandidate(measuredNow(40 * MS, 6 * S), wall)).isEqualTo(500 * MS);
    Correlation c = wall.correlation();
    assertThat(c.childTicks() - c.parentTicks()).isEqualTo(6.0 * S);
    assertThat(c.errorGrowthRate()).isZero(); // local 0 ppm given, server 0 ppm
    assertThat(alg.onTimeout(wall)).isZero();
  }

  @Test
  void rttThresholdComparesNanosecondsWithNanoseconds() {
    RttThreshold oneMs = RttThreshold.ofMillis(1.0);
    assertThat(oneMs.thresholdNanos()).isEqualTo(1 * MS);
    assertThat(oneMs.accept(measuredNow(1 * MS, 0), wall)).isTrue();
    assertThat(oneMs.accept(measuredNow(1 * MS + 2, 0), wall)).isFalse();
    assertThat(new RttThreshold(Duration.ofMillis(50)).accept(measuredNow(49 * MS, 0), wall))
        .isTrue();
    assertThatThrownBy(() -> RttThreshold.ofMillis(-1))
        .hasMessage("threshold must be >= 0 ms and finite, was -1.0");
  }

  @Test
  void lowestDispersionFilterPassesOnlyImprovements() {
    LowestDispersionFilter filter = new LowestDispersionFilter();
    new MostRecent().start(wall);
    Candidate good = measuredNow(4 * MS, 0);
    assertThat(filter.accept(good, wall)).isTrue(); // anything beats infinity
    wall.setCorrelation(good.correlationFor(wall));
    assertThat(filter.accept(measuredNow(4 * MS, 0), wall)).isFalse(); // equal is not better
    assertThat(filter.accept(measuredNow(2 * MS, 0), wall)).isTrue();
  }

  @Test
  void filterAndPredictReallyFilters() {
    FilterAndPredict alg =
        new FilterAndPredict(
            List.of(RttThreshold.ofMillis(10), new LowestDispersionFilter()), new PredictSimple());
    alg.start(wall);
    assertThat(alg.onCandidate(measuredNow(20 * MS, 1 * S), wall)).isEqualTo(1 * S);
    assertThat(wall.dispersion()).as("rtt filter rejected it").isInfinite();

    alg.onCandidate(measuredNow(6 * MS, 2 * S), wall);
    Correlation taken = wall.correlation();
    assertThat(taken.childTicks() - taken.parentTicks()).isEqualTo(2.0 * S);

    alg.onCandidate(measuredNow(8 * MS, 2 * S + 1000), wall); // passes rtt, fails dispersion
    assertThat(wall.correlation()).isEqualTo(taken);
    assertThat(alg.accepted()).isEqualTo(1);
    assertThat(alg.rejected()).isEqualTo(2);
    assertThat(alg.onTimeout(wall)).isZero();
  }

  @Test
  void filterAndPredictWithNoFiltersUsesThePredictor() {
    Correlation fixed = new Correlation(1, 2, 0.5, 0);
    FilterAndPredict alg = new FilterAndPredict(List.of(), (c, w) -> fixed);
    alg.onCandidate(measuredNow(MS, 0), wall);
    assertThat(wall.correlation()).isEqualTo(fixed);
  }

  @Test
  void pacingParametersAreChecked() {
    assertThatThrownBy(() -> new LowestDispersion(Duration.ofSeconds(1), Duration.ZERO, Double.NaN))
        .hasMessage("responseTimeout must be > 0 ns, was 0");
    assertThatThrownBy(
            () -> new MostRecent(Duration.ofSeconds(-1), Duration.ofSeconds(1), Double.NaN))
        .hasMessage("repeatInterval must be >= 0 ns, was -1000000000");
  }
}
