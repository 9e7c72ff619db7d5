package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.junit.jupiter.api.Test;

class AccuracyRunTest {

  @Test
  void aSampleReadsBothClocksAtTheGivenInstant() {
    ManualTimeSource time = new ManualTimeSource(5_000_000_000L);
    SysClock tvRoot = SysClock.builder().timeSource(time).build();
    SysClock companionRoot = SysClock.builder().timeSource(time).build();
    CorrelatedClock truth = new CorrelatedClock(tvRoot, 90_000, new Correlation(0, 0));
    // the companion's timeline is 2.5 ms ahead, with a bound of 4 ms
    CorrelatedClock followed =
        new CorrelatedClock(
            companionRoot, 90_000, new Correlation(0, 0.0025 * 90_000).withInitialError(0.004));
    long instant = 7_000_000_000L; // not the time source's reading: the instant given is used
    AccuracySample s = AccuracyRun.sample(truth, followed, instant, 6_000_000_000L);
    assertThat(s.atSeconds()).isCloseTo(1.0, within(1e-12));
    assertThat(s.errorSeconds()).isCloseTo(0.0025, within(1e-9));
    assertThat(s.boundSeconds())
        .isCloseTo(followed.dispersionAtTime(followed.fromRootTicks(instant)), within(1e-15));
    assertThat(s.withinBound()).isTrue();
    followed.setAvailability(false);
    AccuracySample unavailable = AccuracyRun.sample(truth, followed, instant, 0);
    assertThat(unavailable.errorSeconds()).isNaN();
    assertThat(unavailable.bounded()).isFalse();
  }

  @Test
  void aShortCleanRunOnLoopbackIsHonestAndBounded() throws Exception {
    Scenario clean = Scenarios.named("clean").orElseThrow().withDuration(Duration.ofSeconds(3));
    AccuracyRun.Result r = AccuracyRun.run(clean, "lowest-dispersion", LowestDispersion::new);
    assertThat(r.stats().samples()).isGreaterThan(200);
    assertThat(r.stats().bounded()).isGreaterThan(100);
    assertThat(r.stats().honest()).isTrue();
    assertThat(r.stats().boundMedian()).isLessThan(0.050);
    assertThat(r.requestsPerSecond()).isGreaterThan(0);
  }
}
