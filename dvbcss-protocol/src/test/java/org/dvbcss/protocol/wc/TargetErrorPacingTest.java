package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.Test;

/**
 * The delays {@link TargetErrorPacing} returns, against a wall clock whose bound is set by hand.
 */
class TargetErrorPacingTest {
  private static final long MS = 1_000_000L;
  private static final double KEEP = 1 - TargetErrorPacing.DEFAULT_SAFETY_SHARE;

  private final ManualTimeSource time = new ManualTimeSource(1_000_000 * MS);
  private final SysClock local =
      SysClock.builder().timeSource(time).precision(1e-6).maxFreqErrorPpm(500).build();
  private final CorrelatedClock wall = new CorrelatedClock(local, 1e9, new Correlation(0, 0));

  /** An algorithm that sets a fixed error bound on each candidate and asks for a fixed delay. */
  private static final class Fixed implements WallClockAlgorithm {
    double initialError;
    double growth;
    int candidates;
    int timeouts;
    boolean started;

    Fixed(double initialError, double growth) {
      this.initialError = initialError;
      this.growth = growth;
    }

    @Override
    public void start(CorrelatedClock wallClock) {
      started = true;
      WallClockAlgorithm.super.start(wallClock);
    }

    @Override
    public long responseTimeoutNanos() {
      return 200 * MS;
    }

    @Override
    public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
      candidates++;
      double now = wallClock.parent().ticks();
      wallClock.setCorrelation(
          new Correlation(now, wallClock.fromParentTicks(now), initialError, growth));
      return 1234;
    }

    @Override
    public long onTimeout(CorrelatedClock wallClock) {
      timeouts++;
      return 4321;
    }
  }

  private Candidate candidate(long rttNanos) {
    long t4 = (long) local.ticks();
    return new Candidate(t4 - rttNanos, 5, 6, t4, 1e-6, 500);
  }

  @Test
  void waitsUntilShortlyBeforeTheBoundWouldReachTheTarget() {
    Fixed inner = new Fixed(100e-6, 1e-3);
    TargetErrorPacing p = new TargetErrorPacing(inner, Duration.ofMillis(1));
    p.start(wall);
    assertThat(inner.started).isTrue();
    assertThat(p.responseTimeoutNanos()).isEqualTo(200 * MS);
    long delay = p.onCandidate(candidate(200_000), wall);
    // dispersion now 100 us + 1 us local precision; reaches 1 ms after 899 ms at 1 ms/s;
    // the safety share kept in hand and one round trip (200 us) taken off
    assertThat(inner.candidates).isEqualTo(1);
    assertThat((double) delay).isCloseTo(899e6 * KEEP - 200_000, within(2.0));
    assertThat(p.lastDelayNanos()).isEqualTo(delay);
    assertThat(p.candidates()).isEqualTo(1);
  }

  @Test
  void aLowerGrowthRateGivesALongerWaitInProportion() {
    Fixed inner = new Fixed(100e-6, 1e-4);
    TargetErrorPacing p = new TargetErrorPacing(inner, Duration.ofMillis(1));
    p.start(wall);
    long delay = p.onCandidate(candidate(0), wall);
    assertThat((double) delay).isCloseTo(8.99e9 * KEEP, within(20.0));
    inner.growth = 1e-6; // 8990 s to the target: clamped to the maximum interval
    assertThat(p.onCandidate(candidate(0), wall)).isEqualTo(10_000 * MS);
    inner.growth = 0; // never grows
    assertThat(p.onCandidate(candidate(0), wall)).isEqualTo(10_000 * MS);
  }

  @Test
  void atOrAboveTheTargetPollsAtTheMaximumRate() {
    Fixed inner = new Fixed(2e-3, 1e-3);
    TargetErrorPacing p =
        new TargetErrorPacing(inner, Duration.ofMillis(1), 20, Duration.ofSeconds(10), 0.1);
    p.start(wall);
    assertThat(p.minIntervalNanos()).isEqualTo(50 * MS);
    assertThat(p.onCandidate(candidate(100_000), wall)).isEqualTo(50 * MS);
    assertThat(p.atMaxRate()).isEqualTo(1);
    // just under the target, but not by enough for the minimum interval: still the minimum
    inner.initialError = 0.98e-3;
    assertThat(p.onCandidate(candidate(100_000), wall)).isEqualTo(50 * MS);
    // an infinite bound (the algorithm took nothing yet) is above every target
    Fixed none = new Fixed(Double.POSITIVE_INFINITY, 0);
    TargetErrorPacing q =
        new TargetErrorPacing(none, Duration.ofMillis(1), 5, Duration.ofSeconds(10), 0.1);
    q.start(wall);
    assertThat(q.onCandidate(candidate(100_000), wall)).isEqualTo(200 * MS);
  }

  @Test
  void timeoutsBackOffExponentiallyUpToTheMaximumAndAResponseEndsIt() {
    Fixed inner = new Fixed(2e-3, 1e-3);
    TargetErrorPacing p = new TargetErrorPacing(inner, Duration.ofMillis(1));
    p.start(wall);
    long[] expected = {50, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000};
    for (long e : expected) {
      assertThat(p.onTimeout(wall)).isEqualTo(e * MS);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(p.onTimeout(wall)).isEqualTo(10_000 * MS);
    }
    assertThat(inner.timeouts).isEqualTo(expected.length + 100);
    assertThat(p.timeouts()).isEqualTo(expected.length + 100);
    assertThat(p.onCandidate(candidate(100_000), wall)).isEqualTo(50 * MS);
    assertThat(p.onTimeout(wall)).isEqualTo(50 * MS);
    assertThat(p.onTimeout(wall)).isEqualTo(100 * MS);
  }

  @Test
  void aTimeoutWithTheBoundFarUnderItsTargetNeedNotHurry() {
    Fixed inner = new Fixed(100e-6, 1e-3);
    TargetErrorPacing p = new TargetErrorPacing(inner, Duration.ofMillis(10));
    p.start(wall);
    long afterResponse = p.onCandidate(candidate(0), wall);
    assertThat((double) afterResponse).isCloseTo(9.899e9 * KEEP, within(20.0));
    time.advance(200 * MS); // the next request's timeout: the bound has grown by 0.2 ms
    long afterTimeout = p.onTimeout(wall);
    assertThat((double) afterTimeout).isCloseTo(afterResponse - KEEP * 200 * MS, within(20.0));
  }

  @Test
  void theRoundTripAllowanceRisesAtOnceAndFallsSlowly() {
    Fixed inner = new Fixed(100e-6, 1e-3);
    TargetErrorPacing p = new TargetErrorPacing(inner, Duration.ofMillis(1));
    p.start(wall);
    long base = p.onCandidate(candidate(0), wall);
    long slow = p.onCandidate(candidate(80 * MS), wall);
    assertThat(base - slow).isEqualTo(80 * MS);
    long next = p.onCandidate(candidate(0), wall);
    assertThat(base - next).isEqualTo(70 * MS); // 80 - 80/8
  }

  @Test
  void neverChangesTheClockItself() {
    WallClockAlgorithm passive =
        new WallClockAlgorithm() {
          @Override
          public long responseTimeoutNanos() {
            return 200 * MS;
          }

          @Override
          public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
            return 0;
          }

          @Override
          public long onTimeout(CorrelatedClock wallClock) {
            return 0;
          }
        };
    TargetErrorPacing p = new TargetErrorPacing(passive, Duration.ofMillis(1));
    p.start(wall);
    Correlation before = wall.correlation();
    p.onCandidate(candidate(100_000), wall);
    p.onTimeout(wall);
    assertThat(wall.correlation()).isSameAs(before);
    assertThat(p.inner()).isSameAs(passive);
  }

  @Test
  void refusesValuesOutOfRange() {
    Fixed inner = new Fixed(0, 0);
    Duration ten = Duration.ofSeconds(10);
    assertThatThrownBy(() -> new TargetErrorPacing(inner, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetErrorPacing(inner, Duration.ofMillis(1), 0, ten, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new TargetErrorPacing(
                    inner, Duration.ofMillis(1), Double.POSITIVE_INFINITY, ten, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetErrorPacing(inner, Duration.ofMillis(1), 20, ten, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetErrorPacing(inner, Duration.ofMillis(1), 0.05, ten, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new TargetErrorPacing(inner, Duration.ofMillis(1), 20, Duration.ZERO, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
