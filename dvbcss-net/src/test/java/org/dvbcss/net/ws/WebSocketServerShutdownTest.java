package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WebSocketServer#close()} with clients that misbehave: some never read (their socket
 * buffers are full, so the close frame cannot even be sent), some never answer the close frame,
 * some are in the middle of the HTTP handshake. Close must still return, every well-behaved client
 * must see 1001, every session's onClose must run exactly once, and the port must be free at once.
 */
class WebSocketServerShutdownTest {
  /**
   * The least a slow, shared 2-core machine needs beyond the documented bound (close() returns
   * within about twice the shutdown timeout): the margin is half the bound, and at least this.
   */
  private static final Duration CLOSE_MARGIN = Duration.ofSeconds(1);

  /** The default shutdown timeout, for servers that do not set one. */
  private static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(2);

  private static final Duration WAIT = Duration.ofSeconds(10);

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

  /** Counts onClose per session and remembers the codes; floods sessions on /flood. */
  static final class Counting implements WebSocketEndpoint {
    final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> closeCalls = new ConcurrentHashMap<>();
    final Map<String, Integer> closeCodes = new ConcurrentHashMap<>();
    final String body = "x".repeat(16 * 1024);

    @Override
    public void onOpen(WebSocketSession session) {
      sessions.add(session);
      if (session.path().equals("/flood")) {
        pump(session);
      }
    }

    @Override
    public void onWritable(WebSocketSession session) {
      if (session.path().equals("/flood")) {
        pump(session);
      }
    }

    private void pump(WebSocketSession session) {
      while (session.isOpen() && session.isWritable()) {
        session.send(body);
      }
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      session.send(text);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      closeCalls.computeIfAbsent(session.id(), k -> new AtomicInteger()).incrementAndGet();
      closeCodes.put(session.id(), code);
    }
  }

  private static WebSocketServerConfig.Builder onLoopback(int port) {
    return WebSocketServerConfig.builder()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .eventLoopThreads(2);
  }

  /**
   * Closes on another thread and waits for it to return within twice the shutdown timeout plus half
   * that again (at least {@link #CLOSE_MARGIN}), so a hang or a slow close fails instead of
   * blocking.
   */
  private static void closeAndAwait(WebSocketServer server, Duration shutdownTimeout) {
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Duration bound = shutdownTimeout.multipliedBy(2);
    Duration margin =
        bound.dividedBy(2).compareTo(CLOSE_MARGIN) > 0 ? bound.dividedBy(2) : CLOSE_MARGIN;
    await().atMost(bound.plus(margin)).until(closing::isDone);
    assertThat(closing).isCompletedWithValue(null);
  }

  @ParameterizedTest(name = "shutdown timeout {0} ms")
  @ValueSource(ints = {300, 2000})
  void closeReturnsWithMisbehavingPeersAndThePortIsFreeAtOnce(int shutdownMillis) throws Exception {
    Counting endpoint = new Counting();
    WebSocketServer server =
        track(
            WebSocketServer.builder()
                .config(
                    onLoopback(0)
                        .writeBufferWaterMarks(8 * 1024, 32 * 1024)
                        .shutdownTimeout(Duration.ofMillis(shutdownMillis))
                        .build())
                .endpoint("/e", endpoint)
                .endpoint("/flood", endpoint)
                .start());
    InetSocketAddress address = server.localAddress();

    List<JdkClient> wellBehaved = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      wellBehaved.add(JdkClient.connect(address, "/e"));
    }
    // never read: their receive buffers and the server's queue fill up
    List<RawWebSocket> nonReaders = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RawWebSocket raw = track(RawWebSocket.connect(address, 4 * 1024));
      assertThat(raw.handshake("/flood")).startsWith("HTTP/1.1 101");
      nonReaders.add(raw);
    }
    // read, but never answer the close frame
    RawWebSocket mute = track(RawWebSocket.open(address, "/e"));
    // mid-handshake: connected without a request, and half a request
    RawWebSocket silent = track(RawWebSocket.connect(address, 0));
    RawWebSocket halfway = track(RawWebSocket.connect(address, 0));
    halfway.writeRaw("GET /e HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n");

    await().atMost(WAIT).until(() -> endpoint.sessions.size() == 6);
    await()
        .atMost(WAIT)
        .until(
            () ->
                endpoint.sessions.stream()
                    .filter(s -> s.path().equals("/flood"))
                    .noneMatch(WebSocketSession::isWritable));
    // six sessions, and the two handshakes in progress hold their slots too
    await().atMost(WAIT).until(() -> server.counters().connections() == 8);

    closeAndAwait(server, Duration.ofMillis(shutdownMillis));

    for (JdkClient client : wellBehaved) {
      JdkClient.Closed closed = client.awaitClosed();
      assertThat(closed.code()).isEqualTo(1001);
      assertThat(closed.reason()).isEqualTo("server shutting down");
    }
    assertThat(mute.readUntilClose().closeCode()).isEqualTo(1001);
    assertThat(endOfStream(mute)).isTrue();
    assertThat(endOfStream(silent)).isTrue();
    assertThat(endOfStream(halfway)).isTrue();

    // close() returned only after every onClose ran, once each, with the shutdown status
    assertThat(endpoint.closeCalls).hasSize(6);
    assertThat(endpoint.closeCalls.values()).allMatch(n -> n.get() == 1);
    assertThat(endpoint.closeCodes.values()).containsOnly(1001);
    WebSocketServer.Counters counters = server.counters();
    assertThat(counters.connections()).isZero();
    assertThat(counters.closed(CloseCause.SHUTDOWN)).isEqualTo(6);

    // restart on the same port at once: a new server binds and serves
    Counting again = new Counting();
    WebSocketServer restarted =
        track(
            WebSocketServer.builder()
                .config(onLoopback(address.getPort()).build())
                .endpoint("/e", again)
                .start());
    assertThat(restarted.localAddress()).isEqualTo(address);
    JdkClient client = JdkClient.connect(address, "/e");
    assertThat(client.roundTrip("hello again")).isEqualTo("hello again");
    for (RawWebSocket raw : nonReaders) {
      raw.close();
    }
  }

  /** Reads what is left (frames the server queued) until the server's end of the stream. */
  private static boolean endOfStream(RawWebSocket raw) throws IOException {
    InputStream in = raw.socket().getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int i = 0; i < 100_000; i++) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketException e) {
      return true; // reset: also an end
    }
  }

  @ParameterizedTest(name = "{0} companions")
  @ValueSource(ints = {1, 20})
  void closingTheCiiAndTsEndpointsLeavesNoConnectionsAndARestartServesANewState(int companions)
      throws Exception {
    Cii first = Cii.builder().protocolVersion(Cii.PROTOCOL_VERSION).contentId("dvb://1").build();
    CiiServer cii = new CiiServer(first, EnumSet.noneOf(CiiProperty.class));
    TsServer ts = new TsServer(new SysClock(), "dvb://1");
    WebSocketServer server =
        track(
            WebSocketServer.builder()
                .config(onLoopback(0).build())
                .endpoint(CiiServer.PATH, cii)
                .endpoint(TsServer.PATH, ts)
                .start());
    InetSocketAddress address = server.localAddress();
    List<JdkClient> clients = new ArrayList<>();
    for (int i = 0; i < companions; i++) {
      clients.add(JdkClient.connect(address, CiiServer.PATH));
      clients.add(JdkClient.connect(address, TsServer.PATH));
    }
    await()
        .atMost(WAIT)
        .until(() -> cii.connectionCount() == companions && ts.connectionCount() == companions);

    closeAndAwait(server, DEFAULT_SHUTDOWN);

    for (JdkClient client : clients) {
      assertThat(client.awaitClosed().code()).isEqualTo(1001);
    }
    assertThat(cii.connectionCount()).isZero();
    assertThat(ts.connectionCount()).isZero();
    assertThat(server.counters().connections()).isZero();

    Cii second = Cii.builder().protocolVersion(Cii.PROTOCOL_VERSION).contentId("dvb://2").build();
    CiiServer cii2 = new CiiServer(second, Set.of());
    track(
        WebSocketServer.builder()
            .config(onLoopback(address.getPort()).build())
            .endpoint(CiiServer.PATH, cii2)
            .start());
    JdkClient companion = JdkClient.connect(address, CiiServer.PATH);
    assertThat(companion.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("dvb://2");
  }
}
