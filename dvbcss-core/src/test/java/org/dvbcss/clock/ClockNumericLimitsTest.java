package org.dvbcss.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How precise {@code double} tick arithmetic stays at large time values.
 *
 * <p>The tree is the usual one: a nanosecond {@link SysClock}, a wall clock correlated to it
 * (nanoseconds), and a timeline correlated to the wall clock. Every conversion is compared with the
 * same formulas evaluated exactly in {@link BigDecimal} from the same {@code double} inputs, at
 * instants spread over a day either side of the start. Errors are expressed in seconds.
 *
 * <p>Doubles near 1.7e18 are 256 apart, so a nanosecond clock there cannot resolve better than
 * +-128 ns; near one year of uptime (3.15e16 ns) they are 4 apart. Measured worst errors (JDK 17,
 * 90 kHz and 1 kHz alike): one year of uptime 2.02e-9 s; 1.7e18 ns 1.28e-7 s, i.e. half the spacing
 * of doubles there. Both are under the 1 us budget, the second by a factor of about 7.8.
 */
class ClockNumericLimitsTest {
  private static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal BILLION = BigDecimal.valueOf(1e9);
  private static final double BUDGET_SECONDS = 1e-6;

  @ParameterizedTest(name = "root at {0} ns, timeline at {1} Hz")
  @CsvSource({
    "31536000000000000, 90000",
    "31536000000000000, 1000",
    "1700000000000000000, 90000",
    "1700000000000000000, 1000"
  })
  void conversionsStayWithinOneMicrosecond(long startNanos, double timelineRate) {
    ManualTimeSource time = new ManualTimeSource(startNanos);
    SysClock sys = SysClock.builder().timeSource(time).precision(1e-9).build();
    // A wall clock some way off the root, and a timeline started 5 s before "now".
    Correlation wallCorrelation = new Correlation(startNanos - 5e9, startNanos + 987_654_321e3);
    CorrelatedClock wall = new CorrelatedClock(sys, 1e9, wallCorrelation);
    Correlation timelineCorrelation = new Correlation(wall.ticks() - 5e9, 123_456_789);
    CorrelatedClock timeline = new CorrelatedClock(wall, timelineRate, timelineCorrelation);
    Exact exact = new Exact(wallCorrelation, timelineCorrelation, timelineRate);

    double worst = 0;
    long step = 86_400_000_000_000L / 500; // 500 instants a day
    for (long k = -500; k <= 500; k++) {
      long nanos = startNanos + k * step + k * 7_919; // off any round number
      if (k >= 0) {
        time.set(nanos); // the time source only moves forwards: read ticks() from here on
        worst =
            Math.max(worst, errorSeconds(timeline.ticks(), exact.timelineAt(nanos), timelineRate));
      }
      double t = exact.timelineAt(nanos).doubleValue();
      worst =
          Math.max(worst, errorSeconds(timeline.toOtherClockTicks(sys, t), exact.rootAt(t), 1e9));
      worst = Math.max(worst, errorSeconds(timeline.calcWhen(t), exact.rootAt(t), 1e9));
      worst =
          Math.max(
              worst,
              errorSeconds(
                  sys.toOtherClockTicks(timeline, nanos), exact.timelineAt(nanos), timelineRate));
    }
    assertThat(worst)
        .as("worst conversion error %s s at %d ns and %s Hz", worst, startNanos, timelineRate)
        .isLessThan(BUDGET_SECONDS);
  }

  private static double errorSeconds(double actual, BigDecimal exact, double tickRate) {
    return new BigDecimal(actual).subtract(exact).abs().doubleValue() / tickRate;
  }

  /** The tree's formulas in exact decimal arithmetic. */
  private record Exact(Correlation wall, Correlation timeline, double timelineRate) {

    /** Timeline ticks when the root reads {@code nanos}. */
    BigDecimal timelineAt(long nanos) {
      BigDecimal wallTicks =
          dec(wall.childTicks()).add(BigDecimal.valueOf(nanos)).subtract(dec(wall.parentTicks()));
      return dec(timeline.childTicks())
          .add(
              wallTicks
                  .subtract(dec(timeline.parentTicks()))
                  .multiply(dec(timelineRate))
                  .divide(BILLION, MC));
    }

    /** Root ticks (nanoseconds) when the timeline reads {@code ticks}. */
    BigDecimal rootAt(double ticks) {
      BigDecimal wallTicks =
          dec(timeline.parentTicks())
              .add(
                  dec(ticks)
                      .subtract(dec(timeline.childTicks()))
                      .multiply(BILLION)
                      .divide(dec(timelineRate), MC));
      return dec(wall.parentTicks()).add(wallTicks.subtract(dec(wall.childTicks())));
    }

    private static BigDecimal dec(double d) {
      return new BigDecimal(d);
    }
  }
}
