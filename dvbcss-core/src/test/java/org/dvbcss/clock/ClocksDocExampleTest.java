package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worked example of docs/clocks.md, so that the document stays true. */
class ClocksDocExampleTest {

  @Test
  void workedExampleGivesTheNumbersTheDocumentShows() {
    ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
    SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock wall =
        new CorrelatedClock(
            sys, 1e9, new Correlation(1_000_000_000, 5_000_000_000.0, 0.0005, 0.001));
    CorrelatedClock pts =
        new CorrelatedClock(wall, 90_000, new Correlation(5_000_000_000.0, 900_000));

    time.advance(2_000_000_000L);

    assertThat(wall.ticks()).isEqualTo(7e9);
    assertThat(pts.ticks()).isEqualTo(1_080_000, within(1e-6));
    assertThat(pts.dispersion()).isEqualTo(0.002501, within(1e-12));
    assertThat(pts.calcWhen(1_170_000)).isEqualTo(4e9, within(1e-3));
  }

  @Test
  void pausingAsTheDocumentShowsFreezesWithoutAJumpAndNotifiesOnce() {
    ManualTimeSource time = new ManualTimeSource(3_000_000_000L);
    SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock wall =
        new CorrelatedClock(
            sys, 1e9, new Correlation(1_000_000_000, 5_000_000_000.0, 0.0005, 0.001));
    CorrelatedClock pts =
        new CorrelatedClock(wall, 90_000, new Correlation(5_000_000_000.0, 900_000));
    AtomicInteger heard = new AtomicInteger();
    pts.addListener((clock, cause) -> heard.incrementAndGet());

    pts.rebaseCorrelationAtParentTicks(wall.ticks());
    assertThat(pts.correlation().parentTicks()).isEqualTo(7e9);
    assertThat(pts.correlation().childTicks()).isEqualTo(1_080_000, within(1e-6));
    assertThat(heard).hasValue(0);

    pts.setSpeed(0);
    time.advance(10_000_000_000L);

    assertThat(heard).hasValue(1);
    assertThat(pts.ticks()).isEqualTo(1_080_000, within(1e-6));
    assertThat(pts.calcWhen(1_170_000)).isNaN();
    assertThat(pts.dispersionAtTime(1_170_000)).isInfinite();
  }
}
