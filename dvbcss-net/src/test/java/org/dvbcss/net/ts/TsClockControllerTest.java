package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The clock controller's logic, without sockets, on hand-driven time. */
class TsClockControllerTest {
  private static final double PTS = 90_000;

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000_000L);
  private final SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
  private final CorrelatedClock wall = new CorrelatedClock(sys, 1e9);
  private final CorrelatedClock timeline = new CorrelatedClock(wall, PTS);
  private final Events events = new Events();

  /** Records listener events as short strings, in order. */
  static final class Events implements TsClockController.Listener {
    final List<String> list = new CopyOnWriteArrayList<>();

    @Override
    public void timingChanged(boolean speedChanged) {
      list.add(speedChanged ? "timing+speed" : "timing");
    }

    @Override
    public void timelineAvailable() {
      list.add("available");
    }

    @Override
    public void timelineUnavailable() {
      list.add("unavailable");
    }

    @Override
    public void connected() {
      list.add("connected");
    }

    @Override
    public void disconnected(int code, String reason, boolean willReconnect) {
      list.add("disconnected");
    }

    List<String> take() {
      List<String> copy = List.copyOf(list);
      list.clear();
      return copy;
    }
  }

  private TsClockController controller() {
    return TsClockController.builder(timeline).listener(events).build();
  }

  private long wallNow() {
    return Math.round(wall.ticks());
  }

  @Test
  void startsUnavailableAndAppliesTheFirstControlTimestamp() {
    TsClockController c = controller();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(events.take()).isEmpty();

    long wct = wallNow() - 500_000_000L; // half a second ago
    c.controlTimestamp(ControlTimestamp.available(900_000, wct, 1.0));

    assertThat(events.take()).containsExactly("timing", "available");
    assertThat(timeline.isAvailable()).isTrue();
    assertThat(timeline.toParentTicks(900_000)).isEqualTo(wct);
    assertThat(timeline.ticks()).isCloseTo(900_000 + 0.5 * PTS, within(1e-6));
    time.advanceSeconds(2);
    assertThat(timeline.ticks()).isCloseTo(900_000 + 2.5 * PTS, within(1e-6));
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.available(900_000, wct, 1.0));
    assertThat(c.counters()).isEqualTo(new TsClockController.Counters(1, 1, 0));
  }

  @Test
  void changesWithinTheThresholdAreNotApplied() {
    TsClockController c = controller();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    events.take();
    Correlation applied = timeline.correlation();

    // the same line, a later point: no change at all
    c.controlTimestamp(ControlTimestamp.available(90_000, wct + 1_000_000_000L, 1.0));
    // 50 us off (threshold 100 us): ignored
    c.controlTimestamp(ControlTimestamp.available(0, wct + 50_000, 1.0));
    assertThat(timeline.correlation()).isEqualTo(applied);
    assertThat(events.take()).isEmpty();
    assertThat(c.counters().ignoredChanges()).isEqualTo(2);

    // 200 us off: applied
    c.controlTimestamp(ControlTimestamp.available(0, wct + 200_000, 1.0));
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct + 200_000);
    assertThat(events.take()).containsExactly("timing");
  }

  @Test
  void aLargerThresholdIgnoresMore() {
    TsClockController c =
        TsClockController.builder(timeline).threshold(0.001).listener(events).build();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    c.controlTimestamp(ControlTimestamp.available(0, wct + 900_000, 1.0));
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct);
    c.controlTimestamp(ControlTimestamp.available(0, wct + 1_100_000, 1.0));
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct + 1_100_000);
    assertThat(events.take()).containsExactly("timing", "available", "timing");
  }

  @Test
  void anySpeedChangeIsApplied() {
    TsClockController c = controller();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    events.take();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.000001));
    assertThat(timeline.speed()).isEqualTo(1.000001);
    assertThat(events.take()).containsExactly("timing+speed");
    c.controlTimestamp(ControlTimestamp.available(0, wct, 2.0));
    assertThat(timeline.speed()).isEqualTo(2.0);
    time.advanceSeconds(1);
    assertThat(timeline.ticks()).isCloseTo(2 * PTS, within(1e-6));
    assertThat(events.take()).containsExactly("timing+speed");
  }

  @Test
  void pauseFreezesTheTimelineAtTheContentTimeAndResumeContinues() {
    TsClockController c = controller();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    time.advanceSeconds(1);
    long pausedAt = wallNow();
    c.controlTimestamp(ControlTimestamp.available(90_000, pausedAt, 0.0));
    assertThat(events.take()).containsExactly("timing", "available", "timing+speed");
    time.advanceSeconds(5);
    assertThat(timeline.ticks()).isEqualTo(90_000);
    assertThat(timeline.speed()).isZero();

    // while paused, a later control timestamp of the same pause is not a change
    c.controlTimestamp(ControlTimestamp.available(90_000, wallNow(), 0.0));
    assertThat(events.take()).isEmpty();

    long resumedAt = wallNow();
    c.controlTimestamp(ControlTimestamp.available(90_000, resumedAt, 1.0));
    assertThat(events.take()).containsExactly("timing+speed");
    assertThat(timeline.ticks()).isEqualTo(90_000);
    time.advanceSeconds(0.5);
    assertThat(timeline.ticks()).isCloseTo(90_000 + 45_000, within(1e-6));
    assertThat(timeline.toParentTicks(90_000)).isEqualTo(resumedAt);
  }

  @Test
  void availabilityEventsFireOnceEachAfterTiming() {
    TsClockController c = controller();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.unavailable(wct)); // already unavailable: nothing
    assertThat(events.take()).isEmpty();

    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    assertThat(events.take()).containsExactly("timing", "available");

    Correlation before = timeline.correlation();
    c.controlTimestamp(ControlTimestamp.unavailable(wct + 1));
    c.controlTimestamp(ControlTimestamp.unavailable(wct + 2));
    assertThat(events.take()).containsExactly("unavailable");
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(timeline.correlation()).isEqualTo(before); // left untouched

    // back, at the same timing: available without a timing change
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    assertThat(events.take()).containsExactly("available");
    // back again after a jump: timing first
    c.controlTimestamp(ControlTimestamp.unavailable(wct + 3));
    c.controlTimestamp(ControlTimestamp.available(5_000_000, wct, 1.0));
    assertThat(events.take()).containsExactly("unavailable", "timing", "available");

    c.disconnected(1006, "", true);
    c.disconnected(1006, "", false);
    assertThat(events.take()).containsExactly("unavailable", "disconnected", "disconnected");
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.isTimelineAvailable()).isFalse();
    assertThat(c.latestControlTimestamp()).isNull();
  }

  @Test
  void clockListenersSeeTheNewTimingWhenTheTimelineBecomesAvailable() {
    List<Double> seenAtAvailability = new CopyOnWriteArrayList<>();
    timeline.addListener(
        (clock, cause) -> {
          if (timeline.isAvailable()) {
            seenAtAvailability.add(timeline.toParentTicks(777));
          }
        });
    TsClockController c = controller();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(777, wct, 1.0));
    assertThat(seenAtAvailability).containsOnly((double) wct);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e6, 1e3, 1e9, 2.5e8, 1e10})
  void wallClockTimesAreConvertedToTheWallClocksTickRate(double wallTickRate) {
    CorrelatedClock wallClock = new CorrelatedClock(sys, wallTickRate);
    CorrelatedClock tl = new CorrelatedClock(wallClock, 1000);
    TsClockController c = TsClockController.builder(tl).build();
    long nowNanos = time.nanoTime(); // the wall clock reads the same instant as sys (offset 0)
    long wct = nowNanos - 2_000_000_000L; // 2 s ago, in nanoseconds
    c.controlTimestamp(ControlTimestamp.available(10_000, wct, 1.0));

    double expectedParentTicks = wct * wallTickRate / 1e9;
    assertThat(tl.toParentTicks(10_000))
        .isCloseTo(expectedParentTicks, within(Math.abs(expectedParentTicks) * 1e-15));
    assertThat(tl.ticks()).isCloseTo(12_000, within(1e-6));
    time.advanceSeconds(1);
    assertThat(tl.ticks()).isCloseTo(13_000, within(1e-6));

    AptEptLpt report = c.timingReport(true);
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(13_000, nowNanos + 1_000_000_000L));
  }

  @Test
  void timingReportIsTheCurrentPositionWithInfinitiesWhenNoClocksAreGiven() {
    TsClockController c = controller();
    AptEptLpt none = c.timingReport(true);
    assertThat(none.actual().isAbsent()).isTrue();
    assertThat(none.earliest()).isEqualTo(Timestamp.minusInfinity(0));
    assertThat(none.latest()).isEqualTo(Timestamp.plusInfinity(0));

    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(1_000, wct, 1.0));
    time.advance(1_234_567_891L);
    AptEptLpt report = c.timingReport(true);
    // 1.234567891 s at 90 kHz = 111111.11 ticks: the integer position 112111, read at its exact
    // time
    long expectedContent = 1_000 + 111_111;
    long expectedWall = wct + Math.round(111_111 / PTS * 1e9);
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(expectedContent, expectedWall));
    assertThat(report.earliest()).isEqualTo(Timestamp.minusInfinity(expectedContent));
    assertThat(report.latest()).isEqualTo(Timestamp.plusInfinity(expectedContent));
    assertThat(AptEptLpt.decode(report.encode())).isEqualTo(report);
    assertThat(c.timingReport(false).actual().isAbsent()).isTrue();
  }

  @Test
  void timingReportGivesTheEarliestAndLatestClocksCurrentPositionsNotCorrelationPoints() {
    OffsetClock earliest = new OffsetClock(timeline, 0.2); // could present 200 ms ahead
    OffsetClock latest = new OffsetClock(timeline, -0.5); // or 500 ms behind
    TsClockController c =
        TsClockController.builder(timeline).earliest(earliest).latest(latest).build();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    time.advanceSeconds(10);
    long now = wallNow();

    AptEptLpt report = c.timingReport(true);
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(900_000, now));
    assertThat(report.earliest()).isEqualTo(Timestamp.of(900_000 + 18_000, now));
    assertThat(report.latest()).isEqualTo(Timestamp.of(900_000 - 45_000, now));
    assertThat(AptEptLpt.decode(report.encode())).isEqualTo(report);

    // the latest clock unavailable: plus infinity (the reference checked the earliest clock here)
    latest.setAvailability(false);
    AptEptLpt half = c.timingReport(true);
    assertThat(half.earliest().isFinite()).isTrue();
    assertThat(half.latest()).isEqualTo(Timestamp.plusInfinity(900_000));
  }

  @Test
  void timingReportWhilePausedIsTheFrozenPositionNow() {
    TsClockController c = controller();
    c.controlTimestamp(ControlTimestamp.available(4_500, wallNow(), 0.0));
    time.advanceSeconds(3);
    AptEptLpt report = c.timingReport(true);
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(4_500, wallNow()));
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /**
   * Any sequence of control timestamps: after each, the timeline is either exactly the control
   * timestamp's line (and a timing event fired) or within the threshold of it at the same speed.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void theTimelineAlwaysFollowsWithinTheThreshold(long seed) {
    Random r = new Random(seed);
    TsClockController c = controller();
    boolean wasAvailable = false;
    for (int i = 0; i < 50; i++) {
      time.advance(r.nextInt(2_000_000_000));
      long wct = wallNow() - r.nextInt(100_000_000);
      if (r.nextInt(6) == 0) {
        c.controlTimestamp(ControlTimestamp.unavailable(wct));
        assertThat(timeline.isAvailable()).isFalse();
        assertThat(events.take()).isEqualTo(wasAvailable ? List.of("unavailable") : List.of());
        wasAvailable = false;
        continue;
      }
      double speed = new double[] {0.0, 1.0, 1.0, 1.0, 2.0, -1.0, 0.5}[r.nextInt(7)];
      double before = timeline.speed();
      long content =
          r.nextBoolean()
              ? Math.round(timeline.fromParentTicks(wct))
                  + r.nextInt(40)
                  - 20 // near: often ignored
              : r.nextLong() >> 20;
      ControlTimestamp ct = ControlTimestamp.available(content, wct, speed);
      Correlation candidate = new Correlation(wct, content);
      double change = timeline.quantifyChange(candidate, speed);
      c.controlTimestamp(ct);
      List<String> got = events.take();
      List<String> expected = new java.util.ArrayList<>();
      if (change > TsClockController.DEFAULT_THRESHOLD_SECONDS) {
        expected.add(speed != before ? "timing+speed" : "timing");
        assertThat(timeline.correlation()).isEqualTo(candidate);
        assertThat(timeline.speed()).isEqualTo(speed);
      } else {
        assertThat(timeline.speed()).isEqualTo(speed);
        assertThat(timeline.quantifyChange(candidate, speed))
            .isLessThanOrEqualTo(TsClockController.DEFAULT_THRESHOLD_SECONDS);
      }
      if (!wasAvailable) {
        expected.add("available");
      }
      assertThat(got).as("seed %d step %d", seed, i).isEqualTo(expected);
      assertThat(timeline.isAvailable()).isTrue();
      wasAvailable = true;
    }
  }
}
