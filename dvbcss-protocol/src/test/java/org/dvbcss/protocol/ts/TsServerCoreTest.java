package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.TsServerCore.Received;
import org.dvbcss.protocol.ts.TsServerCore.Session;
import org.dvbcss.protocol.ts.TsServerCore.State;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSS-TS server's logic, driven by hand: no socket, no thread, time moved by hand. */
class TsServerCoreTest {
  private static final String PTS = "urn:dvb:css:timeline:pts";
  private static final String CONTENT = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  private ManualTimeSource time;
  private SysClock wall;
  private TunableClock pts;
  private TsServerCore core;
  private final List<String> events = new ArrayList<>();

  /** A connection: records what it was sent; can stop being writable or refuse sends. */
  final class Conn implements TsServerCore.Sender {
    final String name;
    final List<String> texts = new ArrayList<>();
    boolean writable = true;
    boolean accepting = true;
    @Nullable Session session;

    Conn(String name) {
      this.name = name;
    }

    @Override
    public boolean send(String text) {
      if (!accepting) {
        return false;
      }
      texts.add(text);
      events.add("sent " + name);
      return true;
    }

    @Override
    public boolean isWritable() {
      return writable;
    }

    Session session() {
      assertThat(session).isNotNull();
      return session;
    }

    List<ControlTimestamp> received() {
      return texts.stream().map(ControlTimestamp::decode).toList();
    }

    ControlTimestamp last() {
      assertThat(texts).as("%s was sent something", name).isNotEmpty();
      return ControlTimestamp.decode(texts.get(texts.size() - 1));
    }

    Received receive(String text) {
      return core.receive(session(), text);
    }

    void becomeWritable() {
      writable = true;
      core.writable(session());
    }
  }

  /** Records selector needed / not needed calls; recognises nothing. */
  private static final class CountingSource extends TimelineSource {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean recognises(String timelineSelector) {
      return false;
    }

    @Override
    public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
      return null;
    }

    @Override
    public void selectorNeeded(String timelineSelector) {
      calls.add("+" + timelineSelector);
    }

    @Override
    public void selectorNotNeeded(String timelineSelector) {
      calls.add("-" + timelineSelector);
    }
  }

  @BeforeEach
  void setUp() {
    time = new ManualTimeSource(1_000_000_000L);
    wall = SysClock.builder().timeSource(time).tickRate(1e9).build();
    pts = new TunableClock(wall, 90_000, 0);
    core = new TsServerCore(wall, CONTENT);
    core.addListener(
        new TsServerCore.Listener() {
          @Override
          public void clientSetUp(Session session, SetupData setup) {
            events.add("setup " + session.id() + " " + setup.timelineSelector());
          }

          @Override
          public void timingReport(Session session, AptEptLpt timestamps) {
            events.add("report " + session.id());
          }

          @Override
          public void sessionClosed(Session session) {
            events.add("closed " + session.id());
          }

          @Override
          public void selectorNeeded(String selector) {
            events.add("needed " + selector);
          }

          @Override
          public void selectorNotNeeded(String selector) {
            events.add("notNeeded " + selector);
          }
        });
  }

  private int opened;

  private Conn open() {
    Conn c = new Conn("c" + ++opened);
    c.session = core.open(c.name, c);
    return c;
  }

  private Conn setUp(String stem, String selector) {
    Conn c = open();
    assertThat(c.receive(new SetupData(stem, selector).encode())).isEqualTo(Received.SETUP);
    return c;
  }

  private static String report(Timestamp earliest, Timestamp latest) {
    return new AptEptLpt(Presence.absent(), earliest, latest).encode();
  }

  @Test
  void aSessionAwaitsSetupIgnoringAnythingElseThenTakesTimingReports() {
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(1, 2, 1.0)));
    Conn c = open();
    assertThat(c.session().state()).isEqualTo(State.AWAITING_SETUP);
    assertThat(c.receive("not json")).isEqualTo(Received.INVALID_SETUP);
    assertThat(c.receive("{\"contentIdStem\":\"\"}")).isEqualTo(Received.INVALID_SETUP);
    assertThat(c.receive(report(Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))))
        .isEqualTo(Received.INVALID_SETUP);
    assertThat(core.counters().invalidSetups()).isEqualTo(3);
    assertThat(c.texts).isEmpty();
    assertThat(core.selectorsInUse()).isEmpty();
    assertThat(c.session().setup()).isNull();

    assertThat(c.receive(new SetupData("", PTS).encode())).isEqualTo(Received.SETUP);
    assertThat(c.session().state()).isEqualTo(State.SET_UP);
    assertThat(c.session().setup()).isEqualTo(new SetupData("", PTS));
    assertThat(c.received()).containsExactly(ControlTimestamp.available(1, 2, 1.0));
    assertThat(c.session().lastSent()).isEqualTo(ControlTimestamp.available(1, 2, 1.0));

    assertThat(c.receive(new SetupData("", PTS).encode())) // a second setup is not timestamps
        .isEqualTo(Received.INVALID_MESSAGE);
    assertThat(c.receive("[]")).isEqualTo(Received.INVALID_MESSAGE);
    assertThat(c.receive(report(Timestamp.of(0, 5), Timestamp.plusInfinity(0))))
        .isEqualTo(Received.TIMING_REPORT);
    assertThat(core.counters()).isEqualTo(new TsServerCore.Counters(1, 3, 1, 2, 1));
    assertThat(core.sessionCount()).isEqualTo(1);
    assertThat(core.selectorsInUse()).containsExactly(java.util.Map.entry(PTS, 1));

    assertThat(core.close(c.session())).isTrue();
    assertThat(c.session().state()).isEqualTo(State.CLOSED);
    assertThat(core.close(c.session())).isFalse();
    assertThat(c.receive(report(Timestamp.of(0, 5), Timestamp.plusInfinity(0))))
        .isEqualTo(Received.IGNORED);
    assertThat(c.receive("junk")).isEqualTo(Received.IGNORED);
    assertThat(core.counters()).isEqualTo(new TsServerCore.Counters(1, 3, 1, 2, 1));
    assertThat(core.sessionCount()).isZero();
    assertThat(core.selectorsInUse()).isEmpty();
    assertThat(events)
        .containsExactly(
            "needed " + PTS,
            "setup c1 " + PTS,
            "sent c1",
            "report c1",
            "notNeeded " + PTS,
            "closed c1");
  }

  @Test
  void anAwaitingSessionIsSentNothingAndClosingItNeedsNoSelector() {
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(1, 2, 1.0)));
    Conn c = open();
    core.setContentId("dvb://other");
    core.writable(c.session());
    assertThat(c.texts).isEmpty();
    assertThat(core.close(c.session())).isTrue();
    assertThat(events).containsExactly("closed c1");
  }

  @Test
  void aValidSetupGetsTheCurrentControlTimestampAtOnceAndNoDuplicates() {
    core.attach(new ClockTimelineSource(PTS, wall, pts));
    Conn c = setUp("dvb://", PTS);
    assertThat(c.received()).containsExactly(ControlTimestamp.available(0, 1_000_000_000L, 1.0));
    time.advanceSeconds(1);
    pts.rebaseCorrelationAtTicks(pts.ticks());
    core.setContentId(CONTENT); // pushes to everyone; nothing changed
    core.writable(c.session());
    assertThat(c.texts).hasSize(1);
    assertThat(core.counters().messagesSent()).isEqualTo(1);
  }

  @Test
  void pauseSendsSpeedZeroAndResumeSpeedOneWithNoManualCall() {
    core.attach(new ClockTimelineSource(PTS, wall, pts));
    Conn c = setUp("", PTS);
    time.advanceSeconds(2);
    pts.setSpeed(0);
    time.advanceSeconds(10);
    pts.setSpeed(1);
    assertThat(c.received())
        .containsExactly(
            ControlTimestamp.available(0, 1_000_000_000L, 1.0),
            ControlTimestamp.available(180_000, 3_000_000_000L, 0.0),
            ControlTimestamp.available(180_000, 13_000_000_000L, 1.0));
  }

  @Test
  void availabilityTogglesAreSentAndUnavailableIsNotRepeated() {
    core.attach(new ClockTimelineSource(PTS, wall, pts));
    Conn c = setUp("", PTS);
    pts.setAvailability(false);
    time.advanceSeconds(1);
    pts.adjustTicks(9000);
    core.setContentId(CONTENT + "x");
    core.setContentId(null);
    core.setContentId(CONTENT);
    assertThat(c.received()).extracting(ControlTimestamp::isAvailable).containsExactly(true, false);
    pts.setAvailability(true);
    assertThat(c.texts).hasSize(3);
    assertThat(c.last().contentTime()).isEqualTo(90_000L + 9000L);
  }

  @ParameterizedTest(name = "content {0}, stem \"{1}\" -> available {2}")
  @CsvSource(
      value = {
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, '', true",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, dvb://, true",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, dvb://233a.1004.1044, true",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M,"
            + " dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, true",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M,"
            + " dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45Mx, false",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, dvb://233a.1168, false",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, DVB://, false",
        "NULL, '', false",
        "NULL, dvb://, false",
        "'', '', true",
        "'', x, false",
      },
      nullValues = "NULL")
  void stemMatching(@Nullable String contentId, String stem, boolean available) {
    core.setContentId(contentId);
    core.attach(new ClockTimelineSource(PTS, wall, pts));
    Conn c = setUp(stem, PTS);
    assertThat(c.received()).extracting(ControlTimestamp::isAvailable).containsExactly(available);
    core.setContentId(contentId);
    assertThat(c.texts).hasSize(1);
  }

  @Test
  void aCoreThatIgnoresStemsServesAnyStemWhileThereIsAContentId() {
    assertThat(core.matchesStems()).isTrue();
    core = new TsServerCore(wall, CONTENT, false);
    assertThat(core.matchesStems()).isFalse();
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(7, 8, 1.0)));
    Conn other = setUp("dvb://somewhere.else", PTS);
    Conn none = setUp("", PTS);
    assertThat(other.received()).containsExactly(ControlTimestamp.available(7, 8, 1.0));
    assertThat(none.received()).containsExactly(ControlTimestamp.available(7, 8, 1.0));
    core.setContentId("dvb://another.programme");
    assertThat(other.texts).as("still served: nothing changed").hasSize(1);
    core.setContentId(null);
    assertThat(other.last().isAvailable()).as("no content id: nothing to serve").isFalse();
    Conn unknown = setUp("", "urn:dvb:css:timeline:temi:9:9");
    core.setContentId(CONTENT);
    assertThat(unknown.last().isAvailable()).as("no source for the selector").isFalse();
  }

  @Test
  void changingTheContentIdReevaluatesEverySessionByItsStem() {
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(7, 8, 1.0)));
    Conn a = setUp("dvb://a", PTS);
    Conn b = setUp("dvb://b", PTS);
    assertThat(core.contentId()).isEqualTo(CONTENT);
    assertThat(a.last().isAvailable()).isFalse();
    assertThat(b.last().isAvailable()).isFalse();
    core.setContentId("dvb://a.1");
    assertThat(core.contentId()).isEqualTo("dvb://a.1");
    assertThat(a.last()).isEqualTo(ControlTimestamp.available(7, 8, 1.0));
    assertThat(b.texts).hasSize(1);
    core.setContentId("dvb://b.1");
    assertThat(a.last().isAvailable()).isFalse();
    assertThat(b.last()).isEqualTo(ControlTimestamp.available(7, 8, 1.0));
    core.setContentId(null);
    assertThat(a.texts).hasSize(3);
    assertThat(b.last().isAvailable()).isFalse();
    assertThat(b.texts).hasSize(3);
  }

  @Test
  void noSourceForTheSelectorGivesUnavailableOnceThenTheTimelineWhenOneIsAttached() {
    Conn c = setUp("", "urn:dvb:css:timeline:temi:1:1");
    assertThat(c.received()).containsExactly(ControlTimestamp.unavailable(1_000_000_000L));
    time.advanceSeconds(1);
    core.setContentId("dvb://other");
    core.attach(new ClockTimelineSource(PTS, wall, pts));
    assertThat(c.texts).hasSize(1);
    FixedTimelineSource temi =
        new FixedTimelineSource(
            "urn:dvb:css:timeline:temi:1:1", ControlTimestamp.available(5, 6, 1.0));
    core.attach(temi);
    assertThat(c.received()).hasSize(2).last().isEqualTo(ControlTimestamp.available(5, 6, 1.0));
  }

  @Test
  void unavailableCarriesTheWallClockTicksRounded() {
    TunableClock millis = new TunableClock(wall, 1000, 0); // fractional ticks
    TsServerCore c = new TsServerCore(millis, null);
    time.advance(1_600_000); // 1.6 ms
    List<String> sent = new ArrayList<>();
    Session s = c.open("s", t -> sent.add(t));
    c.receive(s, new SetupData("", PTS).encode());
    assertThat(ControlTimestamp.decode(sent.get(0))).isEqualTo(ControlTimestamp.unavailable(2));
    assertThat(c.wallClock()).isSameAs(millis);
  }

  @Test
  void aSourceNotReadyStartsSendingWhenReadyWithoutANewSetup() {
    FixedTimelineSource source = new FixedTimelineSource(PTS, null);
    core.attach(source);
    Conn c = setUp("", PTS);
    assertThat(c.texts).isEmpty();
    assertThat(core.counters().setups()).isEqualTo(1);
    source.set(ControlTimestamp.available(100, 200, 1.0));
    source.set(ControlTimestamp.available(100, 200, 1.0)); // the same: not re-sent
    source.set(null); // not ready again: nothing
    source.set(ControlTimestamp.unavailable(300));
    source.set(ControlTimestamp.unavailable(400));
    assertThat(c.received())
        .containsExactly(
            ControlTimestamp.available(100, 200, 1.0), ControlTimestamp.unavailable(300));
  }

  @Test
  void theFirstSourceInAttachOrderWinsAndDetachFallsBackToTheNext() {
    FixedTimelineSource a = new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1.0));
    FixedTimelineSource b = new FixedTimelineSource(PTS, ControlTimestamp.available(2, 2, 1.0));
    core.attach(a);
    core.attach(b);
    core.attach(a); // twice: nothing
    assertThat(core.sources()).containsExactly(a, b);
    Conn c = setUp("", PTS);
    assertThat(c.last().contentTime()).isEqualTo(1L);
    b.set(ControlTimestamp.available(3, 3, 1.0));
    assertThat(c.texts).hasSize(1);
    core.detach(a);
    assertThat(c.last().contentTime()).isEqualTo(3L);
    core.detach(a); // not attached: nothing
    a.set(ControlTimestamp.available(4, 4, 1.0)); // detached: not heard
    assertThat(c.texts).hasSize(2);
    core.detach(b);
    assertThat(c.last().isAvailable()).isFalse();
    assertThat(core.sources()).isEmpty();
  }

  @Test
  void selectorsAreNeededFromTheFirstSessionToTheLastAndSourcesHearAttachAndDetach() {
    CountingSource early = new CountingSource();
    core.attach(early);
    Conn p1 = setUp("", "a");
    Conn p2 = setUp("", "a");
    Conn p3 = setUp("", "b");
    Conn waiting = open(); // never set up: counts for nothing
    assertThat(core.selectorsInUse()).containsEntry("a", 2).containsEntry("b", 1).hasSize(2);
    assertThat(early.calls).containsExactly("+a", "+b");

    CountingSource late = new CountingSource();
    core.attach(late);
    assertThat(late.calls).containsExactlyInAnyOrder("+a", "+b");

    core.close(p1.session());
    assertThat(core.selectorsInUse()).containsEntry("a", 1);
    assertThat(early.calls).containsExactly("+a", "+b");
    core.close(p2.session());
    core.close(waiting.session());
    core.close(p3.session());
    assertThat(core.selectorsInUse()).isEmpty();
    assertThat(early.calls).containsExactly("+a", "+b", "-a", "-b");
    assertThat(late.calls).containsExactlyInAnyOrder("+a", "+b", "-a", "-b");
    assertThat(core.sessionCount()).isZero();
    assertThat(events.stream().filter(e -> e.contains("eeded")))
        .containsExactly("needed a", "needed b", "notNeeded a", "notNeeded b");
    assertThat(events).filteredOn(e -> e.startsWith("setup")).hasSize(3);
    assertThat(events).filteredOn(e -> e.startsWith("closed")).hasSize(4);
  }

  @Test
  void theSelectorIsNeededBeforeTheSetUpIsHeardAndBothBeforeTheFirstSend() {
    core.attach(new FixedTimelineSource("a", ControlTimestamp.available(1, 1, 1.0)));
    setUp("", "a");
    setUp("", "a");
    assertThat(events)
        .containsExactly("needed a", "setup c1 a", "sent c1", "setup c2 a", "sent c2");
  }

  @Test
  void detachingASourceTellsItTheSelectorsInUseAreNoLongerNeeded() {
    CountingSource source = new CountingSource();
    core.attach(source);
    setUp("", "a");
    core.detach(source);
    assertThat(source.calls).containsExactly("+a", "-a");
    core.attach(source);
    assertThat(source.calls).containsExactly("+a", "-a", "+a");
  }

  @Test
  void aSessionThatCannotTakeASendGetsOnlyTheLatestWhenWritable() {
    FixedTimelineSource source = new FixedTimelineSource(PTS, ControlTimestamp.available(0, 0, 1));
    core.attach(source);
    Conn slow = setUp("", PTS);
    Conn fast = setUp("", PTS);
    slow.writable = false;
    for (int n = 1; n <= 1000; n++) {
      source.set(ControlTimestamp.available(n, n, 1.0));
    }
    assertThat(slow.texts).hasSize(1);
    assertThat(fast.texts).hasSize(1001);
    core.writable(slow.session()); // told writable while it is not: still nothing
    assertThat(slow.texts).hasSize(1);
    slow.becomeWritable();
    assertThat(slow.received())
        .containsExactly(
            ControlTimestamp.available(0, 0, 1.0), ControlTimestamp.available(1000, 1000, 1.0));
    slow.becomeWritable(); // nothing new
    assertThat(slow.texts).hasSize(2);
    assertThat(core.counters().messagesSent()).isEqualTo(1001 + 2);
  }

  @Test
  void aSessionSetUpWhileNotWritableGetsItsFirstControlTimestampWhenWritable() {
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(5, 5, 1.0)));
    Conn c = open();
    c.writable = false;
    c.receive(new SetupData("", PTS).encode());
    assertThat(c.texts).isEmpty();
    c.becomeWritable();
    assertThat(c.received()).containsExactly(ControlTimestamp.available(5, 5, 1.0));
  }

  @Test
  void aSendNotTakenIsNotCountedAndTheLatestIsOfferedAgain() {
    FixedTimelineSource source = new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1));
    core.attach(source);
    Conn c = setUp("", PTS);
    c.accepting = false;
    source.set(ControlTimestamp.available(2, 2, 1.0));
    source.set(ControlTimestamp.available(3, 3, 1.0));
    assertThat(c.session().lastSent()).isEqualTo(ControlTimestamp.available(1, 1, 1.0));
    assertThat(core.counters().messagesSent()).isEqualTo(1);
    c.accepting = true;
    core.writable(c.session());
    assertThat(c.received())
        .containsExactly(
            ControlTimestamp.available(1, 1, 1.0), ControlTimestamp.available(3, 3, 1.0));
    assertThat(core.counters().messagesSent()).isEqualTo(2);
  }

  @Test
  void aFanOutEncodesOnceAndHandsEverySessionTheSameText() {
    FixedTimelineSource source = new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1));
    core.attach(source);
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      conns.add(setUp("", PTS));
    }
    source.set(ControlTimestamp.available(2, 2, 1.0));
    String text = conns.get(0).texts.get(1);
    assertThat(text).isEqualTo(ControlTimestamp.available(2, 2, 1.0).encode());
    for (Conn c : conns) {
      assertThat(c.texts.get(1)).isSameAs(text);
    }
  }

  @Test
  void timingReportsAreKeptPerSessionAndCombinedIntoTheTightestWindow() {
    Conn p1 = setUp("", PTS);
    Conn p2 = setUp("", PTS);
    Conn p3 = setUp("", "other");
    // p1 can present content time 90000 from wall 10 s to 12 s.
    p1.receive(
        new AptEptLpt(
                Presence.of(Timestamp.of(90_000, 11_000_000_000L)),
                Timestamp.of(90_000, 10_000_000_000L),
                Timestamp.of(90_000, 12_000_000_000L))
            .encode());
    time.advanceSeconds(1);
    p1.receive(
        report(
            Timestamp.of(90_000, 10_000_000_000L),
            Timestamp.of(90_000, 12_000_000_000L))); // only the latest is kept
    // p2 reports content time 180000 (1 s later on the timeline): from 10.5 s, any time after.
    p2.receive(report(Timestamp.of(180_000, 11_500_000_000L), Timestamp.plusInfinity(180_000)));
    p3.receive(report(Timestamp.of(0, 99_000_000_000L), Timestamp.plusInfinity(0)));
    assertThat(core.counters().timingReports()).isEqualTo(4);
    assertThat(core.timingReports()).hasSize(3);
    assertThat(core.timingReports())
        .filteredOn(r -> r.setup().timelineSelector().equals(PTS))
        .allSatisfy(r -> assertThat(r.timestamps().actual().isPresent()).isFalse());
    TsServerCore.TimingReport r1 = p1.session().timingReport();
    assertThat(r1).isNotNull();
    assertThat(r1.sessionId()).isEqualTo("c1");
    assertThat(r1.setup()).isEqualTo(new SetupData("", PTS));
    assertThat(r1.receivedAt()).isEqualTo(2_000_000_000L);

    TsServerCore.PresentationWindow w = core.presentationWindow(PTS, 90_000, 90_000);
    assertThat(w).isNotNull();
    assertThat(w.timelineSelector()).isEqualTo(PTS);
    assertThat(w.contentTime()).isEqualTo(90_000L);
    assertThat(w.reports()).isEqualTo(2);
    assertThat(w.earliest()).isEqualTo(10_500_000_000.0);
    assertThat(w.latest()).isEqualTo(12_000_000_000.0);
    assertThat(w.isSatisfiable()).isTrue();
    TsServerCore.PresentationWindow other = core.presentationWindow("other", 0, 1000);
    assertThat(other.earliest()).isEqualTo(99_000_000_000.0);
    assertThat(other.latest()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(core.presentationWindow("none", 0, 1000)).isNull();

    p2.receive(report(Timestamp.of(180_000, 14_000_000_000L), Timestamp.plusInfinity(180_000)));
    assertThat(core.presentationWindow(PTS, 90_000, 90_000).isSatisfiable()).isFalse();
    core.close(p1.session());
    assertThat(core.timingReports()).hasSize(2);
    assertThat(core.presentationWindow(PTS, 90_000, 90_000).reports()).isEqualTo(1);
    core.close(p2.session());
    assertThat(core.presentationWindow(PTS, 90_000, 90_000)).isNull();
  }

  @Test
  void aWindowNobodyBoundsRunsFromMinusToPlusInfinity() {
    Conn a = setUp("", PTS);
    Conn b = setUp("", PTS);
    a.receive(report(Timestamp.minusInfinity(0), Timestamp.plusInfinity(0)));
    b.receive(report(Timestamp.minusInfinity(5), Timestamp.plusInfinity(5)));
    TsServerCore.PresentationWindow w = core.presentationWindow(PTS, 1000, 1000);
    assertThat(w.earliest()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(w.latest()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(w.isSatisfiable()).isTrue();
    assertThat(w.reports()).isEqualTo(2);

    b.receive(report(Timestamp.minusInfinity(5), Timestamp.of(2000, 7_000_000_000L)));
    w = core.presentationWindow(PTS, 1000, 1000); // 2000 ticks at 7 s: 1000 ticks at 6 s
    assertThat(w.earliest()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(w.latest()).isEqualTo(6_000_000_000.0);
    a.receive(report(Timestamp.of(0, 1_000_000_000L), Timestamp.plusInfinity(0)));
    w = core.presentationWindow(PTS, 1000, 1000); // 0 ticks at 1 s: 1000 ticks at 2 s
    assertThat(w.earliest()).isEqualTo(2_000_000_000.0);
    assertThat(w.latest()).isEqualTo(6_000_000_000.0);
  }

  @Test
  void aThrowingSourceListenerOrSenderStopsNothingElse() {
    TimelineSource broken =
        new TimelineSource() {
          @Override
          public boolean recognises(String timelineSelector) {
            throw new IllegalStateException("recognises");
          }

          @Override
          public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
            throw new IllegalStateException("controlTimestamp");
          }

          @Override
          public void selectorNeeded(String timelineSelector) {
            throw new IllegalStateException("selectorNeeded");
          }
        };
    core.attach(broken);
    FixedTimelineSource good = new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1));
    core.attach(good);
    core.addListener(
        new TsServerCore.Listener() {
          @Override
          public void clientSetUp(Session session, SetupData setup) {
            throw new IllegalStateException("listener");
          }
        });
    List<String> afterIt = new ArrayList<>();
    core.addListener(
        new TsServerCore.Listener() {
          @Override
          public void clientSetUp(Session session, SetupData setup) {
            afterIt.add(session.id());
          }
        });
    Session throwing =
        core.open(
            "throwing",
            text -> {
              throw new IllegalStateException("sender");
            });
    assertThat(core.receive(throwing, new SetupData("", PTS).encode())).isEqualTo(Received.SETUP);
    Conn c = setUp("", PTS);
    assertThat(c.received()).containsExactly(ControlTimestamp.available(1, 1, 1.0));
    good.set(ControlTimestamp.available(2, 2, 1.0));
    assertThat(c.texts).hasSize(2);
    assertThat(throwing.lastSent()).isNull();
    assertThat(afterIt).containsExactly("throwing", "c1");
    assertThat(core.counters().messagesSent()).isEqualTo(2);
  }

  @Test
  void aSourceThatThrowsWhenAskedForItsTimestampSendsNothing() {
    core.attach(
        new TimelineSource() {
          @Override
          public boolean recognises(String timelineSelector) {
            return true;
          }

          @Override
          public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
            throw new IllegalStateException("controlTimestamp");
          }
        });
    core.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1)));
    Conn c = setUp("", PTS);
    assertThat(c.texts).isEmpty();
  }

  @Test
  void sessionsCarryTheTransportsAttachmentAndBelongToOneCore() {
    Conn c = open();
    Object connection = new Object();
    c.session().attach(connection);
    assertThat(c.session().attachment()).isSameAs(connection);
    assertThat(c.session().id()).isEqualTo("c1");
    assertThat(c.session().toString()).contains("c1");
    assertThat(core.sessions()).containsExactly(c.session());
    TsServerCore another = new TsServerCore(wall, CONTENT);
    assertThatThrownBy(() -> another.receive(c.session(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> another.writable(c.session()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> another.close(c.session()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(core.sessionCount()).isEqualTo(1);
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    List<String> heard = new ArrayList<>();
    TsServerCore.Listener l =
        new TsServerCore.Listener() {
          @Override
          public void selectorNeeded(String timelineSelector) {
            heard.add(timelineSelector);
          }
        };
    core.addListener(l);
    setUp("", "a");
    core.removeListener(l);
    setUp("", "b");
    assertThat(heard).containsExactly("a");
  }
}
