package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each fault as a companion sees it on the wire: the simulated TV on loopback with ephemeral ports,
 * the raw text decoded with Jackson (the strict decoders would refuse most of it), and for the
 * transport faults, what a raw socket reads.
 */
class TvFaultsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  private Tv tv(Fault... faults) throws Exception {
    Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .transition(Duration.ofMillis(100))
                .faults(Faults.of(faults))
                .build());
    assertThat(tv.faults()).isEqualTo(Faults.of(faults));
    return track(tv);
  }

  private JdkWebSocketPeer cii(Tv tv) {
    return track(new JdkWebSocketPeer(URI.create(tv.ciiUrl())));
  }

  private JdkWebSocketPeer follow(Tv tv, String stem, Timeline timeline) {
    JdkWebSocketPeer peer = track(new JdkWebSocketPeer(URI.create(tv.tsUrl())));
    peer.send(new SetupData(stem, timeline.selector()).encode());
    return peer;
  }

  private static String next(JdkWebSocketPeer peer) throws InterruptedException {
    return Objects.requireNonNull(peer.next(), "no message");
  }

  private static JsonNode nextJson(JdkWebSocketPeer peer) throws InterruptedException {
    return JSON.readTree(next(peer));
  }

  private static InetSocketAddress address(Tv tv) {
    URI uri = URI.create(tv.ciiUrl());
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  @Test
  void withoutFaultsTheWireIsStrict() throws Exception {
    Tv tv = tv();
    String first = next(cii(tv));
    assertThat(Cii.decode(first).presentationStatus().value()).containsExactly("okay");
    assertThat(JSON.readTree(first).get("presentationStatus").isString()).isTrue();
    assertThat(ControlTimestamp.decode(next(follow(tv, "", Timeline.PTS))).isAvailable()).isTrue();
    try (RawWebSocket raw = RawWebSocket.connect(address(tv), 0)) {
      assertThat(RawWebSocket.statusCode(raw.handshake("/nope"))).isEqualTo(404);
    }
  }

  @Test
  void presentationStatusArray() throws Exception {
    JsonNode first = nextJson(cii(tv(Fault.PRESENTATION_STATUS_ARRAY)));
    assertThat(first.get("presentationStatus").isArray()).isTrue();
    assertThat(first.get("presentationStatus").toString()).isEqualTo("[\"okay\"]");
  }

  @Test
  void integersAsNumbers() throws Exception {
    JsonNode ct = nextJson(follow(tv(Fault.INTEGERS_AS_NUMBERS), "", Timeline.PTS));
    assertThat(ct.get("contentTime").isIntegralNumber()).as(ct.toString()).isTrue();
    assertThat(ct.get("wallClockTime").isIntegralNumber()).as(ct.toString()).isTrue();
    assertThat(ct.get("timelineSpeedMultiplier").isNumber()).isTrue();
  }

  @Test
  void unavailableSpeedOnly() throws Exception {
    String text = next(follow(tv(Fault.UNAVAILABLE_SPEED_ONLY), "dvb://other", Timeline.PTS));
    assertThat(text).isEqualTo("{\"timelineSpeedMultiplier\":null}");
  }

  @Test
  void invalidOptionalProperty() throws Exception {
    JsonNode first = nextJson(cii(tv(Fault.INVALID_OPTIONAL_PROPERTY)));
    assertThat(first.get("teUrl").isInt()).isTrue();
    assertThat(first.get("teUrl").intValue()).isEqualTo(5);
    assertThat(first.get("contentId").isString()).isTrue();
  }

  @Test
  void unknownProperty() throws Exception {
    JsonNode first = nextJson(cii(tv(Fault.UNKNOWN_PROPERTY)));
    assertThat(first.get("vendorInfo").stringValue()).isEqualTo("dvbcss-java TV simulator");
  }

  @Test
  void fullState() throws Exception {
    Tv tv = tv(Fault.FULL_STATE);
    JdkWebSocketPeer peer = cii(tv);
    JsonNode first = nextJson(peer);
    tv.nextContent();
    JsonNode change = nextJson(peer);
    assertThat(change.propertyNames()).containsExactlyElementsOf(first.propertyNames());
    assertThat(change.get("presentationStatus").stringValue()).isEqualTo("transitioning");
    assertThat(change.get("timelines").size()).isEqualTo(3);
  }

  @Test
  void slowTimestamps() throws Exception {
    Tv tv = tv(Fault.SLOW_TIMESTAMPS);
    JdkWebSocketPeer peer = follow(tv, "", Timeline.PTS);
    assertThat(ControlTimestamp.decode(next(peer)).timelineSpeedMultiplier()).isEqualTo(1.0);
    // three changes while the model's lock keeps the tick out: the next tick sends one message
    synchronized (tv.model()) {
      tv.pause();
      tv.seek(10);
      tv.setSpeed(2);
    }
    ControlTimestamp latest = ControlTimestamp.decode(next(peer));
    assertThat(latest.timelineSpeedMultiplier())
        .as("the latest change only, not the pause first")
        .isEqualTo(2.0);
  }

  @Test
  void ignoreStem() throws Exception {
    String text = next(follow(tv(Fault.IGNORE_STEM), "dvb://not.this.content", Timeline.TEMI));
    assertThat(ControlTimestamp.decode(text).isAvailable()).isTrue();
  }

  @Test
  void refuseByClose() throws Exception {
    Tv tv = tv(Fault.REFUSE_BY_CLOSE);
    try (RawWebSocket raw = RawWebSocket.connect(address(tv), 0)) {
      assertThat(raw.handshake("/nope")).as("no HTTP status line").isEmpty();
      assertThat(raw.socket().getInputStream().read()).as("the TCP connection ended").isEqualTo(-1);
    }
    assertThat(tv.webSocketCounters().unknownPath()).isEqualTo(1);
    try (RawWebSocket good = RawWebSocket.open(address(tv), "/cii")) {
      assertThat(good.read().text()).contains("\"protocolVersion\":\"1.1\"");
    }
  }

  @Test
  void noCloseFrame() throws Exception {
    Tv tv = tv(Fault.NO_CLOSE_FRAME);
    try (RawWebSocket raw = RawWebSocket.open(address(tv), "/cii")) {
      assertThat(raw.read().opcode()).isEqualTo(RawWebSocket.TEXT);
      tv.close();
      assertThatThrownBy(
              () -> {
                while (true) {
                  assertThat(raw.read().opcode())
                      .as("no close frame")
                      .isNotEqualTo(RawWebSocket.CLOSE);
                }
              })
          .as("the TCP connection ends")
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void zeroAddressUrls() throws Exception {
    Tv tv = tv(Fault.ZERO_ADDRESS_URLS);
    JsonNode first = nextJson(cii(tv));
    int wcPort = URI.create(tv.wcUrl()).getPort();
    assertThat(first.get("wcUrl").stringValue()).isEqualTo("udp://0.0.0.0:" + wcPort);
    assertThat(first.get("tsUrl").stringValue())
        .isEqualTo("ws://0.0.0.0:" + address(tv).getPort() + "/ts");
  }

  @Test
  void noProtocolVersion() throws Exception {
    JsonNode first = nextJson(cii(tv(Fault.NO_PROTOCOL_VERSION)));
    assertThat(first.has("protocolVersion")).isFalse();
    assertThat(first.has("contentId")).isTrue();
  }

  @Test
  void contentIdWithoutStatusAndWrongContentIdStatus() throws Exception {
    JsonNode without = nextJson(cii(tv(Fault.CONTENT_ID_WITHOUT_STATUS)));
    assertThat(without.has("contentId")).isTrue();
    assertThat(without.has("contentIdStatus")).isFalse();
    JsonNode wrong = nextJson(cii(tv(Fault.WRONG_CONTENT_ID_STATUS)));
    assertThat(wrong.get("contentIdStatus").stringValue()).isEqualTo("complete");
  }

  @Test
  void wipeTimelines() throws Exception {
    Tv tv = tv(Fault.WIPE_TIMELINES);
    JdkWebSocketPeer peer = cii(tv);
    assertThat(nextJson(peer).get("timelines").size()).isEqualTo(3);
    tv.nextContent();
    JsonNode change = nextJson(peer);
    assertThat(change.get("presentationStatus").stringValue()).isEqualTo("transitioning");
    assertThat(change.get("timelines").isArray()).isTrue();
    assertThat(change.get("timelines").size()).isZero();
    assertThat(ControlTimestamp.decode(next(follow(tv, "", Timeline.TEMI))).isAvailable()).isTrue();
  }

  @Test
  void firstMessageLate() throws Exception {
    Tv tv = tv(Fault.FIRST_MESSAGE_LATE);
    long start = System.nanoTime();
    JdkWebSocketPeer peer = cii(tv);
    Cii first = Cii.decode(next(peer));
    assertThat(System.nanoTime() - start)
        .as("not before 2 s")
        .isGreaterThanOrEqualTo(Fault.FIRST_MESSAGE_LATE_DELAY.toNanos());
    assertThat(first.protocolVersion().value()).isEqualTo("1.1");
  }

  @Test
  void ciiClosesOnClientMessage() throws Exception {
    Tv tv = tv(Fault.CII_CLOSES_ON_CLIENT_MESSAGE);
    try (RawWebSocket raw = RawWebSocket.open(address(tv), "/cii")) {
      raw.socket().setSoTimeout(10_000);
      assertThat(raw.read().opcode()).isEqualTo(RawWebSocket.TEXT);
      raw.sendText("{}");
      RawWebSocket.Frame close = raw.read();
      assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1008);
    }
  }

  @Test
  void oneNullTimestamp() throws Exception {
    JsonNode ct = nextJson(follow(tv(Fault.ONE_NULL_TIMESTAMP), "dvb://other", Timeline.PTS));
    assertThat(ct.get("contentTime").isNull()).isTrue();
    assertThat(ct.get("wallClockTime").isString()).isTrue();
    assertThat(ct.get("timelineSpeedMultiplier").doubleValue()).isEqualTo(1.0);
  }

  @Test
  void timestampsOffClock() throws Exception {
    Tv tv = tv(Fault.TIMESTAMPS_OFF_CLOCK);
    long before = System.currentTimeMillis() * 1_000_000L;
    ControlTimestamp ct = ControlTimestamp.decode(next(follow(tv, "", Timeline.PTS)));
    long after = System.currentTimeMillis() * 1_000_000L;
    assertThat(ct.wallClockTime())
        .as("Unix time in ns, about now")
        .isBetween(before - 60_000_000_000L, after + 60_000_000_000L);
  }

  @Test
  void wrongTickRate() throws Exception {
    Tv tv = tv(Fault.WRONG_TICK_RATE);
    Cii first = Cii.decode(next(cii(tv)));
    TimelineOption temi =
        first.timelines().value().stream()
            .filter(t -> t.timelineSelector().equals(Timeline.TEMI.selector()))
            .findFirst()
            .orElseThrow();
    assertThat(temi.unitsPerSecond()).isEqualTo(50);
    assertThat(tv.model().timelineClock(Timeline.TEMI).tickRate()).isEqualTo(1000);
  }

  @Test
  void lateFirstTimestamp() throws Exception {
    Tv tv = tv(Fault.LATE_FIRST_TIMESTAMP);
    long start = System.nanoTime();
    JdkWebSocketPeer peer = follow(tv, "", Timeline.PTS);
    ControlTimestamp first = ControlTimestamp.decode(next(peer));
    assertThat(System.nanoTime() - start)
        .as("not before 3 s")
        .isGreaterThanOrEqualTo(Fault.LATE_FIRST_TIMESTAMP_DELAY.toNanos());
    assertThat(first.isAvailable()).isTrue();
    tv.pause();
    assertThat(ControlTimestamp.decode(next(peer)).timelineSpeedMultiplier()).isZero();
  }

  @Test
  void tsClosesOnClientTimestamp() throws Exception {
    Tv tv = tv(Fault.TS_CLOSES_ON_CLIENT_TIMESTAMP);
    try (RawWebSocket raw = RawWebSocket.open(address(tv), "/ts")) {
      raw.socket().setSoTimeout(10_000);
      raw.sendText(new SetupData("", Timeline.PTS.selector()).encode());
      assertThat(raw.read().opcode()).isEqualTo(RawWebSocket.TEXT);
      raw.sendText(
          new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))
              .encode());
      RawWebSocket.Frame close = raw.read();
      assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1008);
    }
  }
}
