package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.tv.FakeSession.Sent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TV model's faults with no socket: its endpoints are driven through {@link FakeSession}s, on a
 * wall clock over a {@link ManualTimeSource}, with a manual scheduler for the timed ones, so what a
 * companion would receive is checked message by message, at exact times.
 */
class TvModelFaultsTest {
  private static final InetSocketAddress LOCAL = new InetSocketAddress("192.168.1.20", 7681);
  private static final List<String> IDS = DemoContent.CONTENT_IDS;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Presentation timestamps a companion sends: "any time will do". */
  private static final String REPORT =
      new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))
          .encode();

  private final ManualTimeSource time = new ManualTimeSource(1_000_000_000_000L);
  private final SysClock wall = SysClock.builder().timeSource(time).precision(1e-9).build();
  private final ClockScheduler scheduler = ClockScheduler.manual(time);
  private final List<Sent> log = new ArrayList<>();

  private TvModel tv(Fault... faults) {
    return new TvModel(
        wall,
        IDS,
        "udp://{{host}}:6677",
        "ws://{{host}}:{{port}}/ts",
        Faults.of(faults),
        scheduler);
  }

  private FakeSession cii(TvModel tv) {
    return FakeSession.open(tv.ciiEndpoint(), "/cii", LOCAL, log);
  }

  private FakeSession follow(TvModel tv, String stem, Timeline timeline) {
    FakeSession s = FakeSession.open(tv.tsEndpoint(), "/ts", LOCAL, log);
    tv.tsEndpoint().onText(s, new SetupData(stem, timeline.selector()).encode());
    return s;
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private long now() {
    return time.nanoTime();
  }

  /** Moves time on and runs what the scheduler has due: one or more ticks of slow-timestamps. */
  private void advanceSeconds(double seconds) {
    time.advanceSeconds(seconds);
    scheduler.runDueTasks();
  }

  @Test
  void presentationStatusAsAnArrayOfTokens() {
    TvModel tv = tv(Fault.PRESENTATION_STATUS_ARRAY);
    FakeSession c = cii(tv);
    JsonNode first = json(c.last());
    assertThat(first.get("presentationStatus").isArray()).isTrue();
    assertThat(first.get("presentationStatus").get(0).stringValue()).isEqualTo("okay");
    assertThat(first.get("contentId").stringValue()).as("the rest as it was").isEqualTo(IDS.get(0));
    tv.setPresentationStatus(List.of("okay", "fault"));
    assertThat(c.last()).isEqualTo("{\"presentationStatus\":[\"okay\",\"fault\"]}");
    tv.nextContent();
    assertThat(json(c.last()).get("presentationStatus").toString())
        .isEqualTo("[\"transitioning\"]");
  }

  @Test
  void integersAsJsonNumbersWithTheValuesOfTheStrictText() {
    TvModel tv = tv(Fault.INTEGERS_AS_NUMBERS);
    time.advanceSeconds(3);
    tv.seek(1);
    FakeSession pts = follow(tv, "", Timeline.PTS);
    JsonNode ct = json(pts.last());
    assertThat(ct.get("contentTime").isIntegralNumber()).isTrue();
    assertThat(ct.get("contentTime").longValue()).isEqualTo(4 * 90_000L);
    assertThat(ct.get("wallClockTime").isIntegralNumber()).isTrue();
    assertThat(ct.get("wallClockTime").longValue()).isEqualTo(now());
    assertThat(ct.get("timelineSpeedMultiplier").doubleValue()).isEqualTo(1.0);
    assertThat(pts.last())
        .isEqualTo(
            "{\"contentTime\":360000,\"wallClockTime\":"
                + now()
                + ",\"timelineSpeedMultiplier\":1.0}");

    FakeSession other = follow(tv, "dvb://other", Timeline.PTS);
    assertThat(other.last())
        .as("unavailable keeps its nulls; its wall clock time is a number too")
        .isEqualTo(
            "{\"contentTime\":null,\"wallClockTime\":"
                + now()
                + ",\"timelineSpeedMultiplier\":null}");
  }

  @Test
  void unavailableAsTheSpeedAloneAndAvailableAsItWas() {
    TvModel tv = tv(Fault.UNAVAILABLE_SPEED_ONLY);
    FakeSession other = follow(tv, "dvb://other", Timeline.PTS);
    assertThat(other.last()).isEqualTo("{\"timelineSpeedMultiplier\":null}");
    FakeSession temi = follow(tv, "", Timeline.TEMI);
    assertThat(ControlTimestamp.decode(temi.last()))
        .isEqualTo(ControlTimestamp.available(0, now(), 1.0));
    tv.setServed(Timeline.TEMI, false);
    assertThat(temi.last()).isEqualTo("{\"timelineSpeedMultiplier\":null}");
  }

  @Test
  void everyCiiMessageCarriesAnInvalidTeUrlAndAnUnknownProperty() {
    TvModel tv = tv(Fault.INVALID_OPTIONAL_PROPERTY, Fault.UNKNOWN_PROPERTY);
    FakeSession c = cii(tv);
    tv.setPresentationStatus(List.of("transitioning"));
    assertThat(c.sent()).hasSize(2);
    for (String text : c.sent()) {
      JsonNode m = json(text);
      assertThat(m.get("teUrl").isInt()).as(text).isTrue();
      assertThat(m.get("teUrl").intValue()).isEqualTo(5);
      assertThat(m.get("vendorInfo").stringValue()).isEqualTo("dvbcss-java TV simulator");
    }
    assertThat(c.last())
        .isEqualTo(
            "{\"presentationStatus\":\"transitioning\",\"teUrl\":5,"
                + "\"vendorInfo\":\"dvbcss-java TV simulator\"}");
  }

  @Test
  void theWholeCiiStateOnEveryChange() {
    TvModel tv = tv(Fault.FULL_STATE);
    FakeSession c = cii(tv);
    Cii first = Cii.decode(c.last());
    tv.setPresentationStatus(List.of("transitioning"));
    Cii second = Cii.decode(c.last());
    assertThat(second.definedProperties()).isEqualTo(first.definedProperties());
    assertThat(second.definedProperties())
        .contains(CiiProperty.TIMELINES, CiiProperty.WC_URL, CiiProperty.TS_URL);
    assertThat(second.presentationStatus().value()).containsExactly("transitioning");
    assertThat(second.tsUrl().value()).isEqualTo("ws://192.168.1.20:7681/ts");
    tv.setPresentationStatus(List.of("transitioning"));
    assertThat(c.sent()).as("nothing changed: nothing sent").hasSize(2);
  }

  @Test
  void anyStemIsServedAndFollowsTheNextContent() {
    TvModel tv = tv(Fault.IGNORE_STEM);
    FakeSession other = follow(tv, "dvb://not.this.content", Timeline.PTS);
    assertThat(ControlTimestamp.decode(other.last()))
        .isEqualTo(ControlTimestamp.available(0, now(), 1.0));
    time.advanceSeconds(5);
    tv.nextContent();
    assertThat(ControlTimestamp.decode(other.last()))
        .as("not told unavailable: it hears the restart of the next content")
        .isEqualTo(ControlTimestamp.available(0, now(), 1.0));
  }

  @Test
  void slowTimestampsHoldChangesUntilTheNextTickAndSendOnlyTheLatest() {
    long start = now();
    TvModel tv = tv(Fault.SLOW_TIMESTAMPS);
    tv.restart();
    FakeSession early = follow(tv, "", Timeline.PTS);
    assertThat(early.sent()).as("nothing sampled before the first tick").isEmpty();

    advanceSeconds(2);
    assertThat(ControlTimestamp.decode(early.last()))
        .as("the first tick")
        .isEqualTo(ControlTimestamp.available(0, start, 1.0));

    time.advanceSeconds(0.5);
    tv.pause();
    long paused = now();
    time.advanceSeconds(0.5);
    FakeSession late = follow(tv, "", Timeline.PTS);
    assertThat(early.sent()).as("the pause is held back").hasSize(1);
    assertThat(ControlTimestamp.decode(late.last()))
        .as("a companion setting up between ticks gets the last sample")
        .isEqualTo(ControlTimestamp.available(0, start, 1.0));

    advanceSeconds(0.9);
    assertThat(early.sent()).as("not yet 2 s since the last tick").hasSize(1);
    advanceSeconds(0.1);
    ControlTimestamp pause = ControlTimestamp.available(Math.round(2.5 * 90_000), paused, 0.0);
    assertThat(ControlTimestamp.decode(early.last())).as("the pause, 1.5 s late").isEqualTo(pause);
    assertThat(ControlTimestamp.decode(late.last())).isEqualTo(pause);

    time.advanceSeconds(0.2);
    tv.play();
    time.advanceSeconds(0.2);
    tv.seek(10);
    time.advanceSeconds(0.2);
    tv.setSpeed(2);
    long last = now();
    advanceSeconds(1.4);
    assertThat(early.sent()).as("three changes, one message").hasSize(3);
    ControlTimestamp latest = ControlTimestamp.decode(early.last());
    assertThat(latest.timelineSpeedMultiplier()).isEqualTo(2.0);
    assertThat(latest.wallClockTime()).isEqualTo(last);

    advanceSeconds(2);
    assertThat(early.sent()).as("nothing changed on this tick").hasSize(3);
  }

  @Test
  void slowTimestampsTellOldContentUnavailableAtOnceAndTheNewContentOnTheTick() {
    TvModel tv = tv(Fault.SLOW_TIMESTAMPS);
    advanceSeconds(2);
    FakeSession old = follow(tv, IDS.get(0), Timeline.PTS);
    FakeSession any = follow(tv, "", Timeline.PTS);
    FakeSession next = follow(tv, IDS.get(1), Timeline.PTS);
    assertThat(ControlTimestamp.decode(next.last()).isAvailable()).isFalse();
    time.advanceSeconds(0.5);

    tv.nextContent();
    long changed = now();
    assertThat(ControlTimestamp.decode(old.last()).isAvailable()).as("at once").isFalse();
    assertThat(any.sent()).as("held back: not the old sample either").hasSize(1);
    assertThat(next.sent()).hasSize(1);

    advanceSeconds(1.5);
    ControlTimestamp restarted = ControlTimestamp.available(0, changed, 1.0);
    assertThat(ControlTimestamp.decode(any.last())).isEqualTo(restarted);
    assertThat(ControlTimestamp.decode(next.last())).isEqualTo(restarted);
    assertThat(old.sent()).hasSize(2);
  }

  @Test
  void slowTimestampsResumeATimelineBackOnAirOnTheTickAndSkipMissedTicks() {
    TvModel tv = tv(Fault.SLOW_TIMESTAMPS);
    advanceSeconds(2);
    FakeSession temi = follow(tv, "", Timeline.TEMI);
    tv.setServed(Timeline.TEMI, false);
    assertThat(ControlTimestamp.decode(temi.last()).isAvailable()).as("at once").isFalse();
    tv.setServed(Timeline.TEMI, true);
    assertThat(temi.sent()).hasSize(2);

    time.advanceSeconds(7); // the machine slept through three ticks
    assertThat(scheduler.runDueTasks()).as("one tick, not three").isEqualTo(1);
    assertThat(ControlTimestamp.decode(temi.last()).isAvailable()).isTrue();
    time.advanceSeconds(0.9);
    assertThat(scheduler.runDueTasks()).as("the ticks keep their 2 s grid").isZero();
    time.advanceSeconds(0.1);
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
  }

  /**
   * A TV without faults keeps every rule the new faults break: what each of their tests checks a
   * companion receives from the plain TV.
   */
  @Test
  void withoutTheNewFaultsEveryRuleTheyBreakIsKept() {
    TvModel tv = tv();
    FakeSession c = cii(tv);
    assertThat(c.sent()).as("the first message at once").hasSize(1);
    JsonNode first = json(c.last());
    assertThat(first.get("protocolVersion").stringValue()).isEqualTo("1.1");
    assertThat(first.get("contentIdStatus").stringValue()).isEqualTo("final");
    assertThat(first.get("wcUrl").stringValue()).isEqualTo("udp://192.168.1.20:6677");
    assertThat(first.get("tsUrl").stringValue()).isEqualTo("ws://192.168.1.20:7681/ts");
    assertThat(temiUnitsPerSecond(first)).isEqualTo(1000);
    Cii.decode(c.last()); // strict CSS-CII
    tv.nextContent();
    JsonNode change = json(c.last());
    assertThat(change.has("timelines")).isFalse();
    assertThat(change.get("contentIdStatus").stringValue()).isEqualTo("final");
    tv.ciiEndpoint().onText(c, "{}");
    assertThat(c.isOpen()).as("client messages are ignored").isTrue();

    FakeSession pts = follow(tv, "", Timeline.PTS);
    assertThat(pts.sent()).as("the first control timestamp at once").hasSize(1);
    assertThat(ControlTimestamp.decode(pts.last()).wallClockTime()).isEqualTo(now());
    FakeSession other = follow(tv, "dvb://other", Timeline.PTS);
    assertThat(other.last())
        .isEqualTo(
            "{\"contentTime\":null,\"wallClockTime\":\""
                + now()
                + "\",\"timelineSpeedMultiplier\":null}");
    tv.tsEndpoint().onText(pts, REPORT);
    assertThat(pts.isOpen()).as("presentation timestamps are accepted").isTrue();
  }

  private static long temiUnitsPerSecond(JsonNode cii) {
    for (JsonNode t : cii.get("timelines")) {
      if (t.get("timelineSelector").stringValue().equals(Timeline.TEMI.selector())) {
        return t.get("timelineProperties").get("unitsPerSecond").longValue();
      }
    }
    throw new AssertionError("no TEMI timeline in " + cii);
  }

  @Test
  void zeroAddressUrlsAdvertiseTheWildcardHost() {
    TvModel tv = tv(Fault.ZERO_ADDRESS_URLS);
    JsonNode first = json(cii(tv).last());
    assertThat(first.get("wcUrl").stringValue()).isEqualTo("udp://0.0.0.0:6677");
    assertThat(first.get("tsUrl").stringValue()).isEqualTo("ws://0.0.0.0:7681/ts");
    assertThat(first.get("contentId").stringValue()).isEqualTo(IDS.get(0));
  }

  @Test
  void noProtocolVersionInTheFirstMessage() {
    TvModel tv = tv(Fault.NO_PROTOCOL_VERSION);
    FakeSession c = cii(tv);
    JsonNode first = json(c.last());
    assertThat(first.has("protocolVersion")).isFalse();
    assertThat(first.get("contentId").stringValue()).isEqualTo(IDS.get(0));
    assertThat(first.get("timelines").size()).isEqualTo(3);
  }

  @Test
  void contentIdWithoutStatusInEveryMessage() {
    TvModel tv = tv(Fault.CONTENT_ID_WITHOUT_STATUS);
    FakeSession c = cii(tv);
    tv.nextContent();
    assertThat(c.sent()).hasSize(2);
    for (String text : c.sent()) {
      assertThat(json(text).has("contentId")).as(text).isTrue();
      assertThat(json(text).has("contentIdStatus")).as(text).isFalse();
    }
    assertThat(c.last())
        .isEqualTo(
            "{\"contentId\":\"" + IDS.get(1) + "\",\"presentationStatus\":\"transitioning\"}");
  }

  @Test
  void wrongContentIdStatusIsComplete() {
    TvModel tv = tv(Fault.WRONG_CONTENT_ID_STATUS);
    FakeSession c = cii(tv);
    assertThat(json(c.last()).get("contentIdStatus").stringValue()).isEqualTo("complete");
    tv.nextContent();
    assertThat(c.last())
        .isEqualTo(
            "{\"contentId\":\""
                + IDS.get(1)
                + "\",\"contentIdStatus\":\"complete\",\"presentationStatus\":\"transitioning\"}");
  }

  @Test
  void wipeTimelinesInEveryUpdateAfterTheFirstWhileCssTsStillServesThem() {
    TvModel tv = tv(Fault.WIPE_TIMELINES);
    FakeSession c = cii(tv);
    assertThat(json(c.last()).get("timelines").size()).as("the first is whole").isEqualTo(3);
    tv.setPresentationStatus(List.of("transitioning"));
    assertThat(c.last()).isEqualTo("{\"presentationStatus\":\"transitioning\",\"timelines\":[]}");
    tv.nextContent();
    assertThat(json(c.last()).get("timelines").size()).isZero();
    FakeSession temi = follow(tv, "", Timeline.TEMI);
    assertThat(ControlTimestamp.decode(temi.last()).isAvailable())
        .as("CSS-TS still serves it")
        .isTrue();
  }

  @Test
  void theFirstCiiMessageIsTwoSecondsLateWithTheStateThen() {
    TvModel tv = tv(Fault.FIRST_MESSAGE_LATE);
    FakeSession c = cii(tv);
    assertThat(c.sent()).isEmpty();
    tv.setPresentationStatus(List.of("transitioning"));
    advanceSeconds(1.999);
    assertThat(c.sent()).isEmpty();
    advanceSeconds(0.001);
    assertThat(c.sent()).hasSize(1);
    Cii first = Cii.decode(c.last());
    assertThat(first.protocolVersion().value()).isEqualTo("1.1");
    assertThat(first.presentationStatus().value()).containsExactly("transitioning");
    tv.setPresentationStatus(List.of("okay"));
    assertThat(c.last()).as("later changes at once").isEqualTo("{\"presentationStatus\":\"okay\"}");
  }

  @Test
  void ciiClosesOnAClientMessage() {
    TvModel tv = tv(Fault.CII_CLOSES_ON_CLIENT_MESSAGE);
    FakeSession c = cii(tv);
    assertThat(c.sent()).hasSize(1);
    tv.ciiEndpoint().onText(c, "{\"hello\":1}");
    assertThat(c.isOpen()).isFalse();
    assertThat(c.closeCode()).isEqualTo(1008);
  }

  @Test
  void oneNullTimestampKeepsTheSpeed() {
    TvModel tv = tv(Fault.ONE_NULL_TIMESTAMP);
    FakeSession other = follow(tv, "dvb://other", Timeline.PTS);
    assertThat(other.last())
        .isEqualTo(
            "{\"contentTime\":null,\"wallClockTime\":\""
                + now()
                + "\",\"timelineSpeedMultiplier\":1.0}");
    FakeSession pts = follow(tv, "", Timeline.PTS);
    assertThat(ControlTimestamp.decode(pts.last()))
        .as("available as it was")
        .isEqualTo(ControlTimestamp.available(0, now(), 1.0));
  }

  @Test
  void timestampsOffClockCarryUnixTimeInNanoseconds() {
    long before = System.currentTimeMillis() * 1_000_000L;
    TvModel tv = tv(Fault.TIMESTAMPS_OFF_CLOCK);
    long after = System.currentTimeMillis() * 1_000_000L;
    long start = now();
    FakeSession pts = follow(tv, "", Timeline.PTS);
    ControlTimestamp first = ControlTimestamp.decode(pts.last());
    assertThat(first.contentTime()).isZero();
    long offset = first.wallClockTime() - start;
    assertThat(first.wallClockTime())
        .as("Unix time in ns at the TV's start")
        .isBetween(before, after + 1_000_000);
    time.advanceSeconds(1.5);
    tv.pause();
    ControlTimestamp paused = ControlTimestamp.decode(pts.last());
    assertThat(paused.wallClockTime()).as("the same offset").isEqualTo(now() + offset);
    assertThat(paused.contentTime()).isEqualTo(135_000);
  }

  @Test
  void wrongTickRateDeclaresTemiAtFiftyWhileCssTsServesAThousand() {
    TvModel tv = tv(Fault.WRONG_TICK_RATE);
    JsonNode first = json(cii(tv).last());
    assertThat(temiUnitsPerSecond(first)).isEqualTo(50);
    for (JsonNode t : first.get("timelines")) {
      assertThat(t.get("timelineProperties").get("unitsPerTick").longValue()).isEqualTo(1);
      if (!t.get("timelineSelector").stringValue().equals(Timeline.TEMI.selector())) {
        assertThat(t.get("timelineProperties").get("unitsPerSecond").longValue())
            .isIn(1000L, 90_000L);
      }
    }
    FakeSession temi = follow(tv, "", Timeline.TEMI);
    time.advanceSeconds(2);
    tv.pause();
    assertThat(ControlTimestamp.decode(temi.last()).contentTime())
        .as("2 s at 1 kHz")
        .isEqualTo(2000);
  }

  @Test
  void theFirstControlTimestampIsThreeSecondsLateAndLaterChangesGoAtOnce() {
    TvModel tv = tv(Fault.LATE_FIRST_TIMESTAMP);
    FakeSession pts = follow(tv, "", Timeline.PTS);
    assertThat(pts.sent()).isEmpty();
    advanceSeconds(1);
    tv.pause();
    long paused = now();
    advanceSeconds(1.999);
    assertThat(pts.sent()).isEmpty();
    advanceSeconds(0.001);
    assertThat(pts.sent()).hasSize(1);
    assertThat(ControlTimestamp.decode(pts.last()))
        .as("the control timestamp current then")
        .isEqualTo(ControlTimestamp.available(90_000, paused, 0.0));
    tv.play();
    assertThat(ControlTimestamp.decode(pts.last()))
        .isEqualTo(ControlTimestamp.available(90_000, now(), 1.0));
  }

  @Test
  void tsClosesOnAClientTimestamp() {
    TvModel tv = tv(Fault.TS_CLOSES_ON_CLIENT_TIMESTAMP);
    FakeSession pts = follow(tv, "", Timeline.PTS);
    assertThat(pts.sent()).hasSize(1);
    tv.tsEndpoint().onText(pts, REPORT);
    assertThat(pts.isOpen()).isFalse();
    assertThat(pts.closeCode()).isEqualTo(1008);
  }

  @Test
  void aTimedFaultNeedsASchedulerOnTheWallClocksTimeSource() {
    assertThatThrownBy(
            () ->
                new TvModel(
                    wall, IDS, "udp://x:1", "ws://x:2/ts", Faults.of(Fault.SLOW_TIMESTAMPS), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduler");
    ClockScheduler elsewhere = ClockScheduler.manual(new ManualTimeSource());
    assertThatThrownBy(
            () ->
                new TvModel(
                    wall,
                    IDS,
                    "udp://x:1",
                    "ws://x:2/ts",
                    Faults.of(Fault.SLOW_TIMESTAMPS),
                    elsewhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time source");
    for (Fault timed : List.of(Fault.FIRST_MESSAGE_LATE, Fault.LATE_FIRST_TIMESTAMP)) {
      assertThatThrownBy(
              () -> new TvModel(wall, IDS, "udp://x:1", "ws://x:2/ts", Faults.of(timed), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the fault " + timed.shortName() + " needs a scheduler");
    }
    TvModel plain = new TvModel(wall, IDS, "udp://x:1", "ws://x:2/ts", Faults.NONE, null);
    assertThat(plain.faults()).isEqualTo(Faults.NONE);
    assertThat(tv(Fault.IGNORE_STEM).faults()).isEqualTo(Faults.of(Fault.IGNORE_STEM));
    assertThat(scheduler.pendingCount()).as("only a timed fault schedules").isZero();
  }

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  /**
   * Without faults nothing changes: a model made with {@link Faults#NONE} sends, for any controls
   * in any order, exactly the messages the model made without faults sends, to every companion.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void withNoFaultsEveryMessageIsTheSame(long seed) {
    Random random = new Random(seed);
    TvModel plain = new TvModel(wall, IDS, "udp://{{host}}:6677", "ws://{{host}}:{{port}}/ts");
    TvModel none =
        new TvModel(
            wall, IDS, "udp://{{host}}:6677", "ws://{{host}}:{{port}}/ts", Faults.NONE, scheduler);
    List<FakeSession> plainCompanions = new ArrayList<>();
    List<FakeSession> noneCompanions = new ArrayList<>();
    for (TvModel m : List.of(plain, none)) {
      List<FakeSession> companions = m == plain ? plainCompanions : noneCompanions;
      companions.add(FakeSession.open(m.ciiEndpoint(), "/cii", LOCAL, log));
      for (String stem : List.of("", IDS.get(0), "dvb://other")) {
        for (Timeline t : Timeline.values()) {
          FakeSession s = FakeSession.open(m.tsEndpoint(), "/ts", LOCAL, log);
          m.tsEndpoint().onText(s, new SetupData(stem, t.selector()).encode());
          companions.add(s);
        }
      }
    }
    for (int step = 0; step < 60; step++) {
      int action = random.nextInt(8);
      double number = random.nextDouble() * 40 - 20;
      Timeline t = Timeline.values()[random.nextInt(Timeline.values().length)];
      for (TvModel m : List.of(plain, none)) {
        switch (action) {
          case 0 -> m.togglePlay();
          case 1 -> m.setSpeed(Math.rint(number) / 4);
          case 2 -> m.seek(number);
          case 3 -> m.nextContent();
          case 4 -> m.setPresentationStatus(List.of(number > 0 ? "okay" : "transitioning"));
          case 5 -> m.toggleServed(t);
          default -> {}
        }
      }
      if (action >= 6) {
        advanceSeconds(Math.abs(number) / 4);
      }
    }
    assertThat(log).hasSizeGreaterThan(100);
    for (int i = 0; i < plainCompanions.size(); i++) {
      assertThat(noneCompanions.get(i).sent())
          .as("seed " + seed + " companion " + i)
          .isEqualTo(plainCompanions.get(i).sent());
    }
  }
}
