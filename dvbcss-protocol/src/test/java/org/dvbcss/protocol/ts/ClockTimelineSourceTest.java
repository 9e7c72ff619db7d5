package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The clock-driven source, on hand-driven time, without sockets. */
class ClockTimelineSourceTest {
  private static final String PTS = "urn:dvb:css:timeline:pts";

  private ManualTimeSource time;
  private SysClock wall;
  private TunableClock pts;
  private final List<ControlTimestamp> pushed = new ArrayList<>();

  @BeforeEach
  void setUp() {
    time = new ManualTimeSource(1_000_000_000L);
    wall = SysClock.builder().timeSource(time).tickRate(1e9).build();
    pts = new TunableClock(wall, 90_000, 0);
  }

  private ClockTimelineSource attached(ClockTimelineSource source) {
    source.addSink(s -> pushed.add(s.controlTimestamp(PTS)));
    pushed.clear();
    return source;
  }

  @Test
  void theControlTimestampIsTheTimelineAndTheWallClockReadTogether() {
    ClockTimelineSource source = attached(new ClockTimelineSource(PTS, wall, pts));
    time.advanceSeconds(2);
    ControlTimestamp ct = source.controlTimestamp(PTS);
    assertThat(ct).isNotNull();
    assertThat(ct.wallClockTime()).isEqualTo(1_000_000_000L); // cached: the line has not changed
    assertThat(ct.contentTime()).isEqualTo(0L);
    assertThat(ct.timelineSpeedMultiplier()).isEqualTo(1.0);
    assertThat(source.controlTimestamp("urn:other")).isNull();
    assertThat(source.recognises(PTS)).isTrue();
    assertThat(source.recognises(PTS + ":x")).isFalse();
  }

  /**
   * Between whole ticks, the control timestamp is the last whole tick the timeline reached and the
   * wall clock time it reached it at: its content time is exact at its wall clock time (to half a
   * nanosecond of wall clock time), not rounded by up to half a tick, and that time is not in the
   * future. Paused, the content time is rounded to the nearest tick.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void theContentTimeIsExactAtTheWallClockTimeItIsSentWith(long seed) {
    Random r = new Random(seed);
    double rate = new double[] {1_000, 90_000, 25, 1e6}[r.nextInt(4)];
    double speed = new double[] {1.0, 2.0, 0.5, -1.0, 0.0}[r.nextInt(5)];
    TunableClock timeline = new TunableClock(wall, rate, 1234);
    ClockTimelineSource source = attached(new ClockTimelineSource(PTS, wall, timeline));
    time.advance(r.nextInt(1_000_000_000));
    timeline.setSpeed(speed);
    time.advance(r.nextInt(1_000_000_000));
    timeline.adjustTicks(r.nextDouble() * 10 + 1);
    ControlTimestamp ct = source.controlTimestamp(PTS);
    assertThat(ct).isNotNull();
    double at = timeline.fromParentTicks(ct.wallClockTime());
    double exact = wall.ticks();
    if (speed == 0) {
      assertThat(Math.abs(ct.contentTime() - timeline.ticks())).isLessThanOrEqualTo(0.5);
      assertThat(ct.wallClockTime()).isEqualTo((long) exact);
    } else {
      // the error: half a nanosecond of wall clock time, |speed| * rate / 2e9 ticks
      assertThat(Math.abs(ct.contentTime() - at))
          .isLessThanOrEqualTo(Math.abs(speed) * rate * 0.5e-9 + 1e-6);
      assertThat((double) ct.wallClockTime()).isLessThanOrEqualTo(exact + 0.5);
      assertThat(exact - ct.wallClockTime()).isLessThan(1e9 / rate / Math.abs(speed) + 1);
    }
  }

  @Test
  void aRebaseOrAListenerWithoutARealChangePushesNothing() {
    attached(new ClockTimelineSource(PTS, wall, pts));
    time.advanceSeconds(3.3);
    pts.rebaseCorrelationAtTicks(pts.ticks());
    pts.setSpeed(1.0);
    time.advanceSeconds(1);
    pts.setCorrelation(pts.correlation()); // a listener fires, nothing changes
    assertThat(pushed).isEmpty();
  }

  @Test
  void pauseAndResumePushSpeedZeroThenOneWithNoManualCall() {
    ClockTimelineSource source = attached(new ClockTimelineSource(PTS, wall, pts));
    time.advanceSeconds(1);
    pts.setSpeed(0);
    time.advanceSeconds(5);
    pts.setSpeed(1);
    assertThat(pushed).hasSize(2);
    assertThat(pushed.get(0).timelineSpeedMultiplier()).isEqualTo(0.0);
    assertThat(pushed.get(0).contentTime()).isEqualTo(90_000L);
    assertThat(pushed.get(0).wallClockTime()).isEqualTo(2_000_000_000L);
    assertThat(pushed.get(1).timelineSpeedMultiplier()).isEqualTo(1.0);
    assertThat(pushed.get(1).contentTime()).isEqualTo(90_000L);
    assertThat(pushed.get(1).wallClockTime()).isEqualTo(7_000_000_000L);
    assertThat(source.controlTimestamp(PTS)).isEqualTo(pushed.get(1));
  }

  @Test
  void availabilityTogglesPushOnceEachAndUnavailableIsNotRepeated() {
    attached(new ClockTimelineSource(PTS, wall, pts));
    pts.setAvailability(false);
    time.advanceSeconds(1);
    pts.adjustTicks(1000); // changes while unavailable: still unavailable, nothing pushed
    pts.setSpeed(2);
    pts.setAvailability(true);
    assertThat(pushed).hasSize(2);
    assertThat(pushed.get(0).isAvailable()).isFalse();
    assertThat(pushed.get(1).isAvailable()).isTrue();
    assertThat(pushed.get(1).timelineSpeedMultiplier()).isEqualTo(2.0);
  }

  @Test
  void aChildTimelineFollowsItsAncestorsSpeedAndAvailability() {
    CorrelatedClock temi = new CorrelatedClock(pts, 1000, new Correlation(0, 0));
    List<ControlTimestamp> seen = new ArrayList<>();
    ClockTimelineSource source = new ClockTimelineSource("temi", wall, temi);
    source.addSink(s -> seen.add(s.controlTimestamp("temi")));
    seen.clear();
    time.advanceSeconds(1);
    pts.setSpeed(0.5);
    pts.setAvailability(false);
    pts.setAvailability(true);
    assertThat(seen)
        .extracting(ControlTimestamp::timelineSpeedMultiplier)
        .containsExactly(0.5, null, 0.5);
    assertThat(seen.get(0).contentTime()).isEqualTo(1000L);
  }

  @Test
  void changesBelowTheThresholdInSecondsAreNotPushed() {
    attached(new ClockTimelineSource(PTS, wall, pts, 0.010));
    pts.adjustTicks(450); // 5 ms
    assertThat(pushed).isEmpty();
    pts.adjustTicks(450); // now 10 ms from what was sent
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).contentTime()).isEqualTo(900L);
  }

  @Test
  void theDefaultThresholdIsOneTick() {
    attached(new ClockTimelineSource(PTS, wall, pts));
    pts.adjustTicks(0.6);
    assertThat(pushed).isEmpty();
    pts.adjustTicks(0.6);
    assertThat(pushed).hasSize(1);
  }

  @Test
  void detachedItSamplesAfreshAndStopsListening() {
    List<ControlTimestamp> seen = new ArrayList<>();
    ClockTimelineSource source = new ClockTimelineSource(PTS, wall, pts);
    TimelineSource.Sink sink = s -> seen.add(s.controlTimestamp(PTS));
    source.addSink(sink);
    source.removeSink(sink);
    seen.clear();
    pts.setSpeed(0);
    assertThat(seen).isEmpty();
    time.advanceSeconds(1);
    assertThat(source.controlTimestamp(PTS).wallClockTime()).isEqualTo(2_000_000_000L);
  }

  static LongStream seeds() {
    return LongStream.range(1, 31);
  }

  /**
   * Random sequences of rebases (no real change) push nothing; random real changes each push once,
   * and the pushed control timestamp always describes the clock exactly (within a tick).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void onlyRealChangesArePushedAndEachDescribesTheClock(long seed) {
    Random random = new Random(seed);
    ClockTimelineSource source = attached(new ClockTimelineSource(PTS, wall, pts));
    int realChanges = 0;
    for (int step = 0; step < 50; step++) {
      time.advance(random.nextInt(1_000_000_000));
      int before = pushed.size();
      switch (random.nextInt(4)) {
        case 0 -> pts.rebaseCorrelationAtParentTicks(wall.ticks() + random.nextInt(1_000_000_000));
        case 1 -> {
          pts.adjustTicks(2 + random.nextInt(10_000));
          realChanges++;
          assertThat(pushed).hasSize(before + 1);
        }
        case 2 -> {
          double speed = pts.speed() == 1.0 ? 0.0 : 1.0;
          pts.setSpeed(speed);
          realChanges++;
          assertThat(pushed).hasSize(before + 1);
        }
        default -> pts.setCorrelation(pts.correlation());
      }
      ControlTimestamp ct = source.controlTimestamp(PTS);
      double implied =
          ct.contentTime()
              + (wall.ticks() - ct.wallClockTime()) / 1e9 * ct.timelineSpeedMultiplier() * 90_000;
      assertThat(Math.abs(implied - pts.ticks())).as("seed %d step %d", seed, step).isLessThan(1.0);
    }
    assertThat(pushed).hasSize(realChanges);
  }
}
