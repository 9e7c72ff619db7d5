package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WcMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM client for CSS-WC over WebSocket against the /wc endpoint, on loopback. */
class WallClockWebSocketClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SysClock localClock = new SysClock();

  /** The server's wall clock: 1000 s ahead of the local clock, so following it is visible. */
  private final CorrelatedClock serverClock = CorrelatedClock.offsetAndDrift(localClock, 1000, 0);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private record Served(WebSocketServer server, WallClockWebSocketEndpoint endpoint) {
    URI url() {
      return URI.create(server.url(WallClockWebSocketEndpoint.PATH));
    }
  }

  private Served serve(Clock clock, WallClockServerConfig config, int port) throws Exception {
    WallClockWebSocketEndpoint endpoint = new WallClockWebSocketEndpoint(clock, config);
    WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .build())
            .endpoint(WallClockWebSocketEndpoint.PATH, endpoint)
            .start();
    track(server);
    return new Served(server, endpoint);
  }

  /** Reads both clocks at (nearly) one instant: the error bound must cover the difference. */
  private static void assertWithinDispersion(CorrelatedClock estimate, Clock truth) {
    double dispersionNanos = estimate.dispersion() * 1e9;
    double before = truth.ticks();
    double estimated = estimate.ticks();
    double after = truth.ticks();
    double error = Math.max(Math.abs(estimated - before), Math.abs(estimated - after));
    assertThat(error)
        .as("|estimate - server| vs dispersion %.0f ns", dispersionNanos)
        .isLessThanOrEqualTo(dispersionNanos + (after - before));
  }

  @Test
  void theClientFollowsTheServerWithinItsOwnErrorBound() throws Exception {
    Served served = serve(serverClock, WallClockServerConfig.defaults(), 0);
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    List<Candidate> seen = new CopyOnWriteArrayList<>();
    WallClockWebSocketClient client =
        track(
            WallClockWebSocketClient.start(
                served.url(),
                wall,
                WallClockClientConfig.defaults(),
                WallClockWebSocketClient.DEFAULT_WEBSOCKET,
                seen::add));
    assertThat(client.uri()).isEqualTo(served.url());
    assertThat(client.config()).isEqualTo(WallClockClientConfig.defaults());
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
    assertThat(Math.abs(wall.ticks() - serverClock.ticks())).isLessThan(1e8);
    assertThat(client.isConnected()).isTrue();
    assertThat(client.counters().accepted()).isPositive();
    assertThat(seen).isNotEmpty();
    assertThat(served.endpoint().counters().answered()).isPositive();
    assertThat(client.webSocketCounters().connects()).isEqualTo(1);
    client.close();
    client.close(); // idempotent
    await().atMost(WAIT).until(() -> served.endpoint().counters().sessionsOpen() == 0);
  }

  @Test
  void followUpModeIsFollowedToo() throws Exception {
    Served served = serve(serverClock, WallClockServerConfig.builder().followUp(true).build(), 0);
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    track(WallClockWebSocketClient.start(served.url(), wall, WallClockClientConfig.defaults()));
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  @Test
  void anAbusiveClientDoesNotDisturbAGoodOne() throws Exception {
    Served served = serve(serverClock, WallClockServerConfig.defaults(), 0);
    InetSocketAddress address = served.server().localAddress();
    RawWebSocket garbage = track(RawWebSocket.open(address, "/wc"));
    for (int i = 0; i < 50; i++) {
      garbage.send(RawWebSocket.BINARY, new byte[] {(byte) i, 1, 2});
      byte[] response =
          WcMessage.request(i).toResponse(WcMessage.Type.RESPONSE, 0, 0, 1, 2).encode();
      garbage.send(RawWebSocket.BINARY, response);
    }
    RawWebSocket texter = track(RawWebSocket.open(address, "/wc"));
    texter.sendText("not binary");

    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    track(WallClockWebSocketClient.start(served.url(), wall, WallClockClientConfig.defaults()));
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);

    assertThat(texter.readUntilClose().closeCode()).isEqualTo(1003);
    WallClockWebSocketEndpoint.Counters c = served.endpoint().counters();
    assertThat(c.dropped())
        .containsEntry(DropReason.WRONG_LENGTH, 50L)
        .containsEntry(DropReason.NOT_A_REQUEST, 50L);
    assertThat(c.textRefused()).isEqualTo(1);
    assertThat(c.answered()).isPositive();
  }

  @Test
  void theClientReconnectsWhenTheServerComesBack() throws Exception {
    Served first = serve(serverClock, WallClockServerConfig.defaults(), 0);
    int port = first.server().localAddress().getPort();
    CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
    WallClockWebSocketClient client =
        track(
            WallClockWebSocketClient.start(
                first.url(),
                wall,
                WallClockClientConfig.defaults(),
                WebSocketClientConfig.builder()
                    .reconnect(
                        Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(200), 2))
                    .build(),
                null));
    await().atMost(WAIT).until(() -> first.endpoint().counters().answered() > 0);
    first.server().close();
    await().atMost(WAIT).until(() -> !client.isConnected());
    Served second = serve(serverClock, WallClockServerConfig.defaults(), port);
    await().atMost(WAIT).until(() -> second.endpoint().counters().answered() > 0);
    assertThat(client.webSocketCounters().connects()).isEqualTo(2);
    await().atMost(WAIT).until(() -> wall.dispersion() < 0.01);
    assertWithinDispersion(wall, serverClock);
  }

  @Test
  void aWallClockOnSimulatedTimeIsRefused() {
    CorrelatedClock wall =
        new CorrelatedClock(SysClock.builder().timeSource(new ManualTimeSource()).build(), 1e9);
    assertThatThrownBy(
            () ->
                WallClockWebSocketClient.start(
                    URI.create("ws://127.0.0.1:1/wc"), wall, WallClockClientConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
