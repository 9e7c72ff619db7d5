package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.NoCommonClockException;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.TsClientCore.DeviationsAccepted;
import org.dvbcss.protocol.ts.TsClientCore.Event;
import org.dvbcss.protocol.ts.TsClientCore.InvalidMessage;
import org.dvbcss.protocol.ts.TsClientCore.TimelineAvailable;
import org.dvbcss.protocol.ts.TsClientCore.TimelineUnavailable;
import org.dvbcss.protocol.ts.TsClientCore.TimingChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CSS-TS client core: no socket, no thread, time driven by hand. */
class TsClientCoreTest {
  private static final double PTS = 90_000;
  private static final Event TIMING = new TimingChanged(false);
  private static final Event TIMING_SPEED = new TimingChanged(true);
  private static final Event AVAILABLE = new TimelineAvailable();
  private static final Event UNAVAILABLE = new TimelineUnavailable();

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000_000L);
  private final SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
  private final CorrelatedClock wall = new CorrelatedClock(sys, 1e9);
  private final CorrelatedClock timeline = new CorrelatedClock(wall, PTS);

  private TsClientCore core() {
    return new TsClientCore(timeline, TsClientConfig.DEFAULT);
  }

  private TsClientCore core(TsClientConfig config) {
    return new TsClientCore(timeline, config);
  }

  private long wallNow() {
    return Math.round(wall.ticks());
  }

  // ---- tolerant reading

  private static String numbers(long contentTime, long wallClockTime, double speed) {
    return "{\"contentTime\":"
        + contentTime
        + ",\"wallClockTime\":"
        + wallClockTime
        + ",\"timelineSpeedMultiplier\":"
        + speed
        + "}";
  }

  @Test
  void readsTolerantlyByDefaultAndSaysSoFirst() {
    assertThat(TsClientConfig.DEFAULT.readMode()).isEqualTo(ReadMode.TOLERANT);
    assertThat(TsClientConfig.builder().build().readMode()).isEqualTo(ReadMode.TOLERANT);
    TsClientCore c = core();
    long wct = wallNow();
    assertThat(c.onText(numbers(900_000, wct, 1.0)))
        .containsExactly(
            new DeviationsAccepted(Set.of(Deviation.TS_INTEGER_AS_NUMBER)), TIMING, AVAILABLE);
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.available(900_000, wct, 1.0));
    assertThat(timeline.toParentTicks(900_000)).isEqualTo(wct);
    assertThat(c.counters())
        .isEqualTo(
            new TsClientCore.Counters(1, 1, 0, 0, Map.of(Deviation.TS_INTEGER_AS_NUMBER, 1L)));

    // the same again: nothing changes, but the deviation is still said and counted
    assertThat(c.onText(numbers(900_000, wct, 1.0)))
        .containsExactly(new DeviationsAccepted(Set.of(Deviation.TS_INTEGER_AS_NUMBER)));
    // a message that follows the spec: no deviation event
    assertThat(c.onText(ControlTimestamp.available(900_000, wct, 1.0).encode())).isEmpty();
    assertThat(c.counters())
        .isEqualTo(
            new TsClientCore.Counters(3, 1, 2, 0, Map.of(Deviation.TS_INTEGER_AS_NUMBER, 2L)));
  }

  @Test
  void unavailableWithoutItsNullsOrWallClockTimeIsTakenAsNow() {
    TsClientCore c = core();
    long wct = wallNow();
    c.onText(ControlTimestamp.available(0, wct, 1.0).encode());
    time.advanceSeconds(3);
    assertThat(c.onText("{\"timelineSpeedMultiplier\":null}"))
        .containsExactly(
            new DeviationsAccepted(
                EnumSet.of(
                    Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,
                    Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME)),
            UNAVAILABLE);
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.unavailable(wallNow()));
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.counters().deviations())
        .containsExactly(
            Map.entry(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME, 1L),
            Map.entry(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME, 1L));
  }

  @Test
  void nowIsReadFromTheWallClockInNanosecondsAtAnyTickRate() {
    CorrelatedClock microsWall = new CorrelatedClock(sys, 1e6, new Correlation(0, 5_000_000));
    CorrelatedClock tl = new CorrelatedClock(microsWall, PTS);
    TsClientCore c = new TsClientCore(tl, TsClientConfig.DEFAULT);
    c.onText("{\"contentTime\":null,\"timelineSpeedMultiplier\":null}");
    long expected = Math.round(microsWall.ticks()) * 1000;
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.unavailable(expected));
  }

  @Test
  void strictReadingTreatsADeviationAsAnInvalidMessage() {
    TsClientCore c = core(TsClientConfig.builder().readMode(ReadMode.STRICT).build());
    assertThat(c.config().readMode()).isEqualTo(ReadMode.STRICT);
    String text = numbers(900_000, wallNow(), 1.0);
    List<Event> events = c.onText(text);
    assertThat(events).hasSize(1);
    InvalidMessage invalid = (InvalidMessage) events.get(0);
    assertThat(invalid.text()).isEqualTo(text);
    assertThat(invalid.error())
        .hasMessage(
            "CSS-TS control timestamp: contentTime must be an integer as a string of decimal"
                + " digits or null, was 900000");
    assertThat(c.onText("{\"timelineSpeedMultiplier\":null}").get(0))
        .isInstanceOf(InvalidMessage.class);
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(0, 0, 0, 2));
  }

  @Test
  void whatTolerantReadingCannotReadIsStillAnInvalidMessage() {
    TsClientCore c = core();
    for (String bad :
        List.of(
            "{\"contentTime\":900.5,\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}",
            "{\"contentTime\":9007199254740993,\"wallClockTime\":\"1\","
                + "\"timelineSpeedMultiplier\":1}",
            "{\"contentTime\":\"5\",\"timelineSpeedMultiplier\":null}",
            "{\"contentTime\":\"5\",\"timelineSpeedMultiplier\":1}")) {
      List<Event> events = c.onText(bad);
      assertThat(events).as(bad).hasSize(1);
      assertThat(events.get(0)).as(bad).isInstanceOf(InvalidMessage.class);
    }
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(0, 0, 0, 4));
    assertThat(c.counters().deviations()).isEmpty();
  }

  @Test
  void deviationEventsAndCountersAreValues() {
    EnumSet<Deviation> kinds = EnumSet.of(Deviation.TS_INTEGER_AS_NUMBER);
    DeviationsAccepted e = new DeviationsAccepted(kinds);
    kinds.add(Deviation.CII_UNKNOWN_PROPERTY);
    assertThat(e.deviations()).containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
    assertThatThrownBy(() -> e.deviations().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new DeviationsAccepted(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    TsClientCore.Counters counters =
        new TsClientCore.Counters(1, 0, 0, 0, Map.of(Deviation.TS_INTEGER_AS_NUMBER, 1L));
    assertThatThrownBy(() -> counters.deviations().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new TsClientCore.Counters(1, 2, 3, 4).deviations()).isEmpty();
    assertThat(TsClientConfig.DEFAULT.toBuilder().readMode(ReadMode.STRICT).build())
        .isEqualTo(
            new TsClientConfig(
                TsClientConfig.DEFAULT_THRESHOLD_SECONDS, null, null, null, ReadMode.STRICT));
    assertThatThrownBy(() -> TsClientConfig.builder().readMode(null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- applying control timestamps

  @Test
  void startsUnavailableAndAppliesTheFirstControlTimestamp() {
    TsClientCore c = core();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.isTimelineAvailable()).isFalse();
    assertThat(c.latestControlTimestamp()).isNull();
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(0, 0, 0, 0));

    long wct = wallNow() - 500_000_000L; // half a second ago
    assertThat(c.onControlTimestamp(ControlTimestamp.available(900_000, wct, 1.0)))
        .containsExactly(TIMING, AVAILABLE);

    assertThat(timeline.isAvailable()).isTrue();
    assertThat(c.isTimelineAvailable()).isTrue();
    assertThat(timeline.toParentTicks(900_000)).isEqualTo(wct);
    assertThat(timeline.ticks()).isCloseTo(900_000 + 0.5 * PTS, within(1e-6));
    time.advanceSeconds(2);
    assertThat(timeline.ticks()).isCloseTo(900_000 + 2.5 * PTS, within(1e-6));
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.available(900_000, wct, 1.0));
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(1, 1, 0, 0));
  }

  @Test
  void changesWithinTheThresholdAreNotApplied() {
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    Correlation applied = timeline.correlation();

    // the same line, a later point: no change at all
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_000, wct + 1_000_000_000L, 1.0)))
        .isEmpty();
    // 50 us off (threshold 100 us): ignored
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 50_000, 1.0))).isEmpty();
    // exactly the threshold: still ignored (only a change of more than it is applied)
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 100_000, 1.0))).isEmpty();
    assertThat(timeline.correlation()).isEqualTo(applied);
    assertThat(c.counters().ignoredChanges()).isEqualTo(3);

    // 200 us off: applied
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 200_000, 1.0)))
        .containsExactly(TIMING);
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct + 200_000);
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(5, 2, 3, 0));
  }

  @Test
  void aLargerThresholdIgnoresMore() {
    TsClientCore c = core(TsClientConfig.builder().thresholdSeconds(0.001).build());
    long wct = wallNow();
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0)))
        .containsExactly(TIMING, AVAILABLE);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 900_000, 1.0))).isEmpty();
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 1_100_000, 1.0)))
        .containsExactly(TIMING);
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct + 1_100_000);
  }

  @Test
  void aZeroThresholdAppliesEveryChangeButNotTheSameLine() {
    TsClientCore c = core(TsClientConfig.builder().thresholdSeconds(0).build());
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct + 1, 1.0)))
        .containsExactly(TIMING);
    assertThat(timeline.toParentTicks(0)).isEqualTo(wct + 1);
    // 9 ticks at 90 kHz is exactly 100 us later on the same line: nothing moves
    assertThat(c.onControlTimestamp(ControlTimestamp.available(9, wct + 100_001, 1.0))).isEmpty();
  }

  @Test
  void anySpeedChangeIsApplied() {
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.000001)))
        .containsExactly(TIMING_SPEED);
    assertThat(timeline.speed()).isEqualTo(1.000001);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 2.0)))
        .containsExactly(TIMING_SPEED);
    assertThat(timeline.speed()).isEqualTo(2.0);
    time.advanceSeconds(1);
    assertThat(timeline.ticks()).isCloseTo(2 * PTS, within(1e-6));
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, -1.0)))
        .containsExactly(TIMING_SPEED);
    assertThat(timeline.ticks()).isCloseTo(-PTS, within(1e-6));
  }

  @Test
  void pauseFreezesTheTimelineAtTheContentTimeAndResumeContinues() {
    TsClientCore c = core();
    long wct = wallNow();
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0)))
        .containsExactly(TIMING, AVAILABLE);
    time.advanceSeconds(1);
    long pausedAt = wallNow();
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_000, pausedAt, 0.0)))
        .containsExactly(TIMING_SPEED);
    time.advanceSeconds(5);
    assertThat(timeline.ticks()).isEqualTo(90_000);
    assertThat(timeline.speed()).isZero();

    // while paused, a later control timestamp of the same pause is not a change
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_000, wallNow(), 0.0))).isEmpty();
    // paused 5 ticks (56 us) away: within the threshold, measured in timeline seconds
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_005, wallNow(), 0.0))).isEmpty();
    // 10 ticks (111 us) away: applied
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_010, wallNow(), 0.0)))
        .containsExactly(TIMING);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_000, wallNow(), 0.0)))
        .containsExactly(TIMING);

    long resumedAt = wallNow();
    assertThat(c.onControlTimestamp(ControlTimestamp.available(90_000, resumedAt, 1.0)))
        .containsExactly(TIMING_SPEED);
    assertThat(timeline.ticks()).isEqualTo(90_000);
    time.advanceSeconds(0.5);
    assertThat(timeline.ticks()).isCloseTo(90_000 + 45_000, within(1e-6));
    assertThat(timeline.toParentTicks(90_000)).isEqualTo(resumedAt);
  }

  @Test
  void theCorrelationCarriesTheControlTimestampsErrorAndKeepsItsGrowthRate() {
    timeline.setCorrelation(new Correlation(0, 0, 0.002, 0.0005));
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(123_456, wct, 1.0));
    // half a tick of rounding and a tick of threshold at the TV, 0.1 ms here, half a nanosecond
    double atSpeed1 = 1.5 / PTS + 0.0001 + 0.5e-9;
    assertThat(timeline.correlation()).isEqualTo(new Correlation(wct, 123_456, atSpeed1, 0.0005));
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 0.0));
    // paused: the threshold is content time, and the wall clock time's rounding moves nothing
    assertThat(timeline.correlation())
        .isEqualTo(new Correlation(wct, 0, 1.5 / PTS + 0.0001, 0.0005));
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 2.0));
    // at double speed the wall clock time's errors count twice in content time
    assertThat(timeline.correlation())
        .isEqualTo(new Correlation(wct, 0, 1.5 / PTS + 0.0002 + 1e-9, 0.0005));
  }

  @Test
  void theTimelinesBoundIsTheTimestampsErrorPlusTheWallClocksScaledBySpeed() {
    wall.setCorrelation(new Correlation(0, 0, 0.003, 0));
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 2.0));
    double wallBound = wall.dispersion();
    assertThat(timeline.dispersion())
        .isCloseTo(
            TsClientConfig.DEFAULT.timestampErrorSeconds(PTS, 2.0) + 2 * wallBound, within(1e-12));
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 0.0));
    assertThat(timeline.dispersion())
        .isEqualTo(TsClientConfig.DEFAULT.timestampErrorSeconds(PTS, 0.0));
  }

  @Test
  void theTvsDeclaredTermsAreConfigurable() {
    TsClientConfig exactTv =
        TsClientConfig.builder().tvRoundingTicks(0).tvThresholdTicks(0).thresholdSeconds(0).build();
    assertThat(exactTv.timestampErrorSeconds(1000, 1.0)).isEqualTo(0.5e-9);
    TsClientConfig truncating = TsClientConfig.builder().tvRoundingTicks(1).build();
    assertThat(truncating.timestampErrorSeconds(1000, -1.0))
        .isCloseTo(2.0 / 1000 + 0.0001 + 0.5e-9, within(1e-15));
    assertThat(truncating.toBuilder().build()).isEqualTo(truncating);
    assertThatThrownBy(() -> TsClientConfig.builder().tvRoundingTicks(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tvRoundingTicks");
    assertThatThrownBy(() -> TsClientConfig.builder().tvThresholdTicks(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tvThresholdTicks");
    assertThatThrownBy(() -> TsClientConfig.builder().tvThresholdTicks(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void availabilityEventsFireOnceEachAfterTiming() {
    TsClientCore c = core();
    long wct = wallNow();
    // already unavailable: nothing
    assertThat(c.onControlTimestamp(ControlTimestamp.unavailable(wct))).isEmpty();

    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0)))
        .containsExactly(TIMING, AVAILABLE);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0))).isEmpty();

    Correlation before = timeline.correlation();
    double speedBefore = timeline.speed();
    assertThat(c.onControlTimestamp(ControlTimestamp.unavailable(wct + 1)))
        .containsExactly(UNAVAILABLE);
    assertThat(c.onControlTimestamp(ControlTimestamp.unavailable(wct + 2))).isEmpty();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.isTimelineAvailable()).isFalse();
    assertThat(timeline.correlation()).isEqualTo(before); // left untouched
    assertThat(timeline.speed()).isEqualTo(speedBefore);

    // back, at the same timing: available without a timing change
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0)))
        .containsExactly(AVAILABLE);
    // back again after a jump: timing first
    assertThat(c.onControlTimestamp(ControlTimestamp.unavailable(wct + 3)))
        .containsExactly(UNAVAILABLE);
    assertThat(c.onControlTimestamp(ControlTimestamp.available(5_000_000, wct, 1.0)))
        .containsExactly(TIMING, AVAILABLE);
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(8, 2, 2, 0));
  }

  @Test
  void aDisconnectMakesTheTimelineUnavailableOnceAndForgetsTheLatestControlTimestamp() {
    TsClientCore c = core();
    c.onConnected();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    Correlation before = timeline.correlation();

    assertThat(c.onDisconnected()).containsExactly(UNAVAILABLE);
    assertThat(c.onDisconnected()).isEmpty();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.isTimelineAvailable()).isFalse();
    assertThat(c.latestControlTimestamp()).isNull();
    assertThat(timeline.correlation()).isEqualTo(before);

    // reconnected: unavailable until the TV says otherwise; the same timing needs no change
    c.onConnected();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0)))
        .containsExactly(AVAILABLE);
    assertThat(c.latestControlTimestamp()).isEqualTo(ControlTimestamp.available(0, wct, 1.0));
  }

  @Test
  void aNewConnectionForgetsTheLatestControlTimestampAndKeepsTheTimeline() {
    TsClientCore c = core();
    c.onControlTimestamp(ControlTimestamp.available(0, wallNow(), 1.0));
    c.onConnected();
    assertThat(c.latestControlTimestamp()).isNull();
    assertThat(c.isTimelineAvailable()).isTrue();
    assertThat(timeline.isAvailable()).isTrue();
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
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(777, wct, 1.0));
    assertThat(seenAtAvailability).containsOnly((double) wct);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e6, 1e3, 1e9, 2.5e8, 1e10})
  void wallClockTimesAreConvertedToTheWallClocksTickRate(double wallTickRate) {
    CorrelatedClock wallClock = new CorrelatedClock(sys, wallTickRate);
    CorrelatedClock tl = new CorrelatedClock(wallClock, 1000);
    TsClientCore c = new TsClientCore(tl, TsClientConfig.DEFAULT);
    long nowNanos = time.nanoTime(); // the wall clock reads the same instant as sys (offset 0)
    long wct = nowNanos - 2_000_000_000L; // 2 s ago, in nanoseconds
    c.onControlTimestamp(ControlTimestamp.available(10_000, wct, 1.0));

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
  void wallClockConversionsAreExactForTheUsualRates() {
    assertThat(TsClientCore.wallNanosToTicks(1_234_567_891_000L, wall))
        .isEqualTo(1_234_567_891_000.0);
    CorrelatedClock micros = new CorrelatedClock(sys, 1e6);
    assertThat(TsClientCore.wallNanosToTicks(1_234_567_891_000L, micros))
        .isEqualTo(1_234_567_891.0);
    assertThat(TsClientCore.wallTicksToNanos(1_234_567_891.0, micros))
        .isEqualTo(1_234_567_891_000L);
    CorrelatedClock tenths = new CorrelatedClock(sys, 1e10);
    assertThat(TsClientCore.wallNanosToTicks(1_234_567_891_000L, tenths))
        .isEqualTo(12_345_678_910_000.0);
    assertThat(TsClientCore.wallTicksToNanos(12_345_678_910_004.0, tenths))
        .isEqualTo(1_234_567_891_000L); // rounded to the nearest nanosecond
  }

  // ---- messages

  @Test
  void onTextDecodesAControlTimestamp() {
    TsClientCore c = core();
    long wct = wallNow();
    ControlTimestamp ct = ControlTimestamp.available(900, wct, 1.0);
    assertThat(c.onText(ct.encode())).containsExactly(TIMING, AVAILABLE);
    assertThat(timeline.toParentTicks(900)).isEqualTo(wct);
    assertThat(c.latestControlTimestamp()).isEqualTo(ct);
    assertThat(c.onText(ControlTimestamp.unavailable(wct).encode())).containsExactly(UNAVAILABLE);
  }

  @Test
  void onTextCountsAndIgnoresInvalidMessagesAndKeepsTheState() {
    TsClientCore c = core();
    long wct = wallNow();
    ControlTimestamp ct = ControlTimestamp.available(900, wct, 1.0);
    c.onText(ct.encode());
    Correlation before = timeline.correlation();

    for (String bad :
        List.of(
            "not json",
            "{\"contentTime\":\"01\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1}",
            "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":null}",
            new SetupData("", "urn:dvb:css:timeline:pts").encode(),
            "")) {
      List<Event> events = c.onText(bad);
      assertThat(events).hasSize(1);
      InvalidMessage invalid = (InvalidMessage) events.get(0);
      assertThat(invalid.text()).isEqualTo(bad);
      assertThat(invalid.error().getMessage()).startsWith("CSS-TS control timestamp");
    }
    assertThat(timeline.isAvailable()).isTrue();
    assertThat(c.isTimelineAvailable()).isTrue();
    assertThat(timeline.correlation()).isEqualTo(before);
    assertThat(c.latestControlTimestamp()).isEqualTo(ct);
    assertThat(c.counters()).isEqualTo(new TsClientCore.Counters(1, 1, 0, 5));

    // and the next valid one is applied as usual
    assertThat(c.onText(ControlTimestamp.available(900, wct + 1_000_000, 1.0).encode()))
        .containsExactly(TIMING);
  }

  @Test
  void theSetupMessageIsTheConfiguredSetupDataEncoded() {
    SetupData setup = new SetupData("dvb://233a", "urn:dvb:css:timeline:pts");
    TsClientCore c = core(TsClientConfig.builder().setupData(setup).build());
    assertThat(SetupData.decode(c.setupMessage())).isEqualTo(setup);
    assertThat(c.setupMessage()).isEqualTo(setup.encode());
    assertThatThrownBy(() -> core().setupMessage())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no setup data");
  }

  // ---- timing reports

  @Test
  void timingReportIsTheCurrentPositionWithInfinitiesWhenNoClocksAreGiven() {
    TsClientCore c = core();
    AptEptLpt none = c.timingReport(true);
    assertThat(none.actual().isAbsent()).isTrue();
    assertThat(none.earliest()).isEqualTo(Timestamp.minusInfinity(0));
    assertThat(none.latest()).isEqualTo(Timestamp.plusInfinity(0));

    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(1_000, wct, 1.0));
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
    AptEptLpt withoutActual = c.timingReport(false);
    assertThat(withoutActual.actual().isAbsent()).isTrue();
    assertThat(withoutActual.earliest()).isEqualTo(Timestamp.minusInfinity(expectedContent));
  }

  @Test
  void timingReportRoundsThePositionToTheNearestTick() {
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    time.advance(16_000L); // 1.44 ticks: rounds down to 1, read 11111 ns after wct
    assertThat(c.timingReport(true).actual().value()).isEqualTo(Timestamp.of(1, wct + 11_111));
    time.advance(1_000L); // 1.53 ticks: rounds up to 2, read 22222 ns after wct (in the future)
    assertThat(c.timingReport(true).actual().value()).isEqualTo(Timestamp.of(2, wct + 22_222));
  }

  @Test
  void timingReportHasNoActualWhileTheTimelineIsUnavailable() {
    TsClientCore c = core();
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(1_000, wct, 1.0));
    wall.setAvailability(false); // the wall clock lost: the timeline clock is unavailable too
    AptEptLpt lost = c.timingReport(true);
    assertThat(lost.actual().isAbsent()).isTrue();
    assertThat(lost.earliest()).isEqualTo(Timestamp.minusInfinity(0));
    assertThat(lost.latest()).isEqualTo(Timestamp.plusInfinity(0));
    wall.setAvailability(true);
    c.onControlTimestamp(ControlTimestamp.unavailable(wct));
    assertThat(c.timingReport(true).actual().isAbsent()).isTrue();
  }

  @Test
  void timingReportGivesTheEarliestAndLatestClocksCurrentPositionsNotCorrelationPoints() {
    OffsetClock earliest = new OffsetClock(timeline, 0.2); // could present 200 ms ahead
    OffsetClock latest = new OffsetClock(timeline, -0.5); // or 500 ms behind
    TsClientCore c = core(TsClientConfig.builder().earliest(earliest).latest(latest).build());
    long wct = wallNow();
    c.onControlTimestamp(ControlTimestamp.available(0, wct, 1.0));
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
    earliest.setAvailability(false);
    assertThat(c.timingReport(true).earliest()).isEqualTo(Timestamp.minusInfinity(900_000));
  }

  @Test
  void timingReportWhilePausedIsTheFrozenPositionNow() {
    OffsetClock latest = new OffsetClock(timeline, -1.0);
    TsClientCore c = core(TsClientConfig.builder().latest(latest).build());
    c.onControlTimestamp(ControlTimestamp.available(4_500, wallNow(), 0.0));
    time.advanceSeconds(3);
    AptEptLpt report = c.timingReport(true);
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(4_500, wallNow()));
    assertThat(report.latest()).isEqualTo(Timestamp.of(4_500, wallNow())); // paused too
  }

  // ---- configuration

  @Test
  void theConfigurationHasDefaultsAndRoundTripsThroughItsBuilder() {
    TsClientConfig d = TsClientConfig.builder().build();
    assertThat(d).isEqualTo(TsClientConfig.DEFAULT);
    assertThat(d.thresholdSeconds()).isEqualTo(0.0001);
    assertThat(d.earliest()).isNull();
    assertThat(d.latest()).isNull();
    assertThat(d.setupData()).isNull();

    OffsetClock e = new OffsetClock(timeline, 0.1);
    SetupData setup = new SetupData("", "urn:dvb:css:timeline:pts");
    TsClientConfig full =
        TsClientConfig.builder()
            .thresholdSeconds(0.002)
            .earliest(e)
            .latest(timeline)
            .setupData(setup)
            .build();
    assertThat(full.toBuilder().build()).isEqualTo(full);
    assertThat(full.toBuilder().earliest(null).build().earliest()).isNull();
    assertThat(full.earliest()).isSameAs(e);
    assertThat(full.setupData()).isEqualTo(setup);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1e-9, -1, Double.NaN, Double.POSITIVE_INFINITY})
  void aBadThresholdIsRejected(double seconds) {
    assertThatThrownBy(() -> TsClientConfig.builder().thresholdSeconds(seconds))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> new TsClientConfig(seconds, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void earliestAndLatestClocksMustShareTheWallClocksTree() {
    SysClock other = SysClock.builder().timeSource(new ManualTimeSource(0)).build();
    CorrelatedClock elsewhere = new CorrelatedClock(other, PTS);
    assertThatThrownBy(() -> core(TsClientConfig.builder().earliest(elsewhere).build()))
        .isInstanceOf(NoCommonClockException.class);
    assertThatThrownBy(() -> core(TsClientConfig.builder().latest(elsewhere).build()))
        .isInstanceOf(NoCommonClockException.class);
    // nothing was changed by a refused configuration
    timeline.setAvailability(true);
    assertThatThrownBy(() -> core(TsClientConfig.builder().latest(elsewhere).build()))
        .isInstanceOf(NoCommonClockException.class);
    assertThat(timeline.isAvailable()).isTrue();
  }

  // ---- properties

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /**
   * Any sequence of control timestamps: after each, the timeline is either exactly the control
   * timestamp's line (and a timing event fired) or within the threshold of it at the same speed.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void theTimelineIsTheNewLineOrWithinTheThresholdOfIt(long seed) {
    Random r = new Random(seed);
    TsClientCore c = core();
    boolean wasAvailable = false;
    for (int i = 0; i < 50; i++) {
      time.advance(r.nextInt(2_000_000_000));
      long wct = wallNow() - r.nextInt(100_000_000);
      if (r.nextInt(6) == 0) {
        List<Event> got = c.onControlTimestamp(ControlTimestamp.unavailable(wct));
        assertThat(timeline.isAvailable()).isFalse();
        assertThat(got).isEqualTo(wasAvailable ? List.of(UNAVAILABLE) : List.of());
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
      Correlation candidate =
          new Correlation(
              wct, content, TsClientConfig.DEFAULT.timestampErrorSeconds(PTS, speed), 0);
      double change = timeline.quantifyChange(candidate, speed);
      List<Event> got = c.onControlTimestamp(ct);
      List<Event> expected = new ArrayList<>();
      if (change > TsClientConfig.DEFAULT_THRESHOLD_SECONDS) {
        expected.add(new TimingChanged(speed != before));
        assertThat(timeline.correlation()).isEqualTo(candidate);
        assertThat(timeline.speed()).isEqualTo(speed);
      } else {
        assertThat(timeline.speed()).isEqualTo(speed);
        assertThat(timeline.quantifyChange(candidate, speed))
            .isLessThanOrEqualTo(TsClientConfig.DEFAULT_THRESHOLD_SECONDS);
      }
      if (!wasAvailable) {
        expected.add(AVAILABLE);
      }
      assertThat(got).as("seed %d step %d", seed, i).isEqualTo(expected);
      assertThat(timeline.isAvailable()).isTrue();
      wasAvailable = true;
    }
  }

  /**
   * Any sequence of control timestamps (speeds paused, backwards, slow, fast; small moves and
   * jumps; the timeline unavailable now and then), with various wall clock and timeline tick rates
   * and thresholds: after each available one, the timeline clock reads what the control timestamp
   * says at its wall clock time, and at a later instant what it says along its speed, within the
   * threshold. The threshold bounds how early or late the timeline may be in wall clock seconds (so
   * {@code threshold * |speed| * tickRate} ticks), and when paused how far off it may be in
   * timeline seconds ({@code threshold * tickRate} ticks).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void theTimelineReadsWithinTheThresholdOfEachControlTimestampNowAndLater(long seed) {
    Random r = new Random(seed);
    double wallRate = new double[] {1e9, 1e9, 1e6, 1e10, 2.5e8}[r.nextInt(5)];
    double rate = new double[] {90_000, 1_000, 50, 1e6, 25}[r.nextInt(5)];
    double threshold = new double[] {0, 0.0001, 0.001, 0.02}[r.nextInt(4)];
    CorrelatedClock wallClock = new CorrelatedClock(sys, wallRate);
    CorrelatedClock tl = new CorrelatedClock(wallClock, rate);
    TsClientCore c =
        new TsClientCore(tl, TsClientConfig.builder().thresholdSeconds(threshold).build());
    long applied = 0;
    long ignored = 0;
    int steps = 60;
    for (int i = 0; i < steps; i++) {
      String at = String.format("seed %d step %d", seed, i);
      time.advance(r.nextInt(2_000_000_000));
      long wct = time.nanoTime() - r.nextInt(100_000_000); // wall clock nanoseconds
      double wctTicks = wct * wallRate / 1e9;
      if (r.nextInt(6) == 0) {
        c.onControlTimestamp(ControlTimestamp.unavailable(wct));
        assertThat(tl.isAvailable()).as(at).isFalse();
        assertThat(c.isTimelineAvailable()).as(at).isFalse();
        continue;
      }
      double speed =
          new double[] {0.0, 0.0, 1.0, 1.0, 1.0, 2.0, -1.0, 0.5, -2.5, 1.0000001}[r.nextInt(10)];
      long content =
          switch (r.nextInt(4)) {
            case 0, 1 -> // near the current line: within a few thresholds, often ignored
                Math.round(
                    tl.fromParentTicks(wctTicks)
                        + (r.nextDouble() * 4 - 2)
                            * threshold
                            * rate
                            * Math.max(1, Math.abs(speed)));
            case 2 -> Math.round(tl.fromParentTicks(wctTicks)) + r.nextInt(2001) - 1000;
            default -> r.nextLong() >> 22; // a jump anywhere
          };
      List<Event> events = c.onControlTimestamp(ControlTimestamp.available(content, wct, speed));
      if (events.contains(new TimingChanged(false)) || events.contains(new TimingChanged(true))) {
        applied++;
      } else {
        ignored++;
      }
      assertThat(tl.isAvailable()).as(at).isTrue();
      assertThat(tl.speed()).as(at).isEqualTo(speed);

      double allowed = threshold * rate * (speed == 0 ? 1 : Math.abs(speed));
      double eps = 1e-6 + 64 * Math.ulp((double) Math.abs(content));
      assertThat(tl.fromParentTicks(wctTicks)).as(at).isCloseTo(content, within(allowed + eps));

      time.advance(r.nextInt(3_000_000) * 1_000L);
      double along = content + speed * (time.nanoTime() - wct) / 1e9 * rate;
      double eps2 = eps + 64 * Math.ulp(Math.abs(along));
      assertThat(tl.ticks()).as(at).isCloseTo(along, within(allowed + eps2));
    }
    TsClientCore.Counters counters = c.counters();
    assertThat(counters.timingChanges()).isEqualTo(applied);
    assertThat(counters.ignoredChanges()).isEqualTo(ignored);
    assertThat(counters.controlTimestamps()).isEqualTo(steps);
  }
}
