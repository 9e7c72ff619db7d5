package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FrequencyTracking} driven by hand on a {@link ManualTimeSource}. */
class FrequencyTrackingTest {
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

  /** A candidate measured now: round trip 100 us, the server ahead by offset, 500 ppm. */
  Candidate measuredNow(double serverOffset) {
    long t4 = time.nanoTime();
    long t1 = t4 - 100_000;
    long t2 = t1 + 50_000 + Math.round(serverOffset);
    return new Candidate(t1, t2, t2, t4, 0x1p-20, 500);
  }

  @Test
  void withOneCandidateItIsTheOffsetOnlyWorstCase() {
    FrequencyTracking alg = new FrequencyTracking();
    alg.start(wall);
    assertThat(wall.dispersion()).isInfinite();
    assertThat(alg.onCandidate(measuredNow(7 * S), wall)).isEqualTo(1 * S);
    assertThat(wall.speed()).isEqualTo(1.0);
    assertThat(wall.correlation().errorGrowthRate()).isCloseTo(1000.5e-6, within(1e-9));
    assertThat(alg.updates()).isEqualTo(1);
    assertThat(alg.responseTimeoutNanos()).isEqualTo(200 * MS);
  }

  static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void aServerRunningFastIsTrackedWithASmallBound() {
    FrequencyTracking alg = new FrequencyTracking();
    alg.start(wall);
    double rate = 300e-6; // the server gains 300 us per second
    for (int i = 0; i < 40; i++) {
      alg.onCandidate(measuredNow(7 * S + rate * i * S), wall);
      time.advance(1 * S);
    }
    assertThat(wall.speed()).isCloseTo(1 + rate, within(5e-6));
    assertThat(wall.correlation().errorGrowthRate()).isLessThan(50e-6);
    assertThat(wall.dispersion()).isLessThan(0.3e-3);
    // the estimate now is within its bound of the truth
    double truth = time.nanoTime() + 7 * S + rate * 40 * S;
    assertThat(Math.abs(wall.ticks() - truth)).isLessThan(wall.dispersion() * 1e9);
    // a timeout re-correlates: the quadratic bound now, below the chord that covered it
    double before = wall.dispersion();
    assertThat(alg.onTimeout(wall)).isZero();
    assertThat(wall.dispersion()).isPositive().isLessThanOrEqualTo(before);
    assertThat(wall.correlation().parentTicks()).isEqualTo((double) time.nanoTime());
    assertThat(alg.inconsistencies()).isZero();
  }

  /**
   * Feeds the same 40 candidates, one a second, to a plain instance on {@link #wall} and to one
   * started by {@code start} on a wall clock of its own; returns that clock.
   */
  private CorrelatedClock besidePlain(FrequencyTracking other, Consumer<CorrelatedClock> start) {
    ManualTimeSource otherTime = new ManualTimeSource(1000 * S);
    CorrelatedClock otherWall =
        new CorrelatedClock(
            SysClock.builder().timeSource(otherTime).precision(1e-6).build(),
            1e9,
            new Correlation(0, 0));
    FrequencyTracking plain = new FrequencyTracking();
    start.accept(otherWall);
    plain.start(wall);
    for (int i = 0; i < 40; i++) {
      Candidate c = measuredNow(7 * S + 100e-6 * i * S);
      plain.onCandidate(c, wall);
      other.onCandidate(c, otherWall);
      time.advance(1 * S);
      otherTime.advance(1 * S);
    }
    return otherWall;
  }

  private static final double WANDER =
      FrequencyTracking.DEFAULT_WANDER_PPM_PER_SECOND * 1e-6 * 1.01;

  @Test
  void aPacingWrappersLongestDelayWidensTheGrowthToCoverTheWanderOverIt() {
    // one told that a wrapper may wait up to 10 s
    FrequencyTracking paced = new FrequencyTracking();
    CorrelatedClock otherWall =
        besidePlain(paced, w -> new TargetErrorPacing(paced, Duration.ofMillis(1)).start(w));
    // horizon 2 * (10 s + 0.2 s) + 1 s instead of 2 * (1 s + 0.2 s) + 1 s: w / 2 * 18 s more
    assertThat(otherWall.correlation().errorGrowthRate() - wall.correlation().errorGrowthRate())
        .isCloseTo(WANDER / 2 * 18, within(1e-12));
    assertThat(otherWall.speed()).isEqualTo(wall.speed());
    // a shorter hint never shortens the horizon below the repeat interval's
    FrequencyTracking hinted = new FrequencyTracking();
    hinted.delaysUpTo(1);
    assertThatThrownBy(() -> hinted.delaysUpTo(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBurstsHoldWidensTheGrowthToCoverTheLaterCalls() {
    // bursts of 3: the first two exchanges may take a 200 ms timeout each
    FrequencyTracking held = new FrequencyTracking();
    CorrelatedClock otherWall = besidePlain(held, w -> Burst.of(held, 3).start(w));
    // horizon 2 * (1 s + 0.4 s + 0.2 s) + 1 s instead of 2 * (1 s + 0.2 s) + 1 s
    assertThat(otherWall.correlation().errorGrowthRate() - wall.correlation().errorGrowthRate())
        .isCloseTo(WANDER / 2 * 0.8, within(1e-12));
    assertThatThrownBy(() -> held.measurementsHeldUpTo(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aContradictionResetsTheWindow() {
    FrequencyTracking alg = new FrequencyTracking();
    alg.start(wall);
    for (int i = 0; i < 10; i++) {
      alg.onCandidate(measuredNow(7 * S), wall);
      time.advance(1 * S);
    }
    assertThat(wall.correlation().errorGrowthRate()).isLessThan(100e-6); // tracked
    long stepT1 = time.nanoTime() - 100_000;
    alg.onCandidate(measuredNow(7 * S + 50 * MS), wall); // the server stepped by 50 ms
    assertThat(alg.inconsistencies()).isEqualTo(1);
    assertThat(alg.oldestSampleT1()).isEqualTo(stepT1);
    assertThat(wall.correlation().errorGrowthRate()).isGreaterThan(1000e-6); // the worst case again
  }

  @Test
  void theBuilderChecksItsValues() {
    FrequencyTracking.Builder b = FrequencyTracking.builder();
    assertThatThrownBy(() -> b.wanderPpmPerSecond(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.wanderPpmPerSecond(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.windowSize(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.windowSize(1025)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.windowSpan(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.responseTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.repeatInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.localMaxFreqErrorPpm(-1))
        .isInstanceOf(IllegalArgumentException.class);
    FrequencyTracking alg =
        b.repeatInterval(Duration.ofMillis(500))
            .responseTimeout(Duration.ofMillis(100))
            .localMaxFreqErrorPpm(20)
            .wanderPpmPerSecond(0.5)
            .windowSize(8)
            .windowSpan(Duration.ofSeconds(10))
            .build();
    alg.start(wall);
    assertThat(alg.onCandidate(measuredNow(0), wall)).isEqualTo(500 * MS);
    assertThat(alg.responseTimeoutNanos()).isEqualTo(100 * MS);
    assertThat(wall.correlation().errorGrowthRate()).isCloseTo(520e-6 / (1 - 20e-6), within(1e-12));
    assertThat(alg.rejected()).isZero();
  }
}
