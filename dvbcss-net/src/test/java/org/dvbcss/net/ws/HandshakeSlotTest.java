package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dvbcss.net.raw.RawWebSocket;
import org.junit.jupiter.api.Test;

/** A connection whose handshake is still under way holds a slot of the connection limit. */
class HandshakeSlotTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * A silent connection over the limit is dropped within 2 s (docs/reliability.md); the read times
   * out (and the test fails) after that figure times 1.5, for a slow machine.
   */
  private static final Duration DROPPED_WITHIN = Duration.ofSeconds(3);

  @Test
  void halfSentRequestsHoldTheSlotsUntilTheyGo() throws Exception {
    int limit = 3;
    WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("e:");
    try (WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .eventLoopThreads(1)
                    .maxConnections(limit)
                    .build())
            .endpoint("/e", echo)
            .start()) {
      List<RawWebSocket> halfway = new ArrayList<>();
      try {
        for (int i = 0; i < limit; i++) {
          RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0);
          halfway.add(raw);
          raw.writeRaw("GET /e HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n");
        }
        await().atMost(WAIT).until(() -> server.counters().connections() == limit);

        try (RawWebSocket late = RawWebSocket.connect(server.localAddress(), 0)) {
          assertThat(late.handshake("/e")).startsWith("HTTP/1.1 503");
        }
        assertThat(server.counters().rejected()).isEqualTo(1);
        assertThat(server.counters().accepted()).isZero();
      } finally {
        for (RawWebSocket raw : halfway) {
          raw.close();
        }
      }

      await().atMost(WAIT).until(() -> server.counters().connections() == 0);
      try (RawWebSocket next = RawWebSocket.open(server.localAddress(), "/e")) {
        next.sendText("hi");
        assertThat(next.read().text()).isEqualTo("e:hi");
      }
      assertThat(server.counters().accepted()).isEqualTo(1);
      await().atMost(WAIT).until(() -> server.counters().connections() == 0);
    }
  }

  @Test
  void aSilentConnectionOverTheLimitIsDroppedLongBeforeTheIdleTimeout() throws Exception {
    WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("e:");
    try (WebSocketServer server =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .eventLoopThreads(1)
                        .maxConnections(1)
                        .idleTimeout(Duration.ofMinutes(10))
                        .build())
                .endpoint("/e", echo)
                .start();
        RawWebSocket holder = RawWebSocket.open(server.localAddress(), "/e");
        RawWebSocket silent = RawWebSocket.connect(server.localAddress(), 0, DROPPED_WITHIN)) {
      // over the limit and sending nothing: it holds no slot, and must not hold a channel for
      // the ten-minute idle timeout either
      assertThat(silent.socket().getInputStream().read()).isEqualTo(-1);
      assertThat(server.counters().idleBeforeHandshake()).isEqualTo(1);
      assertThat(server.counters().connections()).isEqualTo(1);
      holder.sendText("still here");
      assertThat(holder.read().text()).isEqualTo("e:still here");
    }
  }
}
