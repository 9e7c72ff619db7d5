package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.NoCommonClockException;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.ts.TsClockController.Jumps;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.protocol.ts.TsClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The clock controller as an adapter of {@code TsClientCore} (whose logic is tested in
 * dvbcss-protocol): its builder, listener calls and counters, without sockets, on hand-driven time.
 */
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

    /** Jumps and deviations, kept apart from the other events. */
    final List<String> extra = new CopyOnWriteArrayList<>();

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

    @Override
    public void timelineJumped(double seconds) {
      extra.add(String.format(Locale.ROOT, "jumped %.6f", seconds));
    }

    @Override
    public void deviations(Set<Deviation> kinds) {
      extra.add("deviations " + kinds);
    }

    List<String> take() {
      List<String> copy = List.copyOf(list);
      list.clear();
      return copy;
    }

    List<String> takeExtra() {
      List<String> copy = List.copyOf(extra);
      extra.clear();
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
  void aDetachedControllerHasTheDefaultsAndNoClient() {
    TsClockController c = controller();
    assertThat(c.timeline()).isSameAs(timeline);
    assertThat(c.thresholdSeconds()).isEqualTo(TsClockController.DEFAULT_THRESHOLD_SECONDS);
    assertThat(TsClockController.DEFAULT_THRESHOLD_SECONDS).isEqualTo(0.0001);
    assertThat(c.client()).isNull();
    assertThat(c.sendTimingReport()).isFalse();
    assertThat(c.sendTimingReport(false)).isFalse();
    c.close(); // nothing to close
    assertThat(c.timingReport(true).actual().isAbsent()).isTrue();
  }

  @Test
  void aNewConnectionForgetsTheLatestControlTimestampAndIsAnnounced() {
    TsClockController c = controller();
    c.connected();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    assertThat(c.latestControlTimestamp()).isNotNull();
    c.connected();
    assertThat(c.latestControlTimestamp()).isNull();
    assertThat(c.isTimelineAvailable()).isTrue();
    assertThat(events.take()).containsExactly("connected", "timing", "available", "connected");
  }

  @Test
  void theBuilderChecksTheThresholdAndTheClocksTree() {
    assertThatThrownBy(() -> TsClockController.builder(timeline).threshold(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> TsClockController.builder(timeline).threshold(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    SysClock other = SysClock.builder().timeSource(new ManualTimeSource(0)).build();
    CorrelatedClock elsewhere = new CorrelatedClock(other, PTS);
    assertThatThrownBy(() -> TsClockController.builder(timeline).earliest(elsewhere).build())
        .isInstanceOf(NoCommonClockException.class);
    assertThatThrownBy(() -> TsClockController.builder(timeline).latest(elsewhere).build())
        .isInstanceOf(NoCommonClockException.class);
    assertThat(TsClockController.builder(timeline).threshold(0).build().thresholdSeconds())
        .isZero();
  }

  @Test
  void aListenerThatThrowsStopsNeitherTheOthersNorTheController() {
    TsClockController.Listener thrower =
        new TsClockController.Listener() {
          @Override
          public void timingChanged(boolean speedChanged) {
            throw new IllegalStateException("listener fails");
          }

          @Override
          public void timelineAvailable() {
            throw new IllegalStateException("listener fails");
          }
        };
    TsClockController c =
        TsClockController.builder(timeline).listener(thrower).listener(events).build();
    long wct = wallNow();
    c.controlTimestamp(ControlTimestamp.available(0, wct, 1.0));
    c.controlTimestamp(ControlTimestamp.available(0, wct, 2.0));
    assertThat(events.take()).containsExactly("timing", "available", "timing+speed");
    assertThat(timeline.speed()).isEqualTo(2.0);
    assertThat(c.counters()).isEqualTo(new TsClockController.Counters(2, 2, 0));
  }

  @Test
  void aPauseReportedLateMakesAJumpOfTheDelayAndLeavesTheBoundsTermsAlone() {
    TsClockController c = controller();
    long t0 = wallNow();
    c.controlTimestamp(ControlTimestamp.available(900_000, t0, 1.0));
    assertThat(events.take()).containsExactly("timing", "available");
    assertThat(c.jumps()).as("a first correlation is not a jump").isEqualTo(Jumps.NONE);
    Correlation terms = timeline.correlation();
    double boundBefore = timeline.dispersion();

    // the TV paused at t0 + 1 s but says so only 2 s later (it sends every few seconds)
    time.advanceSeconds(3);
    long pausedAt = t0 + 1_000_000_000L;
    c.controlTimestamp(ControlTimestamp.available(900_000 + 90_000, pausedAt, 0.0));

    assertThat(events.take()).containsExactly("timing+speed");
    assertThat(events.takeExtra()).containsExactly("jumped 2.000000");
    assertThat(c.jumps().count()).isEqualTo(1);
    assertThat(c.jumps().lastSeconds()).isCloseTo(2.0, within(1e-6));
    assertThat(c.jumps().largestSeconds()).isCloseTo(2.0, within(1e-6));
    assertThat(timeline.ticks()).isCloseTo(990_000, within(1e-6));
    // lateness adds nothing to the bound: before, the control timestamp's own error plus the
    // wall clock's; paused, the control timestamp's own error at speed 0 alone
    TsClientConfig d = TsClientConfig.DEFAULT;
    assertThat(terms.initialError()).isEqualTo(d.timestampErrorSeconds(90_000, 1.0));
    assertThat(boundBefore).isEqualTo(terms.initialError() + wall.dispersion());
    assertThat(timeline.correlation().initialError())
        .isEqualTo(d.timestampErrorSeconds(90_000, 0.0));
    assertThat(timeline.correlation().errorGrowthRate()).isEqualTo(terms.errorGrowthRate());
    assertThat(timeline.dispersion()).isEqualTo(d.timestampErrorSeconds(90_000, 0.0));

    // reported promptly, a resume makes (almost) no jump; the largest stays
    time.advanceSeconds(1);
    c.controlTimestamp(ControlTimestamp.available(990_000, wallNow(), 1.0));
    assertThat(events.take()).containsExactly("timing+speed");
    assertThat(events.takeExtra()).containsExactly("jumped 0.000000");
    assertThat(c.jumps().count()).isEqualTo(2);
    assertThat(c.jumps().lastSeconds()).isCloseTo(0, within(1e-6));
    assertThat(c.jumps().largestSeconds()).isCloseTo(2.0, within(1e-6));
  }

  @Test
  void aLateControlTimestampGetsTheErrorOfAPromptOne() {
    timeline.setCorrelation(new Correlation(0, 0, 0.002, 1e-5));
    TsClockController c = controller();
    c.controlTimestamp(ControlTimestamp.available(900_000, wallNow(), 1.0));
    time.advanceSeconds(5);
    c.controlTimestamp(
        ControlTimestamp.available(900_000 + 5 * 90_000, wallNow() - 2_000_000_000L, 1.0));
    assertThat(c.counters().timingChanges()).isEqualTo(2);
    // the same error as a prompt one at that speed; the growth rate is the timeline's
    assertThat(timeline.correlation().initialError())
        .isEqualTo(TsClientConfig.DEFAULT.timestampErrorSeconds(90_000, 1.0));
    assertThat(timeline.correlation().errorGrowthRate()).isEqualTo(1e-5);
    assertThat(c.jumps().lastSeconds()).isCloseTo(2.0, within(1e-6));
  }

  @Test
  void jumpsAreNotMeasuredAcrossUnavailability() {
    TsClockController c = controller();
    c.controlTimestamp(ControlTimestamp.available(900_000, wallNow(), 1.0));
    c.controlTimestamp(ControlTimestamp.unavailable(wallNow()));
    time.advanceSeconds(10);
    c.controlTimestamp(ControlTimestamp.available(0, wallNow(), 1.0));
    assertThat(events.takeExtra()).isEmpty();
    assertThat(c.jumps()).isEqualTo(Jumps.NONE);
  }

  @Test
  void jumpsValidateAndAccumulate() {
    Jumps j = Jumps.NONE.plus(0.5).plus(2).plus(1);
    assertThat(j).isEqualTo(new Jumps(3, 1, 2));
    assertThatThrownBy(() -> Jumps.NONE.plus(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jumps.NONE.plus(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Jumps(1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDetachedControllerCountsAndForwardsTheDeviationsItsTransportReports() {
    TsClockController c = controller();
    c.deviations(EnumSet.of(Deviation.TS_INTEGER_AS_NUMBER), "{...}");
    assertThat(events.takeExtra()).containsExactly("deviations [TS_INTEGER_AS_NUMBER]");
    assertThat(c.counters().deviations()).isEqualTo(Map.of(Deviation.TS_INTEGER_AS_NUMBER, 1L));
    assertThat(c.readMode()).isEqualTo(ReadMode.TOLERANT);
  }
}
