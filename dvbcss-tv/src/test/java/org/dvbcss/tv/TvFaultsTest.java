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
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
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
}
