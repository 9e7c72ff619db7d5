package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CSS-WC over WebSocket at /wc, on loopback with a raw WebSocket client. */
class WallClockWebSocketEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final SysClock clock = new SysClock();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private record Served(WebSocketServer server, WallClockWebSocketEndpoint endpoint) {}

  private Served serve(WallClockServerConfig config) throws Exception {
    WallClockWebSocketEndpoint endpoint = new WallClockWebSocketEndpoint(clock, config);
    WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint(WallClockWebSocketEndpoint.PATH, endpoint)
            .start();
    open.add(server);
    return new Served(server, endpoint);
  }

  private RawWebSocket connect(Served served) throws Exception {
    RawWebSocket ws = RawWebSocket.open(served.server().localAddress(), "/wc");
    open.add(ws);
    return ws;
  }

  private static WcMessage read(RawWebSocket ws) throws Exception {
    RawWebSocket.Frame frame = ws.read();
    assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
    assertThat(frame.payload()).hasSize(WcMessage.SIZE);
    return WcMessage.decode(frame.payload());
  }

  @Test
  void eachRequestGetsAResponseWhoseTimesLieBetweenSendAndReceipt() throws Exception {
    Served served = serve(WallClockServerConfig.builder().precision(0.001).build());
    RawWebSocket ws = connect(served);
    for (int i = 0; i < 5; i++) {
      long t1 = (long) clock.ticks();
      ws.send(RawWebSocket.BINARY, WcMessage.request(t1).encode());
      WcMessage response = read(ws);
      long t4 = (long) clock.ticks();
      assertThat(response.type()).isEqualTo(WcMessage.Type.RESPONSE);
      assertThat(response.originateNanos()).isEqualTo(t1);
      assertThat(response.receiveNanos()).isBetween(t1, response.transmitNanos());
      assertThat(response.transmitNanos()).isLessThanOrEqualTo(t4);
      assertThat(response.precisionSeconds())
          .isEqualTo(WcMessage.decodePrecision(WcMessage.encodePrecision(0.001)));
    }
    // counted once the response is handed to the connection: it may reach us a moment before
    await().atMost(WAIT).until(() -> served.endpoint().counters().answered() == 5);
    WallClockWebSocketEndpoint.Counters c = served.endpoint().counters();
    assertThat(c.sessionsOpen()).isEqualTo(1);
    assertThat(c.sessionsOpened()).isEqualTo(1);
    assertThat(served.endpoint().sessions())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).startsWith("wc-"));
  }

  @Test
  void followUpModeSendsTheResponseThenTheFollowUpAndTheOutgoingHookRewritesBoth()
      throws Exception {
    Served served =
        serve(
            WallClockServerConfig.builder()
                .followUp(true)
                .outgoing(
                    m ->
                        m.toResponse(
                            m.type(), 3, m.maxFreqError(), m.receiveNanos(), m.transmitNanos()))
                .build());
    RawWebSocket ws = connect(served);
    ws.send(RawWebSocket.BINARY, WcMessage.request(1000).encode());
    WcMessage response = read(ws);
    WcMessage followUp = read(ws);
    assertThat(response.type()).isEqualTo(WcMessage.Type.RESPONSE_WITH_FOLLOW_UP);
    assertThat(followUp.type()).isEqualTo(WcMessage.Type.FOLLOW_UP);
    assertThat(response.precision()).isEqualTo(3);
    assertThat(followUp.precision()).isEqualTo(3);
    assertThat(followUp.receiveNanos()).isEqualTo(response.receiveNanos());
    assertThat(followUp.transmitNanos()).isGreaterThanOrEqualTo(response.transmitNanos());
  }

  @Test
  void withheldFollowUpsLeaveOnlyTheResponse() throws Exception {
    Served served =
        serve(WallClockServerConfig.builder().followUp(true).withholdFollowUps(true).build());
    RawWebSocket ws = connect(served);
    ws.send(RawWebSocket.BINARY, WcMessage.request(1).encode());
    ws.send(RawWebSocket.BINARY, WcMessage.request(2).encode());
    assertThat(read(ws).originateNanos()).isEqualTo(1);
    assertThat(read(ws).originateNanos()).isEqualTo(2); // no follow-up between them
  }

  @Test
  void malformedMessagesAreCountedAndDroppedAndTheSessionCarriesOn() throws Exception {
    Served served = serve(WallClockServerConfig.defaults());
    RawWebSocket ws = connect(served);
    ws.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
    byte[] wrongVersion = WcMessage.request(5).encode();
    wrongVersion[0] = 7;
    ws.send(RawWebSocket.BINARY, wrongVersion);
    WcMessage notRequest = WcMessage.request(5).toResponse(WcMessage.Type.RESPONSE, 0, 0, 1, 2);
    ws.send(RawWebSocket.BINARY, notRequest.encode());
    ws.send(RawWebSocket.BINARY, WcMessage.request(42).encode());
    assertThat(read(ws).originateNanos()).isEqualTo(42);
    await().atMost(WAIT).until(() -> served.endpoint().counters().answered() == 1);
    WallClockWebSocketEndpoint.Counters c = served.endpoint().counters();
    assertThat(c.dropped())
        .containsEntry(DropReason.WRONG_LENGTH, 1L)
        .containsEntry(DropReason.WRONG_VERSION, 1L)
        .containsEntry(DropReason.NOT_A_REQUEST, 1L);
    assertThat(c.droppedTotal()).isEqualTo(3);
    assertThat(c.answered()).isEqualTo(1);
  }

  @Test
  void stopAfterMalformedStopsAnsweringEverySession() throws Exception {
    Served served = serve(WallClockServerConfig.builder().stopAfterMalformed(true).build());
    RawWebSocket good = connect(served);
    RawWebSocket bad = connect(served);
    good.send(RawWebSocket.BINARY, WcMessage.request(1).encode());
    assertThat(read(good).originateNanos()).isEqualTo(1);
    bad.send(RawWebSocket.BINARY, new byte[] {0});
    await()
        .atMost(WAIT)
        .until(() -> served.endpoint().counters().dropped().get(DropReason.WRONG_LENGTH) == 1);
    good.send(RawWebSocket.BINARY, WcMessage.request(2).encode());
    await()
        .atMost(WAIT)
        .until(() -> served.endpoint().counters().dropped().get(DropReason.STOPPED) == 1);
    await().atMost(WAIT).until(() -> served.endpoint().counters().answered() == 1);
    assertThat(served.endpoint().counters().dropped().get(DropReason.STOPPED)).isEqualTo(1);
  }

  @Test
  void aTextMessageClosesWith1003AndOtherSessionsCarryOn() throws Exception {
    Served served = serve(WallClockServerConfig.defaults());
    RawWebSocket good = connect(served);
    RawWebSocket text = connect(served);
    text.sendText("{\"hello\":1}");
    assertThat(text.readUntilClose().closeCode()).isEqualTo(1003);
    good.send(RawWebSocket.BINARY, WcMessage.request(9).encode());
    assertThat(read(good).originateNanos()).isEqualTo(9);
    await().atMost(WAIT).until(() -> served.endpoint().counters().sessionsOpen() == 1);
    assertThat(served.endpoint().counters().textRefused()).isEqualTo(1);
    assertThat(served.endpoint().counters().sessionsOpened()).isEqualTo(2);
  }

  @Test
  void aPerSourceRateLimitAppliesToEachSession() throws Exception {
    Served served = serve(WallClockServerConfig.builder().rateLimit(0.001, 2).build());
    RawWebSocket ws = connect(served);
    for (int i = 1; i <= 4; i++) {
      ws.send(RawWebSocket.BINARY, WcMessage.request(i).encode());
    }
    await()
        .atMost(WAIT)
        .until(() -> served.endpoint().counters().dropped().get(DropReason.RATE_LIMITED) == 2);
    assertThat(read(ws).originateNanos()).isEqualTo(1);
    assertThat(read(ws).originateNanos()).isEqualTo(2);
    RawWebSocket other = connect(served);
    other.send(RawWebSocket.BINARY, WcMessage.request(5).encode());
    assertThat(read(other).originateNanos()).isEqualTo(5);
  }
}
