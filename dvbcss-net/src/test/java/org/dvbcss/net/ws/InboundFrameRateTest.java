package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.raw.RawWebSocket;
import org.junit.jupiter.api.Test;

/** The inbound frame rate limit on a live server with one event loop. */
class InboundFrameRateTest {
  private static final int MAX_PINGS = 200_000; // far past the default burst of 1,000

  @Test
  void aPingFloodIsClosedWith1008WhileAGoodClientOnTheSameEventLoopKeepsGettingItsMessages()
      throws Exception {
    WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("echo ");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (WebSocketServer server =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig
                        .builder() // the default limit: 100 frames/s, bursts of 1,000
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .eventLoopThreads(1)
                        .build())
                .endpoint("/e", echo)
                .start();
        RawWebSocket flooder = RawWebSocket.open(server.localAddress(), "/e")) {
      JdkClient good = JdkClient.connect(server.localAddress(), "/e");
      assertThat(good.roundTrip("before")).isEqualTo("echo before");

      Future<Integer> sent =
          pool.submit(
              () -> {
                byte[] payload = new byte[16];
                int n = 0;
                try {
                  while (n < MAX_PINGS) {
                    flooder.send(RawWebSocket.PING, payload);
                    n++;
                  }
                } catch (IOException e) {
                  // the server dropped the connection
                }
                return n;
              });
      CompletableFuture<RawWebSocket.Frame> close =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return flooder.readUntilClose(); // skips the pongs
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              pool);

      int roundTrips = 0;
      while (!close.isDone() || roundTrips < 20) {
        assertThat(roundTrips).isLessThan(10_000);
        String text = "m" + roundTrips++;
        assertThat(good.roundTrip(text)).isEqualTo("echo " + text);
      }
      RawWebSocket.Frame frame = close.get(10, TimeUnit.SECONDS);
      assertThat(frame.closeCode()).isEqualTo(1008);
      assertThat(frame.closeReason()).isEqualTo("too many frames");
      assertThat(sent.get(10, TimeUnit.SECONDS)).isLessThan(MAX_PINGS);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> server.counters().closed(CloseCause.RATE_LIMITED) == 1);
      assertThat(good.roundTrip("after")).isEqualTo("echo after");
      assertThat(server.counters().connections()).isEqualTo(1);
      assertThat(echo.closes).hasSize(1).first().asString().endsWith(" 1008 too many frames");
      good.ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClientWithinTheLimitIsNeverClosedAndTheLimitCanBeTurnedOff() throws Exception {
    try (WebSocketServer server =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .eventLoopThreads(1)
                        .maxInboundFrameRate(0, 0)
                        .build())
                .endpoint("/e", new WebSocketServerTest.Recorder(""))
                .start();
        RawWebSocket raw = RawWebSocket.open(server.localAddress(), "/e")) {
      for (int i = 0; i < 5_000; i++) { // five times the default burst
        raw.send(RawWebSocket.PONG, new byte[0]);
      }
      raw.sendText("still here");
      RawWebSocket.Frame frame;
      do {
        frame = raw.read();
      } while (frame.opcode() != RawWebSocket.TEXT);
      assertThat(frame.text()).isEqualTo("still here");
      assertThat(server.counters().closed(CloseCause.RATE_LIMITED)).isZero();
    }
  }

  @Test
  void theBuilderRefusesANegativeOrEndlessRateAndAnEmptyBucket() {
    WebSocketServerConfig.Builder b = WebSocketServerConfig.builder();
    assertThatThrownBy(() -> b.maxInboundFrameRate(-1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxInboundFrameRate(Double.NaN, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxInboundFrameRate(Double.POSITIVE_INFINITY, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxInboundFrameRate(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxInboundFrameRate(0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.maxInboundFrameRate(0, 0)).isSameAs(b);
    assertThat(b.maxInboundFrameRate(0.5, 1)).isSameAs(b);
  }
}
