package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.FixedTimelineSource;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TimelineSource;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.protocol.ts.TsServerCore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TS server over real sockets on 127.0.0.1, with the JDK's WebSocket client as companion. */
class TsServerTest {
  private static final String PTS = "urn:dvb:css:timeline:pts";
  private static final String CONTENT = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  private ManualTimeSource time;
  private SysClock wall;
  private TunableClock pts;
  private TsServer ts;
  private WebSocketServer server;
  private final List<JdkWebSocketPeer> peers = new ArrayList<>();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    time = new ManualTimeSource(1_000_000_000L);
    wall = SysClock.builder().timeSource(time).tickRate(1e9).build();
    pts = new TunableClock(wall, 90_000, 0);
    ts = new TsServer(wall, CONTENT);
    ts.addListener(
        new TsServer.Listener() {
          @Override
          public void selectorNeeded(String selector) {
            events.add("needed " + selector);
          }

          @Override
          public void selectorNotNeeded(String selector) {
            events.add("notNeeded " + selector);
          }

          @Override
          public void clientSetUp(WebSocketSession session, SetupData setup) {
            events.add("setup " + setup.timelineSelector());
          }

          @Override
          public void disconnected(WebSocketSession session, int code, String reason) {
            events.add("disconnected");
          }
        });
    server = start(ts, 32 * 1024, 64 * 1024);
  }

  private static WebSocketServer start(TsServer ts, int low, int high) throws Exception {
    return WebSocketServer.builder()
        .config(
            WebSocketServerConfig.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .writeBufferWaterMarks(low, high)
                .build())
        .endpoint(TsServer.PATH, ts)
        .start();
  }

  @AfterEach
  void tearDown() {
    peers.forEach(JdkWebSocketPeer::close);
    server.close();
  }

  private JdkWebSocketPeer connect() {
    InetSocketAddress a = server.localAddress();
    JdkWebSocketPeer peer =
        new JdkWebSocketPeer(URI.create("ws://127.0.0.1:" + a.getPort() + TsServer.PATH));
    peers.add(peer);
    return peer;
  }

  private JdkWebSocketPeer setUpPeer(String stem, String selector) {
    JdkWebSocketPeer peer = connect();
    peer.send(new SetupData(stem, selector).encode());
    return peer;
  }

  private static ControlTimestamp next(JdkWebSocketPeer peer) throws InterruptedException {
    String text = peer.next();
    assertThat(text).as("a control timestamp").isNotNull();
    return ControlTimestamp.decode(text);
  }

  private static void assertNothingMore(JdkWebSocketPeer peer) throws InterruptedException {
    assertThat(peer.nextWithin(300)).as("no further message").isNull();
  }

  @Test
  void aValidSetupGetsTheCurrentControlTimestampAtOnceAndNoDuplicates() throws Exception {
    ts.attach(new ClockTimelineSource(PTS, wall, pts));
    JdkWebSocketPeer peer = setUpPeer("dvb://", PTS);
    ControlTimestamp ct = next(peer);
    assertThat(ct).isEqualTo(ControlTimestamp.available(0, 1_000_000_000L, 1.0));
    time.advanceSeconds(1);
    pts.rebaseCorrelationAtTicks(pts.ticks());
    ts.setContentId(CONTENT); // pushes to everyone; nothing changed
    assertNothingMore(peer);
    assertThat(ts.counters().messagesSent()).isEqualTo(1);
  }

  @Test
  void pauseSendsSpeedZeroAndResumeSpeedOneWithNoManualCall() throws Exception {
    ts.attach(new ClockTimelineSource(PTS, wall, pts));
    JdkWebSocketPeer peer = setUpPeer("", PTS);
    next(peer);
    time.advanceSeconds(2);
    pts.setSpeed(0);
    assertThat(next(peer)).isEqualTo(ControlTimestamp.available(180_000, 3_000_000_000L, 0.0));
    time.advanceSeconds(10);
    pts.setSpeed(1);
    assertThat(next(peer)).isEqualTo(ControlTimestamp.available(180_000, 13_000_000_000L, 1.0));
    assertNothingMore(peer);
  }

  @Test
  void availabilityTogglesAreSentAndUnavailableIsNotRepeated() throws Exception {
    ts.attach(new ClockTimelineSource(PTS, wall, pts));
    JdkWebSocketPeer peer = setUpPeer("", PTS);
    assertThat(next(peer).isAvailable()).isTrue();
    pts.setAvailability(false);
    assertThat(next(peer).isAvailable()).isFalse();
    time.advanceSeconds(1);
    pts.adjustTicks(9000);
    ts.setContentId(CONTENT + "x");
    ts.setContentId(CONTENT);
    assertNothingMore(peer);
    pts.setAvailability(true);
    ControlTimestamp back = next(peer);
    assertThat(back.isAvailable()).isTrue();
    assertThat(back.contentTime()).isEqualTo(90_000L + 9000L);
  }

  /** Over the network, a few cases; every case of stem matching is in {@code TsServerCoreTest}. */
  @ParameterizedTest(name = "content {0}, stem \"{1}\" -> available {2}")
  @CsvSource(
      value = {
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, dvb://233a.1004.1044, true",
        "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M, dvb://233a.1168, false",
        "NULL, '', false",
      },
      nullValues = "NULL")
  void stemMatching(@Nullable String contentId, String stem, boolean available) throws Exception {
    ts.setContentId(contentId);
    ts.attach(new ClockTimelineSource(PTS, wall, pts));
    JdkWebSocketPeer peer = setUpPeer(stem, PTS);
    assertThat(next(peer).isAvailable()).isEqualTo(available);
    assertNothingMore(peer);
  }

  @Test
  void noSourceForTheSelectorGivesUnavailableOnceThenTheTimelineWhenOneIsAttached()
      throws Exception {
    JdkWebSocketPeer peer = setUpPeer("", "urn:dvb:css:timeline:temi:1:1");
    ControlTimestamp first = next(peer);
    assertThat(first).isEqualTo(ControlTimestamp.unavailable(1_000_000_000L));
    ts.setContentId("dvb://other");
    ts.attach(new ClockTimelineSource(PTS, wall, pts));
    assertNothingMore(peer);
    FixedTimelineSource temi =
        new FixedTimelineSource(
            "urn:dvb:css:timeline:temi:1:1", ControlTimestamp.available(5, 6, 1.0));
    ts.attach(temi);
    assertThat(next(peer)).isEqualTo(ControlTimestamp.available(5, 6, 1.0));
  }

  @Test
  void aSourceNotReadyStartsSendingWhenReadyWithoutANewSetup() throws Exception {
    FixedTimelineSource source = new FixedTimelineSource(PTS, null);
    ts.attach(source);
    JdkWebSocketPeer peer = setUpPeer("", PTS);
    await().until(() -> ts.counters().setups() == 1);
    assertNothingMore(peer);
    source.set(ControlTimestamp.available(100, 200, 1.0));
    assertThat(next(peer)).isEqualTo(ControlTimestamp.available(100, 200, 1.0));
    source.set(ControlTimestamp.available(100, 200, 1.0)); // the same: not re-sent
    source.set(ControlTimestamp.unavailable(300));
    source.set(ControlTimestamp.unavailable(400));
    assertThat(next(peer).isAvailable()).isFalse();
    assertNothingMore(peer);
  }

  @Test
  void theFirstSourceInAttachOrderWinsAndDetachFallsBackToTheNext() throws Exception {
    FixedTimelineSource a = new FixedTimelineSource(PTS, ControlTimestamp.available(1, 1, 1.0));
    FixedTimelineSource b = new FixedTimelineSource(PTS, ControlTimestamp.available(2, 2, 1.0));
    ts.attach(a);
    ts.attach(b);
    JdkWebSocketPeer peer = setUpPeer("", PTS);
    assertThat(next(peer).contentTime()).isEqualTo(1L);
    b.set(ControlTimestamp.available(3, 3, 1.0));
    assertNothingMore(peer);
    ts.detach(a);
    assertThat(next(peer).contentTime()).isEqualTo(3L);
    ts.detach(b);
    assertThat(next(peer).isAvailable()).isFalse();
  }

  /** Records selector needed / not needed calls. */
  private static final class CountingSource extends TimelineSource {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

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

  @Test
  void selectorsAreNeededFromTheFirstCompanionToTheLastAcrossClients() throws Exception {
    CountingSource early = new CountingSource();
    ts.attach(early);
    JdkWebSocketPeer p1 = setUpPeer("", "a");
    JdkWebSocketPeer p2 = setUpPeer("", "a");
    JdkWebSocketPeer p3 = setUpPeer("", "b");
    await().until(() -> ts.counters().setups() == 3);
    assertThat(ts.selectorsInUse()).containsEntry("a", 2).containsEntry("b", 1);
    assertThat(early.calls).containsExactlyInAnyOrder("+a", "+b");

    CountingSource late = new CountingSource(); // the reference forgot this one
    ts.attach(late);
    assertThat(late.calls).containsExactlyInAnyOrder("+a", "+b");

    p1.close();
    await().until(() -> ts.selectorsInUse().get("a") == 1);
    assertThat(early.calls).containsExactlyInAnyOrder("+a", "+b");
    p2.close();
    p3.close();
    await().until(() -> ts.selectorsInUse().isEmpty());
    assertThat(early.calls).containsExactlyInAnyOrder("+a", "+b", "-a", "-b");
    assertThat(late.calls).containsExactlyInAnyOrder("+a", "+b", "-a", "-b");
    await().until(() -> ts.connectionCount() == 0);
    assertThat(events)
        .containsOnlyOnce("needed a", "needed b", "notNeeded a", "notNeeded b")
        .filteredOn(e -> e.equals("disconnected"))
        .hasSize(3);
    assertThat(events).filteredOn(e -> e.startsWith("setup")).hasSize(3);
  }

  @Test
  void detachingASourceTellsItTheSelectorsInUseAreNoLongerNeeded() throws Exception {
    CountingSource source = new CountingSource();
    ts.attach(source);
    setUpPeer("", "a");
    await().until(() -> ts.counters().setups() == 1);
    ts.detach(source);
    assertThat(source.calls).containsExactly("+a", "-a");
  }

  @Test
  void listenersHearTheCompanionsConnection() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ts.addListener(
        new TsServer.Listener() {
          @Override
          public void clientSetUp(WebSocketSession session, SetupData setup) {
            heard.add("setup " + session.path() + " " + session.isOpen());
          }

          @Override
          public void timingReport(WebSocketSession session, AptEptLpt timestamps) {
            heard.add("report " + session.path());
          }

          @Override
          public void disconnected(WebSocketSession session, int code, String reason) {
            heard.add("disconnected " + session.path() + " " + code);
          }
        });
    JdkWebSocketPeer peer = setUpPeer("", PTS);
    next(peer);
    peer.send(
        new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))
            .encode());
    await().until(() -> ts.counters().timingReports() == 1);
    peer.close();
    await().until(() -> heard.size() == 3);
    assertThat(heard).containsExactly("setup /ts true", "report /ts", "disconnected /ts 1000");
  }

  @Test
  void invalidMessagesAreCountedAndIgnoredAndTheConnectionKept() throws Exception {
    ts.attach(new FixedTimelineSource(PTS, ControlTimestamp.available(1, 2, 1.0)));
    JdkWebSocketPeer peer = connect();
    peer.send("not json");
    peer.send("{\"contentIdStem\":\"\"}");
    peer.send(
        new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))
            .encode());
    await().until(() -> ts.counters().invalidSetups() == 3);
    assertNothingMore(peer);
    peer.send(new SetupData("", PTS).encode());
    assertThat(next(peer).contentTime()).isEqualTo(1L);
    peer.send(new SetupData("", PTS).encode()); // a second setup is not timestamps
    peer.send("[]");
    await().until(() -> ts.counters().invalidMessages() == 2);
    assertThat(ts.connectionCount()).isEqualTo(1);
    assertThat(ts.selectorsInUse()).containsEntry(PTS, 1);
  }

  @Test
  void timingReportsAreKeptPerCompanionAndCombinedIntoTheTightestWindow() throws Exception {
    JdkWebSocketPeer p1 = setUpPeer("", PTS);
    JdkWebSocketPeer p2 = setUpPeer("", PTS);
    JdkWebSocketPeer p3 = setUpPeer("", "other");
    await().until(() -> ts.counters().setups() == 3);
    // p1 can present content time 90000 from wall 10 s to 12 s.
    p1.send(
        new AptEptLpt(
                Presence.of(Timestamp.of(90_000, 11_000_000_000L)),
                Timestamp.of(90_000, 10_000_000_000L),
                Timestamp.of(90_000, 12_000_000_000L))
            .encode());
    p1.send(
        new AptEptLpt(
                Presence.absent(),
                Timestamp.of(90_000, 10_000_000_000L),
                Timestamp.of(90_000, 12_000_000_000L))
            .encode()); // only the latest is kept
    // p2 reports content time 180000 (1 s later on the timeline): from 10.5 s, any time after.
    p2.send(
        new AptEptLpt(
                Presence.absent(),
                Timestamp.of(180_000, 11_500_000_000L),
                Timestamp.plusInfinity(180_000))
            .encode());
    p3.send(
        new AptEptLpt(
                Presence.absent(), Timestamp.of(0, 99_000_000_000L), Timestamp.plusInfinity(0))
            .encode());
    await().until(() -> ts.counters().timingReports() == 4);
    assertThat(ts.timingReports()).hasSize(3);
    assertThat(ts.connections()).hasSize(3);
    assertThat(ts.connections())
        .allSatisfy(
            c -> {
              assertThat(c.setup()).isNotNull();
              assertThat(c.timingReport()).isNotNull();
              assertThat(c.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
            });
    assertThat(ts.connections().get(0).id()).startsWith("ts-");
    assertThat(ts.timingReports())
        .filteredOn(r -> r.setup().timelineSelector().equals(PTS))
        .allSatisfy(r -> assertThat(r.timestamps().actual().isPresent()).isFalse());

    TsServerCore.PresentationWindow w = ts.presentationWindow(PTS, 90_000, 90_000);
    assertThat(w).isNotNull();
    assertThat(w.reports()).isEqualTo(2);
    assertThat(w.earliest()).isEqualTo(10_500_000_000.0);
    assertThat(w.latest()).isEqualTo(12_000_000_000.0);
    assertThat(w.isSatisfiable()).isTrue();
    TsServerCore.PresentationWindow other = ts.presentationWindow("other", 0, 1000);
    assertThat(other.earliest()).isEqualTo(99_000_000_000.0);
    assertThat(other.latest()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ts.presentationWindow("none", 0, 1000)).isNull();

    p2.send(
        new AptEptLpt(
                Presence.absent(),
                Timestamp.of(180_000, 14_000_000_000L),
                Timestamp.plusInfinity(180_000))
            .encode());
    await().until(() -> ts.counters().timingReports() == 5);
    assertThat(ts.presentationWindow(PTS, 90_000, 90_000).isSatisfiable()).isFalse();
    p1.close();
    await().until(() -> ts.timingReports().size() == 2);
  }

  @Test
  void aStalledReaderGetsTheLatestControlTimestampNotAQueueOfEveryChange() throws Exception {
    TsServer slowTs = new TsServer(wall, CONTENT);
    FixedTimelineSource source = new FixedTimelineSource(PTS, ControlTimestamp.available(0, 0, 1));
    slowTs.attach(source);
    try (WebSocketServer slowServer = start(slowTs, 1024, 4 * 1024);
        RawWebSocket slow = RawWebSocket.connect(slowServer.localAddress(), 4 * 1024)) {
      assertThat(slow.handshake(TsServer.PATH)).startsWith("HTTP/1.1 101");
      slow.sendText(new SetupData("", PTS).encode());
      await().until(() -> slowTs.counters().setups() == 1);
      int changes = 50_000; // ~4 MB of control timestamps
      for (int n = 1; n <= changes; n++) {
        source.set(ControlTimestamp.available(n, n, 1.0));
      }
      assertThat(slowTs.counters().messagesSent()).isLessThan(changes);
      int received = 0;
      ControlTimestamp last = null;
      while (last == null || last.contentTime() != changes) {
        RawWebSocket.Frame frame = slow.read();
        if (frame.opcode() == 1) {
          last = ControlTimestamp.decode(frame.text());
          received++;
        }
      }
      assertThat(received).isLessThan(changes);
    }
  }
}
