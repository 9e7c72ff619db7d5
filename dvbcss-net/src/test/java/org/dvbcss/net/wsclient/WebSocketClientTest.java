package org.dvbcss.net.wsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.dvbcss.net.wsclient.RecordingListener.Close;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WebSocketClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Small delays, so reconnection happens quickly; the tests assert counts, never timing. */
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

  private TestWebSocketServer server;
  private final RecordingListener listener = new RecordingListener();
  private final List<WebSocketClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = TestWebSocketServer.plain();
  }

  @AfterEach
  void stop() {
    clients.forEach(WebSocketClient::close);
    server.close();
  }

  private WebSocketClient.Builder client(String path) {
    return WebSocketClient.builder(server.uri(path), listener);
  }

  private WebSocketClient started(WebSocketClient.Builder b) throws Exception {
    WebSocketClient c = b.start();
    clients.add(c);
    return c;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void connectsAndEchoesOnTheClientsOwnEventLoop() throws Exception {
    WebSocketClient c = started(client("/echo"));
    await().atMost(WAIT).until(c::isOpen);
    assertThat(c.send("hello")).isTrue();
    await().atMost(WAIT).until(() -> listener.texts.contains("hello"));

    assertThat(listener.opens).hasValue(1);
    assertThat(server.received).containsExactly("hello");
    assertThat(c.counters()).isEqualTo(new WebSocketClient.Counters(1, 0, 0, 1, 0, 0));
    assertThat(listener.threads).allMatch(t -> t.startsWith("dvbcss-ws-client"));
    assertThat(c.uri()).isEqualTo(server.uri("/echo"));
  }

  @Test
  void messagesArriveInOrder() throws Exception {
    WebSocketClient c = started(client("/echo"));
    await().atMost(WAIT).until(c::isOpen);
    List<String> sent = IntStream.range(0, 2000).mapToObj(i -> "m" + i).toList();
    sent.forEach(m -> assertThat(c.send(m)).isTrue());

    await().atMost(WAIT).until(() -> listener.texts.size() == sent.size());
    assertThat(listener.texts).isEqualTo(sent);
    assertThat(server.received).isEqualTo(sent);
    assertThat(c.counters().messagesReceived()).isEqualTo(2000);
  }

  @Test
  void sendIsRefusedUntilOpenAndAfterClose() throws Exception {
    WebSocketClient c = client("/echo").build();
    clients.add(c);
    assertThat(c.send("too early")).isFalse();
    assertThat(c.isOpen()).isFalse();
    c.start();
    await().atMost(WAIT).until(c::isOpen);
    c.close();
    assertThat(c.send("too late")).isFalse();
    assertThat(c.isOpen()).isFalse();
    assertThat(server.received).isEmpty();
  }

  @Test
  void theServersCloseCodeAndReasonReachOnClose() throws Exception {
    WebSocketClient c = started(client("/close?code=4001&reason=bye"));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);

    assertThat(listener.closes).containsExactly(new Close(4001, "bye", false));
    assertThat(c.isOpen()).isFalse();
    await().atMost(WAIT).until(() -> server.closeCodesReceived.contains(4001)); // echoed
    assertThat(listener.errors).isEmpty();
  }

  @Test
  void aCloseFrameWithoutStatusIsReportedAs1005() throws Exception {
    started(client("/close"));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);
    assertThat(listener.closes).containsExactly(new Close(1005, "", false));
  }

  @Test
  void textThatIsNotUtf8ClosesWith1007() throws Exception {
    WebSocketClient c = started(client("/badutf8"));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);

    assertThat(listener.closes.get(0).code()).isEqualTo(1007);
    assertThat(listener.texts).isEmpty();
    assertThat(c.counters().protocolErrors()).isEqualTo(1);
    await().atMost(WAIT).until(() -> server.closeCodesReceived.contains(1007));
  }

  @Test
  void aServerThatNeverAnswersTheUpgradeTimesOut() throws Exception {
    // the kernel accepts the TCP connection into the backlog; nobody ever reads the request
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/cii");
      WebSocketClient c =
          started(
              WebSocketClient.builder(uri, listener)
                  .config(
                      WebSocketClientConfig.builder()
                          .connectTimeout(Duration.ofMillis(200))
                          .build()));
      await().atMost(WAIT).until(() -> listener.errors.size() == 1);

      assertThat(listener.errors.get(0))
          .hasMessage("TLS and WebSocket handshakes not done within 200 ms");
      assertThat(c.counters().connectFailures()).isEqualTo(1);
      assertThat(listener.opens).hasValue(0);
    }
  }

  @Test
  void closeSends1000AndIsIdempotent() throws Exception {
    WebSocketClient c = started(client("/echo"));
    await().atMost(WAIT).until(c::isOpen);
    c.close();
    c.close();

    assertThat(server.closeCodesReceived).containsExactly(1000);
    assertThat(listener.closes).containsExactly(new Close(1000, "", false));
    assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class).hasMessage("closed");
  }

  @Test
  void closeGivesUpOnAServerThatDoesNotAnswerItsCloseFrame() throws Exception {
    WebSocketClient c =
        started(
            client("/mute")
                .config(
                    WebSocketClientConfig.builder().closeTimeout(Duration.ofMillis(50)).build()));
    await().atMost(WAIT).until(c::isOpen);
    c.close(); // bounded by the close timeout

    assertThat(listener.closes).containsExactly(new Close(1000, "", false));
    assertThat(c.isOpen()).isFalse();
  }

  @Test
  void anAbruptDropIsReportedAs1006AndReconnects() throws Exception {
    WebSocketClient c =
        started(client("/drop").config(WebSocketClientConfig.builder().reconnect(FAST).build()));
    await().atMost(WAIT).until(() -> listener.opens.get() >= 3 && listener.closes.size() >= 3);

    assertThat(listener.closes.get(0).code()).isEqualTo(1006);
    assertThat(listener.closes.get(0).willReconnect()).isTrue();
    WebSocketClient.Counters n = c.counters();
    assertThat(n.connects()).isGreaterThanOrEqualTo(3);
    assertThat(n.reconnects()).isGreaterThanOrEqualTo(2);
    assertThat(n.connectFailures()).isZero();
    assertThat(listener.errors).isEmpty();
  }

  @Test
  void withoutReconnectAnAbruptDropEndsTheClient() throws Exception {
    WebSocketClient c = started(client("/drop"));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);

    assertThat(listener.closes.get(0).code()).isEqualTo(1006);
    assertThat(listener.closes.get(0).willReconnect()).isFalse();
    assertThat(c.counters().reconnects()).isZero();
  }

  @Test
  void aClosedPortIsReportedAndRetriedWithoutThrowing() throws Exception {
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort() + "/cii");
    WebSocketClient c =
        started(
            WebSocketClient.builder(nowhere, listener)
                .config(WebSocketClientConfig.builder().reconnect(FAST).build()));
    await().atMost(WAIT).until(() -> listener.errors.size() >= 3);

    assertThat(listener.errors).allMatch(e -> e instanceof java.net.ConnectException);
    assertThat(c.counters().connectFailures()).isGreaterThanOrEqualTo(3);
    assertThat(c.counters().reconnects()).isGreaterThanOrEqualTo(2);
    assertThat(listener.opens).hasValue(0);
    assertThat(listener.closes).isEmpty(); // onClose only ends an open connection
    c.close();
  }

  @Test
  void aClosedPortWithoutReconnectIsReportedOnce() throws Exception {
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort() + "/cii");
    WebSocketClient c = started(WebSocketClient.builder(nowhere, listener));
    await().atMost(WAIT).until(() -> c.counters().connectFailures() == 1);

    assertThat(listener.errors).hasSize(1);
    assertThat(c.counters().reconnects()).isZero();
  }

  @Test
  void closeStopsReconnecting() throws Exception {
    EventLoopGroup shared = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      WebSocketClient c =
          started(
              client("/drop")
                  .config(
                      WebSocketClientConfig.builder()
                          .reconnect(FAST)
                          .eventLoopGroup(shared)
                          .build()));
      await().atMost(WAIT).until(() -> c.counters().reconnects() >= 2);
      c.close();
      WebSocketClient.Counters atClose = c.counters();

      // a probe on the client's own loop, later than any backoff delay would have fired
      shared
          .next()
          .schedule(() -> {}, 3 * FAST.max().toMillis(), TimeUnit.MILLISECONDS)
          .await(WAIT.toMillis());
      assertThat(c.counters()).isEqualTo(atClose);
      // the server may accept the last connection after the client has closed it, never more
      assertThat(server.accepted.get()).isLessThanOrEqualTo(1 + (int) atClose.reconnects());
      assertThat(listener.closes).last().matches(x -> !x.willReconnect() || x.code() == 1006);
      assertThat(shared.isShuttingDown()).isFalse(); // a shared group is left running
    } finally {
      shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  @Test
  void closeDuringBackoffReturnsAtOnce() throws Exception {
    URI nowhere = URI.create("ws://127.0.0.1:" + closedPort() + "/cii");
    Backoff slow = Backoff.exponential(Duration.ofHours(1), Duration.ofHours(1), 1);
    WebSocketClient c =
        started(
            WebSocketClient.builder(nowhere, listener)
                .config(WebSocketClientConfig.builder().reconnect(slow).build()));
    await().atMost(WAIT).until(() -> listener.errors.size() == 1);
    c.close(); // cancels the hour-long wait
    assertThat(c.counters().reconnects()).isZero();
  }

  @Test
  void aRefusedUpgradeIsAConnectFailure() throws Exception {
    WebSocketClient c = started(client("/refuse"));
    await().atMost(WAIT).until(() -> listener.errors.size() == 1);

    assertThat(listener.errors.get(0))
        .isInstanceOf(WebSocketClientHandshakeException.class)
        .hasMessageContaining("403");
    assertThat(listener.opens).hasValue(0);
    assertThat(c.counters().connectFailures()).isEqualTo(1);
  }

  @Test
  void anOversizedMessageClosesWith1009() throws Exception {
    WebSocketClient c =
        started(
            client("/oversize?bytes=5000")
                .config(WebSocketClientConfig.builder().maxFrameBytes(1000).build()));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);

    assertThat(listener.closes.get(0).code()).isEqualTo(1009);
    assertThat(listener.texts).isEmpty();
    assertThat(listener.errors).hasSize(1);
    assertThat(c.counters().protocolErrors()).isEqualTo(1);
    await().atMost(WAIT).until(() -> server.closeCodesReceived.contains(1009));
  }

  @Test
  void anOversizedFragmentedMessageClosesWith1009() throws Exception {
    WebSocketClient c =
        started(
            client("/fragments?bytes=5000")
                .config(WebSocketClientConfig.builder().maxFrameBytes(2500).build()));
    await().atMost(WAIT).until(() -> listener.closes.size() == 1);

    assertThat(listener.closes.get(0))
        .isEqualTo(new Close(1009, "message longer than 2500 bytes", false));
    assertThat(listener.texts).isEmpty();
    assertThat(c.counters().protocolErrors()).isEqualTo(1);
    await().atMost(WAIT).until(() -> server.closeCodesReceived.contains(1009));
  }

  @Test
  void messagesUpToTheLimitArriveWholeEvenInFragments() throws Exception {
    started(
        client("/oversize?bytes=1000")
            .config(WebSocketClientConfig.builder().maxFrameBytes(1000).build()));
    RecordingListener second = new RecordingListener();
    clients.add(
        WebSocketClient.builder(server.uri("/fragments?bytes=3000"), second)
            .config(WebSocketClientConfig.builder().maxFrameBytes(3000).build())
            .start());
    await().atMost(WAIT).until(() -> listener.texts.size() == 1 && second.texts.size() == 1);

    assertThat(listener.texts.get(0)).hasSize(1000);
    assertThat(second.texts.get(0)).hasSize(3000);
    assertThat(listener.closes).isEmpty();
  }

  @Test
  void aBinaryMessageIsCountedAndIgnored() throws Exception {
    WebSocketClient c = started(client("/binary"));
    await().atMost(WAIT).until(() -> listener.texts.contains("after"));

    assertThat(c.counters().protocolErrors()).isEqualTo(1);
    assertThat(listener.errors).hasSize(1);
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void aListenerThatThrowsDoesNotKillTheConnection() throws Exception {
    List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
    WebSocketClient.Listener throwing =
        new WebSocketClient.Listener() {
          @Override
          public void onOpen() {
            throw new IllegalStateException("listener bug in onOpen");
          }

          @Override
          public void onText(String text) {
            texts.add(text);
            throw new AssertionError("listener bug in onText");
          }
        };
    WebSocketClient c = WebSocketClient.builder(server.uri("/echo"), throwing).start();
    clients.add(c);
    await().atMost(WAIT).until(c::isOpen);
    c.send("one");
    c.send("two");
    await().atMost(WAIT).until(() -> texts.size() == 2);
    assertThat(c.isOpen()).isTrue();
    assertThat(c.counters().connects()).isEqualTo(1);
  }

  @Test
  void keepalivePingsAreAnswered() throws Exception {
    // generous: the connection is dropped if nothing arrives for two intervals
    WebSocketClient c =
        started(
            client("/echo")
                .config(
                    WebSocketClientConfig.builder().pingInterval(Duration.ofMillis(100)).build()));
    await().atMost(WAIT).until(() -> c.counters().pongsReceived() >= 3);
    assertThat(listener.closes).isEmpty();
  }

  @Test
  void aServerThatAnswersNothingIsDroppedByTheKeepalive() throws Exception {
    WebSocketClient c =
        started(
            client("/mute")
                .config(
                    WebSocketClientConfig.builder()
                        .pingInterval(Duration.ofMillis(10))
                        .reconnect(FAST)
                        .build()));
    await().atMost(WAIT).until(() -> listener.closes.size() >= 1);

    assertThat(listener.closes.get(0).code()).isEqualTo(1006);
    assertThat(listener.closes.get(0).reason()).contains("keepalive");
    assertThat(listener.closes.get(0).willReconnect()).isTrue();
    await().atMost(WAIT).until(() -> c.counters().connects() >= 2);
  }

  @Test
  void manyClientsShareAFewThreads() throws Exception {
    EventLoopGroup shared = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      List<WebSocketClient> many = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        many.add(
            started(
                client("/echo")
                    .config(WebSocketClientConfig.builder().eventLoopGroup(shared).build())));
      }
      await().atMost(WAIT).until(() -> many.stream().allMatch(WebSocketClient::isOpen));
      for (int i = 0; i < many.size(); i++) {
        many.get(i).send("from " + i);
      }
      await().atMost(WAIT).until(() -> listener.texts.size() == 50);
      many.forEach(WebSocketClient::close);
      assertThat(listener.closes).hasSize(50).allMatch(x -> x.code() == 1000);
      assertThat(shared.isShuttingDown()).isFalse();
    } finally {
      shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  @Test
  void theBuilderRejectsNonsense() {
    URI ok = URI.create("ws://127.0.0.1:1/x");
    assertThatThrownBy(() -> WebSocketClient.builder(URI.create("http://a/b"), listener))
        .hasMessage("not a ws:// or wss:// URL: http://a/b");
    assertThatThrownBy(() -> WebSocketClient.builder(URI.create("ws:/nohost"), listener))
        .hasMessage("no host in ws:/nohost");
    assertThat(WebSocketClient.builder(ok, listener)).isNotNull();
    WebSocketClientConfig.Builder b = WebSocketClientConfig.builder();
    assertThatThrownBy(() -> b.maxFrameBytes(0)).hasMessage("maxFrameBytes must be positive: 0");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
        .hasMessage("connectTimeout must be positive: PT0S");
    assertThatThrownBy(() -> b.pingInterval(Duration.ofSeconds(-1)))
        .hasMessage("pingInterval must not be negative: PT-1S");
  }

  @Test
  void startTwiceIsAnError() throws Exception {
    WebSocketClient c = started(client("/echo"));
    Assertions.assertThatThrownBy(c::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("already started");
  }

  @Test
  void closeFromAListenerDoesNotDeadlock() throws Exception {
    WebSocketClient[] self = new WebSocketClient[1];
    RecordingListener closing =
        new RecordingListener() {
          @Override
          public void onOpen() {
            super.onOpen();
            self[0].close();
          }
        };
    self[0] = WebSocketClient.builder(server.uri("/echo"), closing).build();
    clients.add(self[0]);
    self[0].start();
    await().atMost(WAIT).until(() -> closing.closes.size() == 1);
    assertThat(closing.closes).containsExactly(new Close(1000, "", false));
  }

  @Test
  void ipv6LiteralHostsAreAccepted() {
    WebSocketClient.Builder b = WebSocketClient.builder(URI.create("wss://[::1]/ts"), listener);
    assertThat(b).isNotNull();
  }

  @Test
  void rejectsAServerSslContext() throws Exception {
    io.netty.handler.ssl.SslContext serverCtx =
        io.netty.handler.ssl.SslContextBuilder.forServer(keyManagers()).build();
    assertThatThrownBy(() -> WebSocketClientConfig.builder().sslContext(serverCtx))
        .hasMessage("not a client SslContext");
  }

  private static javax.net.ssl.KeyManagerFactory keyManagers() throws Exception {
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(TestWebSocketServer.keyStore(), "changeit".toCharArray());
    return kmf;
  }

  static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
