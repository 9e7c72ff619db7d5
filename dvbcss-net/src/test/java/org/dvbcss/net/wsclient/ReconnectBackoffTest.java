package org.dvbcss.net.wsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts TCP but will not keep a WebSocket (it refuses the handshake with 503, or
 * accepts and closes at once) must see the client back off, not come back in a tight loop. The
 * assertions are lower bounds on the gaps between attempts, which a slow machine only makes longer.
 */
class ReconnectBackoffTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** 40, 80, 160, 320, 320 ... ms before jitter; a fixed draw of 0.5 takes a quarter off each. */
  private static final Duration INITIAL = Duration.ofMillis(40);

  private static final Duration MAX = Duration.ofMillis(320);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicInteger draws = new AtomicInteger();
  private final Backoff backoff =
      Backoff.exponential(INITIAL, MAX, 2.0)
          .withRandom(
              () -> {
                draws.incrementAndGet();
                return 0.5;
              });

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

  /** Records when each attempt ended (failed to open, or closed after opening). */
  static final class Attempts extends RecordingListener {
    final List<Long> endedAt = new CopyOnWriteArrayList<>();

    @Override
    public void onClose(int code, String reason, boolean willReconnect) {
      endedAt.add(System.nanoTime());
      super.onClose(code, reason, willReconnect);
    }

    @Override
    public void onError(Throwable error) {
      endedAt.add(System.nanoTime());
      super.onError(error);
    }
  }

  private WebSocketServer server(WebSocketServerConfig.Builder config, WebSocketEndpoint endpoint)
      throws Exception {
    return track(
        WebSocketServer.builder()
            .config(config.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
            .endpoint("/e", endpoint)
            .start());
  }

  private static URI url(WebSocketServer server) {
    return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/e");
  }

  /** The backoff delay before retry {@code n}, with the fixed draw of 0.5 and jitter 0.5. */
  private static long expectedDelayNanos(int n) {
    double base = Math.min(MAX.toNanos(), INITIAL.toNanos() * Math.pow(2, n));
    return (long) (base * 0.75);
  }

  private static void assertGapsAtLeastTheBackoff(List<Long> endedAt, int attempts) {
    for (int n = 0; n + 1 < attempts; n++) {
      long gap = endedAt.get(n + 1) - endedAt.get(n);
      assertThat(gap)
          .as("gap before retry %d, ns", n)
          .isGreaterThanOrEqualTo(expectedDelayNanos(n));
    }
  }

  @Test
  void aHandshakeRefusedWith503IsRetriedWithGrowingJitteredDelays() throws Exception {
    WebSocketServer full =
        server(WebSocketServerConfig.builder().maxConnections(0), (session, text) -> {});
    Attempts attempts = new Attempts();
    WebSocketClient client =
        track(
            WebSocketClient.builder(url(full), attempts)
                .config(WebSocketClientConfig.builder().reconnect(backoff).build())
                .start());

    int n = 6;
    await().atMost(WAIT).until(() -> attempts.errors.size() >= n);
    assertThat(List.copyOf(attempts.errors).subList(0, n))
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(WebSocketClientHandshakeException.class)
                    .hasMessageContaining("503"));
    assertGapsAtLeastTheBackoff(List.copyOf(attempts.endedAt), n);
    assertThat(draws.get()).as("one jitter draw per retry").isGreaterThanOrEqualTo(n - 1);
    assertThat(attempts.opens).hasValue(0);
    assertThat(client.counters().connects()).isZero();
    assertThat(full.counters().rejected()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void aServerThatAcceptsAndClosesAtOnceDoesNotResetTheBackoff() throws Exception {
    WebSocketEndpoint slam =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            session.close(1013, "try again later");
          }

          @Override
          public void onText(WebSocketSession session, String text) {}
        };
    WebSocketServer server = server(WebSocketServerConfig.builder(), slam);
    Attempts attempts = new Attempts();
    track(
        WebSocketClient.builder(url(server), attempts)
            .config(WebSocketClientConfig.builder().reconnect(backoff).build())
            .start());

    int n = 6;
    await().atMost(WAIT).until(() -> attempts.closes.size() >= n);
    assertThat(List.copyOf(attempts.closes).subList(0, n))
        .allMatch(c -> c.code() == 1013 && c.willReconnect());
    assertThat(attempts.errors).isEmpty();
    assertGapsAtLeastTheBackoff(List.copyOf(attempts.endedAt), n);
  }
}
