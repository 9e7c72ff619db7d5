package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.junit.jupiter.api.Test;

/** What {@link Burst} hands to the algorithm it wraps, and the delays it returns. */
class BurstTest {
  private static final long MS = 1_000_000L;

  private final ManualTimeSource time = new ManualTimeSource(1_000_000 * MS);
  private final SysClock local =
      SysClock.builder().timeSource(time).precision(1e-6).maxFreqErrorPpm(500).build();
  private final CorrelatedClock wall = new CorrelatedClock(local, 1e9, new Correlation(0, 0));

  /** Records what it is given and asks for a fixed delay. */
  private static final class Recorder implements WallClockAlgorithm {
    final List<Candidate> candidates = new ArrayList<>();
    int timeouts;
    boolean started;
    long longestDelay;
    long held = -1;

    @Override
    public void delaysUpTo(long nanos) {
      longestDelay = nanos;
    }

    @Override
    public void measurementsHeldUpTo(long nanos) {
      held = nanos;
    }

    @Override
    public void start(CorrelatedClock wallClock) {
      started = true;
    }

    @Override
    public long responseTimeoutNanos() {
      return 300 * MS;
    }

    @Override
    public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
      candidates.add(candidate);
      return 1000 * MS;
    }

    @Override
    public long onTimeout(CorrelatedClock wallClock) {
      timeouts++;
      return 2000 * MS;
    }
  }

  private final Recorder inner = new Recorder();

  /** A candidate sent now and answered after {@code rttNanos}, the server holding it 10 us. */
  private Candidate exchange(long rttNanos) {
    long t1 = (long) local.ticks();
    time.advance(rttNanos + 10_000);
    long t4 = (long) local.ticks();
    return new Candidate(t1, 5_000_000, 5_010_000, t4, 1e-6, 500);
  }

  @Test
  void aBurstOfOneIsTheAlgorithmItself() {
    assertThat(Burst.of(inner, 1)).isSameAs(inner);
  }

  @Test
  void countsOutsideOneToSixteenAreRefused() {
    assertThatThrownBy(() -> Burst.of(inner, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Burst.of(inner, Burst.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 16");
    assertThatThrownBy(() -> Burst.of(null, 2)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void sendsTheBurstBackToBackAndHandsOverOnlyItsBestMeasurement() {
    Burst b = (Burst) Burst.of(inner, 3);
    b.start(wall);
    assertThat(inner.started).isTrue();
    assertThat(b.responseTimeoutNanos()).isEqualTo(300 * MS);
    assertThat(b.count()).isEqualTo(3);
    assertThat(b.inner()).isSameAs(inner);

    Candidate cold = exchange(900_000);
    assertThat(b.onCandidate(cold, wall)).isZero();
    Candidate warm = exchange(20_000);
    assertThat(b.onCandidate(warm, wall)).isZero();
    assertThat(inner.candidates).isEmpty();
    Candidate lukewarm = exchange(60_000);
    // the burst ends: the wrapped algorithm's delay, and one candidate, the best
    assertThat(b.onCandidate(lukewarm, wall)).isEqualTo(1000 * MS);
    assertThat(inner.candidates).containsExactly(warm);
    assertThat(b.bursts()).isEqualTo(1);
    assertThat(b.requests()).isEqualTo(3);

    // the next burst starts afresh: its best may be worse than the last burst's
    Candidate a = exchange(700_000);
    Candidate c = exchange(500_000);
    b.onCandidate(a, wall);
    b.onCandidate(c, wall);
    assertThat(b.onCandidate(exchange(800_000), wall)).isEqualTo(1000 * MS);
    assertThat(inner.candidates).containsExactly(warm, c);
  }

  @Test
  void aPacingWrappersLongestDelayReachesTheAlgorithmThroughTheBurst() {
    WallClockAlgorithm b =
        Burst.of(new TargetErrorPacing(inner, java.time.Duration.ofMillis(1)), 2);
    b.start(wall);
    assertThat(inner.longestDelay).isEqualTo(TargetErrorPacing.DEFAULT_MAX_INTERVAL.toNanos());
    // a wrapper outside that waits longer still is passed on, never a shorter one
    b.delaysUpTo(60_000 * MS);
    assertThat(inner.longestDelay).isEqualTo(60_000 * MS);
    b.delaysUpTo(1);
    assertThat(inner.longestDelay).isEqualTo(TargetErrorPacing.DEFAULT_MAX_INTERVAL.toNanos());
    Burst.of(inner, 3).delaysUpTo(42);
    assertThat(inner.longestDelay).isEqualTo(42);
  }

  @Test
  void anOuterHintGivenBeforeStartSurvivesThePacingsStart() {
    WallClockAlgorithm b =
        Burst.of(new TargetErrorPacing(inner, java.time.Duration.ofMillis(1)), 2);
    b.delaysUpTo(60_000 * MS);
    b.start(wall);
    assertThat(inner.longestDelay).isEqualTo(60_000 * MS);
  }

  @Test
  void theAlgorithmIsToldHowLongABurstMayHoldItsMeasurementBack() {
    // the first count - 1 exchanges may each take a whole response timeout (300 ms here)
    Burst.of(inner, 3).start(wall);
    assertThat(inner.held).isEqualTo(600 * MS);
    // through a pacing wrapper, and added to an outer burst's hold
    Recorder deeper = new Recorder();
    WallClockAlgorithm b =
        Burst.of(new TargetErrorPacing(deeper, java.time.Duration.ofMillis(1)), 2);
    b.measurementsHeldUpTo(100 * MS);
    assertThat(deeper.held).isEqualTo(400 * MS);
    b.start(wall);
    assertThat(deeper.held).isEqualTo(400 * MS);
  }

  @Test
  void ofEqualMeasurementsTheLatestIsHandedOver() {
    WallClockAlgorithm b = Burst.of(inner, 2);
    Candidate first = exchange(40_000);
    Candidate second = exchange(40_000);
    b.onCandidate(first, wall);
    b.onCandidate(second, wall);
    assertThat(inner.candidates).containsExactly(second);
  }

  @Test
  void theErrorBoundNotTheRoundTripAloneChoosesTheBest() {
    WallClockAlgorithm b = Burst.of(inner, 2);
    // same round trip, but the first was held 200 ms by the server: its frequency-error term is
    // larger (the exchange took longer by the local clock)
    long t1 = (long) local.ticks();
    time.advance(200 * MS + 30_000);
    Candidate held = new Candidate(t1, 0, 200 * MS, (long) local.ticks(), 1e-6, 500);
    Candidate quick = exchange(30_000);
    assertThat(held.rttNanos()).isEqualTo(30_000);
    assertThat(quick.rttNanos()).isEqualTo(30_000);
    b.onCandidate(quick, wall);
    b.onCandidate(held, wall);
    assertThat(inner.candidates).containsExactly(quick);
  }

  @Test
  void aContradictoryMeasurementIsHandedOverOnlyIfNothingElseArrived() {
    WallClockAlgorithm b = Burst.of(inner, 2);
    long t1 = (long) local.ticks();
    time.advance(10_000);
    // the server claims 50 us passed while the client saw 10 us: a negative round trip
    Candidate contradictory = new Candidate(t1, 0, 50_000, (long) local.ticks(), 1e-6, 500);
    Candidate slow = exchange(5 * MS);
    b.onCandidate(contradictory, wall);
    b.onCandidate(slow, wall);
    assertThat(inner.candidates).containsExactly(slow);

    b.onCandidate(exchange(5 * MS), wall);
    b.onTimeout(wall);
    Candidate alone = new Candidate(t1, 0, 50_000, t1 + 10_000, 1e-6, 500);
    b.onCandidate(alone, wall);
    b.onTimeout(wall);
    assertThat(inner.candidates).hasSize(3).last().isSameAs(alone);
  }

  @Test
  void aTimeoutEndsTheBurstWithWhatArrivedSoFar() {
    Burst b = (Burst) Burst.of(inner, 4);
    Candidate only = exchange(80_000);
    assertThat(b.onCandidate(only, wall)).isZero();
    assertThat(b.onTimeout(wall)).isEqualTo(1000 * MS);
    assertThat(inner.candidates).containsExactly(only);
    assertThat(inner.timeouts).isZero();
    assertThat(b.bursts()).isEqualTo(1);
  }

  @Test
  void aBurstWithNothingIsOneTimeoutForTheWrappedAlgorithm() {
    Burst b = (Burst) Burst.of(inner, 4);
    // a silent server: one request per poll, the wrapped algorithm's backoff unchanged
    assertThat(b.onTimeout(wall)).isEqualTo(2000 * MS);
    assertThat(b.onTimeout(wall)).isEqualTo(2000 * MS);
    assertThat(inner.timeouts).isEqualTo(2);
    assertThat(inner.candidates).isEmpty();
    assertThat(b.requests()).isEqualTo(2);
    assertThat(b.bursts()).isEqualTo(2);
    // and then a full burst again
    assertThat(b.onCandidate(exchange(10_000), wall)).isZero();
    assertThat(b.onCandidate(exchange(10_000), wall)).isZero();
    assertThat(b.onCandidate(exchange(10_000), wall)).isZero();
    assertThat(b.onCandidate(exchange(10_000), wall)).isEqualTo(1000 * MS);
    assertThat(inner.candidates).hasSize(1);
  }
}
