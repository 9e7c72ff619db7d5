package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.Test;

/** The TV serves CSS-WC over WebSocket at /wc with the UDP server's clock and faults. */
class TvWallClockWebSocketTest {

  private static Tv tv(Fault... faults) throws Exception {
    return Tv.start(
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
            .dial(DialConfig.off())
            .faults(Faults.of(faults))
            .build());
  }

  private static WcMessage ask(Tv tv, long originate) throws Exception {
    URI url = URI.create(tv.wcWebSocketUrl());
    try (RawWebSocket ws =
        RawWebSocket.open(new InetSocketAddress(url.getHost(), url.getPort()), url.getPath())) {
      ws.send(RawWebSocket.BINARY, WcMessage.request(originate).encode());
      RawWebSocket.Frame frame = ws.read();
      assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
      return WcMessage.decode(frame.payload());
    }
  }

  @Test
  void theTvAnswersAtWcAndCountsIt() throws Exception {
    try (Tv tv = tv()) {
      assertThat(tv.wcWebSocketUrl()).startsWith("ws://127.0.0.1:").endsWith("/wc");
      assertThat(tv.wcUrl()).startsWith("udp://");
      assertThat(tv.wcWebSocketSessions()).isEmpty();
      WcMessage response = ask(tv, 77);
      assertThat(response.type()).isEqualTo(WcMessage.Type.RESPONSE);
      assertThat(response.originateNanos()).isEqualTo(77);
      assertThat(response.transmitNanos()).isGreaterThanOrEqualTo(response.receiveNanos());
      // counted once the response is handed to the connection: it may reach us a moment before
      await().atMost(Duration.ofSeconds(5)).until(() -> tv.wcWebSocketCounters().answered() == 1);
      assertThat(tv.status().wcWebSocketAnswered()).isEqualTo(1);
      assertThat(tv.status().wcAnswered()).isZero();
    }
  }

  @Test
  void theWallClockFaultsApplyAtWcToo() throws Exception {
    try (Tv tv = tv(Fault.WC_PRECISION_UNSET)) {
      assertThat(ask(tv, 1).precision()).isZero();
    }
  }
}
