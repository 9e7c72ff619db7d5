package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tv.FakeSession.Sent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TV model with no socket: its CII and TS endpoints are driven through {@link FakeSession}s on
 * one thread, on a wall clock over a {@link ManualTimeSource}, so every message it sends can be
 * checked, in order, at exact times.
 */
class TvModelTest {
  /** The address companions dialled, for {@code {{host}}}/{@code {{port}}} rewriting. */
  private static final InetSocketAddress LOCAL = new InetSocketAddress("192.168.1.20", 7681);

  private static final List<String> IDS = DemoContent.CONTENT_IDS;

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000_000L);
  private final SysClock wall = SysClock.builder().timeSource(time).precision(1e-9).build();
  private final List<Sent> log = new ArrayList<>();
  private final TvModel tv =
      new TvModel(wall, IDS, "udp://{{host}}:6677", "ws://{{host}}:{{port}}/ts");

  private FakeSession ciiCompanion() {
    return FakeSession.open(tv.ciiEndpoint(), "/cii", LOCAL, log);
  }

  private FakeSession follow(String stem, Timeline timeline) {
    FakeSession s = FakeSession.open(tv.tsEndpoint(), "/ts", LOCAL, log);
    tv.tsEndpoint().onText(s, new SetupData(stem, timeline.selector()).encode());
    return s;
  }

  private static ControlTimestamp ct(String text) {
    return ControlTimestamp.decode(text);
  }

  private long now() {
    return time.nanoTime();
  }

  private static ControlTimestamp at(long contentTicks, long wallNanos, double speed) {
    return ControlTimestamp.available(contentTicks, wallNanos, speed);
  }

  @Test
  void ciiStartsWithTheFirstContentEveryTimelineAndUrlsForTheAddressDialled() {
    Cii first = Cii.decode(ciiCompanion().sent().get(0));
    assertThat(first.protocolVersion().value()).isEqualTo("1.1");
    assertThat(first.contentId().value()).isEqualTo(IDS.get(0));
    assertThat(first.contentIdStatus().value()).isEqualTo(ContentIdStatus.FINAL);
    assertThat(first.presentationStatus().value()).containsExactly("okay");
    assertThat(first.wcUrl().value()).isEqualTo("udp://192.168.1.20:6677");
    assertThat(first.tsUrl().value()).isEqualTo("ws://192.168.1.20:7681/ts");
    assertThat(first.timelines().value())
        .containsExactly(
            new TimelineOption(DemoContent.PTS, 1, 90_000),
            new TimelineOption(DemoContent.TEMI, 1, 1_000),
            new TimelineOption(DemoContent.DASH, 1, 1_000));
    assertThat(tv.cii().tsUrl().value()).isEqualTo("ws://{{host}}:{{port}}/ts");

    TvModel.State state = tv.state();
    assertThat(state.contentId()).isEqualTo(IDS.get(0));
    assertThat(state.positionSeconds()).isZero();
    assertThat(state.speed()).isEqualTo(1.0);
    assertThat(state.served()).containsOnlyKeys(Timeline.values()).doesNotContainValue(false);
    assertThat(tv.ciiConnectionCount()).isEqualTo(1);
  }

  @Test
  void aWallClockNotInNanosecondsOrNoContentIsRefused() {
    SysClock micros = SysClock.builder().timeSource(time).tickRate(1e6).precision(1e-6).build();
    assertThatThrownBy(() -> new TvModel(micros, IDS, "udp://x:1", "ws://x:2/ts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nanoseconds");
    assertThatThrownBy(() -> new TvModel(wall, List.of(), "udp://x:1", "ws://x:2/ts"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void controlsReachTsCompanionsAtTheExactPositions() {
    FakeSession pts = follow("", Timeline.PTS);
    FakeSession temi = follow("", Timeline.TEMI);
    assertThat(ct(pts.last())).isEqualTo(at(0, now(), 1));
    assertThat(ct(temi.last())).isEqualTo(at(0, now(), 1));

    time.advanceSeconds(2);
    assertThat(pts.sent()).as("time passing changes no control timestamp").hasSize(1);
    tv.seek(10);
    assertThat(ct(pts.last())).isEqualTo(at(12 * 90_000, now(), 1));
    assertThat(ct(temi.last())).isEqualTo(at(12_000, now(), 1));

    tv.pause();
    assertThat(ct(pts.last())).isEqualTo(at(12 * 90_000, now(), 0));
    time.advanceSeconds(5);
    tv.seek(-1000);
    assertThat(ct(pts.last())).as("not before 0").isEqualTo(at(0, now(), 0));

    tv.setSpeed(2);
    assertThat(ct(pts.last())).isEqualTo(at(0, now(), 2));
    time.advanceSeconds(1);
    assertThat(tv.state().positionSeconds()).isEqualTo(2.0);
    assertThat(tv.ptsTicks()).isEqualTo(180_000);
    assertThat(tv.timelineClock(Timeline.TEMI).ticks()).isEqualTo(2_000);

    assertThat(tv.togglePlay()).as("moving: now paused").isFalse();
    assertThat(ct(pts.last())).isEqualTo(at(180_000, now(), 0));
    assertThat(tv.togglePlay()).isTrue();
    tv.play();
    assertThat(ct(temi.last())).isEqualTo(at(2_000, now(), 1));

    assertThatThrownBy(() -> tv.setSpeed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tv.seek(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The order that keeps companions right: CSS-TS first (a companion of the old content is told
   * "unavailable" and never hears the restarted timeline), then the restart (heard by a companion
   * whose stem matches the new content too), then CII, in one message.
   */
  @Test
  void aContentChangeReachesTsBeforeCiiAndOldCompanionsHearNoRestart() {
    FakeSession cii = ciiCompanion();
    FakeSession old = follow(IDS.get(0), Timeline.PTS);
    FakeSession any = follow("dvb://", Timeline.TEMI);
    time.advanceSeconds(5);
    tv.seek(100);
    int mark = log.size();
    int oldHeard = old.sent().size();

    assertThat(tv.nextContent()).isEqualTo(IDS.get(1));
    long changed = now();

    List<Sent> sent = log.subList(mark, log.size());
    assertThat(sent).extracting(Sent::to).containsExactly(old, any, cii);
    assertThat(ct(sent.get(0).text()).isAvailable()).isFalse();
    assertThat(ct(sent.get(1).text())).isEqualTo(at(0, now(), 1));
    Cii change = Cii.decode(sent.get(2).text());
    assertThat(change.contentId().value()).isEqualTo(IDS.get(1));
    assertThat(change.contentIdStatus().value()).isEqualTo(ContentIdStatus.FINAL);
    assertThat(change.presentationStatus().value()).containsExactly("transitioning");
    assertThat(change.tsUrl().isAbsent()).isTrue();

    tv.setPresentationStatus(List.of("okay"));
    Cii okay = Cii.decode(cii.last());
    assertThat(okay.presentationStatus().value()).containsExactly("okay");
    assertThat(okay.contentId().isAbsent()).isTrue();

    time.advanceSeconds(1);
    FakeSession fresh = follow(IDS.get(1), Timeline.PTS);
    assertThat(ct(fresh.last())).as("the restarted timeline").isEqualTo(at(0, changed, 1));
    assertThat(old.sent()).as("'unavailable', then nothing").hasSize(oldHeard + 1);
    assertThat(tv.state().contentId()).isEqualTo(IDS.get(1));
    assertThat(tv.state().presentationStatus()).containsExactly("okay");
  }

  @Test
  void nextContentCyclesAndChangeContentPresentsAnyContent() {
    assertThat(List.of(tv.nextContent(), tv.nextContent(), tv.nextContent()))
        .containsExactly(IDS.get(1), IDS.get(2), IDS.get(0));
    FakeSession cii = ciiCompanion();
    FakeSession ours = follow("dvb://ours", Timeline.PTS);
    assertThat(ct(ours.last()).isAvailable()).isFalse();

    tv.changeContent("dvb://ours.1", ContentIdStatus.PARTIAL, List.of("okay", "fault"));

    assertThat(ct(ours.last())).isEqualTo(at(0, now(), 1));
    Cii change = Cii.decode(cii.last());
    assertThat(change.contentId().value()).isEqualTo("dvb://ours.1");
    assertThat(change.contentIdStatus().value()).isEqualTo(ContentIdStatus.PARTIAL);
    assertThat(change.presentationStatus().value()).containsExactly("okay", "fault");
    assertThat(tv.state().contentIdStatus()).isEqualTo(ContentIdStatus.PARTIAL);
    assertThatThrownBy(() -> tv.setPresentationStatus(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tv.nextContent()).as("the cycle goes on").isEqualTo(IDS.get(1));
  }

  @Test
  void aTimelineNotServedIsUnavailableOnTsAndStillAdvertisedInCii() {
    FakeSession cii = ciiCompanion();
    FakeSession temi = follow("", Timeline.TEMI);
    FakeSession pts = follow("", Timeline.PTS);

    tv.setServed(Timeline.TEMI, false);
    assertThat(ct(temi.last()).isAvailable()).isFalse();
    assertThat(pts.sent()).hasSize(1);
    assertThat(cii.sent()).as("CII unchanged").hasSize(1);
    assertThat(tv.cii().timelines().value()).hasSize(3);
    assertThat(tv.isServed(Timeline.TEMI)).isFalse();
    assertThat(tv.state().served()).containsEntry(Timeline.TEMI, false);

    tv.setServed(Timeline.TEMI, false);
    assertThat(temi.sent()).as("no change, nothing sent").hasSize(2);
    tv.setServed(Timeline.DASH, false);
    assertThat(ct(follow("", Timeline.DASH).last()).isAvailable()).isFalse();

    assertThat(tv.toggleServed(Timeline.TEMI)).isTrue();
    assertThat(ct(temi.last())).isEqualTo(at(0, now(), 1));
  }

  static LongStream seeds() {
    return LongStream.range(0, 25);
  }

  /**
   * Whatever the controls, in whatever order: what a CII companion has heard is what the model
   * holds; a TS companion of each timeline is told "unavailable" exactly while the timeline is not
   * served, and otherwise holds a control timestamp that maps to the model's position now (within
   * the rounding to whole ticks and the one-tick threshold below which a change is not sent); and a
   * companion of the first content is followed only while that content is presented.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void ciiAndTsStayInStepWhateverTheControls(long seed) {
    Random random = new Random(seed);
    FakeSession cii = ciiCompanion();
    Map<Timeline, FakeSession> any = new EnumMap<>(Timeline.class);
    for (Timeline t : Timeline.values()) {
      any.put(t, follow("", t));
    }
    FakeSession firstContent = follow(IDS.get(0), Timeline.PTS);
    Cii heard = Cii.empty();
    int read = 0;
    for (int step = 0; step < 80; step++) {
      String did;
      switch (random.nextInt(9)) {
        case 0 -> {
          tv.pause();
          did = "pause";
        }
        case 1 -> {
          tv.play();
          did = "play";
        }
        case 2 -> did = "togglePlay " + tv.togglePlay();
        case 3 -> {
          double speed = (random.nextInt(9) - 4) / 2.0;
          tv.setSpeed(speed);
          did = "speed " + speed;
        }
        case 4 -> {
          double seconds = random.nextDouble() * 200 - 100;
          tv.seek(seconds);
          did = "seek " + seconds;
        }
        case 5 -> did = "next " + tv.nextContent();
        case 6 -> {
          List<String> status = List.of(random.nextBoolean() ? "okay" : "transitioning");
          tv.setPresentationStatus(status);
          did = "status " + status;
        }
        case 7 -> {
          Timeline t = Timeline.values()[random.nextInt(Timeline.values().length)];
          did = "toggle " + t + " " + tv.toggleServed(t);
        }
        default -> {
          long nanos = (long) (random.nextDouble() * 3e9);
          time.advance(nanos);
          did = "advance " + nanos;
        }
      }
      String context = "seed " + seed + " step " + step + " (" + did + ")";
      List<String> ciiSent = cii.sent();
      for (String text : ciiSent.subList(read, ciiSent.size())) {
        heard = Cii.update(heard, Cii.decode(text));
      }
      read = ciiSent.size();
      TvModel.State state = tv.state();
      assertThat(heard.contentId().value()).as(context).isEqualTo(state.contentId());
      assertThat(heard.contentIdStatus().value()).as(context).isEqualTo(state.contentIdStatus());
      assertThat(heard.presentationStatus().value())
          .as(context)
          .isEqualTo(state.presentationStatus());
      for (Timeline t : Timeline.values()) {
        ControlTimestamp c = ct(any.get(t).last());
        assertThat(c.isAvailable()).as(context + " " + t).isEqualTo(state.served().get(t));
        if (c.isAvailable()) {
          Clock clock = tv.timelineClock(t);
          double implied =
              c.contentTime()
                  + (now() - c.wallClockTime()) / 1e9 * c.timelineSpeedMultiplier() * t.tickRate();
          assertThat(implied).as(context + " " + t + " " + c).isCloseTo(clock.ticks(), within(2.0));
          assertThat(c.timelineSpeedMultiplier()).as(context).isEqualTo(state.speed());
        }
      }
      assertThat(ct(firstContent.last()).isAvailable())
          .as(context + " first content")
          .isEqualTo(state.contentId().equals(IDS.get(0)) && state.served().get(Timeline.PTS));
    }
  }
}
