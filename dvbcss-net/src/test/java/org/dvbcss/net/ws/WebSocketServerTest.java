package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dvbcss.net.raw.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketServerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<WebSocketServer> servers = new ArrayList<>();

  /** Echoes "prefix + text"; records opens and closes; throws on "boom". */
  static final class Recorder implements WebSocketEndpoint {
    final String prefix;
    final Queue<WebSocketSession> opened = new ConcurrentLinkedQueue<>();
    final Queue<String> closes = new ConcurrentLinkedQueue<>();

    Recorder(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void onOpen(WebSocketSession session) {
      opened.add(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      if (text.equals("boom")) {
        throw new IllegalStateException("endpoint failure on purpose");
      }
      session.send(prefix + text);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      closes.add(session.id() + " " + code + " " + reason);
    }
  }

  private WebSocketServer start(
      Consumer<WebSocketServerConfig.Builder> config, String path, WebSocketEndpoint endpoint)
      throws IOException {
    return start(config, Map.of(path, endpoint));
  }

  private WebSocketServer start(
      Consumer<WebSocketServerConfig.Builder> config, Map<String, WebSocketEndpoint> endpoints)
      throws IOException {
    WebSocketServerConfig.Builder builder =
        WebSocketServerConfig.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .eventLoopThreads(2);
    config.accept(builder);
    WebSocketServer.Builder server = WebSocketServer.builder().config(builder.build());
    endpoints.forEach(server::endpoint);
    WebSocketServer started = server.start();
    servers.add(started);
    return started;
  }

  @AfterEach
  void stop() {
    servers.forEach(WebSocketServer::close);
  }

  @Test
  void echoRoundTripWithTheJdkClient() throws Exception {
    Recorder echo = new Recorder("echo:");
    WebSocketServer server = start(b -> {}, "/echo", echo);
    JdkClient client = JdkClient.connect(server.localAddress(), "/echo?x=1");

    assertThat(client.roundTrip("hello")).isEqualTo("echo:hello");
    assertThat(client.roundTrip("€ and 😀")).isEqualTo("echo:€ and 😀");
    WebSocketSession session = echo.opened.peek();
    assertThat(session.path()).isEqualTo("/echo");
    assertThat(session.id()).startsWith("echo-");
    assertThat(session.isOpen()).isTrue();
    assertThat(session.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
    session.attach("state");
    assertThat(session.attachment()).isEqualTo("state");

    client.ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    assertThat(client.awaitClosed().code()).isEqualTo(1000);
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
    assertThat(echo.closes).containsExactly(session.id() + " 1000 bye");
    assertThat(session.isOpen()).isFalse();
    assertThat(session.send("late")).isFalse();
    WebSocketServer.Counters counters = server.counters();
    assertThat(counters.accepted()).isEqualTo(1);
    assertThat(counters.closed(CloseCause.CLIENT)).isEqualTo(1);
  }

  @Test
  void twoEndpointsShareOnePortRoutedByPath() throws Exception {
    Recorder a = new Recorder("a:");
    Recorder b = new Recorder("b:");
    WebSocketServer server = start(x -> {}, Map.of("/cii", a, "/ts", b));
    JdkClient toA = JdkClient.connect(server.localAddress(), "/cii");
    JdkClient toB = JdkClient.connect(server.localAddress(), "/ts");

    assertThat(toA.roundTrip("1")).isEqualTo("a:1");
    assertThat(toB.roundTrip("2")).isEqualTo("b:2");
    assertThat(a.opened).hasSize(1);
    assertThat(b.opened).hasSize(1);
    assertThat(a.opened.peek().id()).startsWith("cii-");
    assertThat(b.opened.peek().id()).startsWith("ts-");
    assertThat(server.counters().connections()).isEqualTo(2);
  }

  @Test
  void unknownPathGets404() throws Exception {
    WebSocketServer server = start(b -> {}, "/cii", new Recorder(""));
    JdkClient client = new JdkClient();

    assertThatThrownBy(() -> JdkClient.connectAsync(server.localAddress(), "/nope", client).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    assertThat(server.counters().unknownPath()).isEqualTo(1);
    // the client can read the 404 before the server has finished closing its side
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
  }

  @Test
  void plainHttpOnAKnownPathIsRefusedWithAShortText() throws Exception {
    WebSocketServer server = start(b -> {}, "/cii", new Recorder(""));
    URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/cii");

    HttpResponse<String> get =
        JdkClient.HTTP.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> post =
        JdkClient.HTTP.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(426);
    assertThat(get.body()).startsWith("Upgrade required.");
    assertThat(get.headers().firstValue("upgrade")).contains("websocket");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(server.counters().badRequests()).isEqualTo(2);
  }

  @Test
  void garbageInsteadOfHttpGets400() throws Exception {
    WebSocketServer server = start(b -> {}, "/cii", new Recorder(""));
    try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0)) {
      raw.writeRaw("\u0001\u0002 nonsense nonsense nonsense\r\n\r\n");
      assertThat(raw.readHead()).startsWith("HTTP/1.1 400");
    }
    assertThat(server.counters().badRequests()).isEqualTo(1);
  }

  @Test
  void overTheConnectionLimitGets503WhileOthersKeepWorking() throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server = start(b -> b.maxConnections(2), "/e", echo);
    JdkClient one = JdkClient.connect(server.localAddress(), "/e");
    JdkClient two = JdkClient.connect(server.localAddress(), "/e");

    assertThatThrownBy(
            () -> JdkClient.connectAsync(server.localAddress(), "/e", new JdkClient()).get())
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
    assertThat(one.roundTrip("1")).isEqualTo("e:1");
    assertThat(two.roundTrip("2")).isEqualTo("e:2");
    assertThat(server.counters().rejected()).isEqualTo(1);

    one.ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> server.counters().connections() == 1);
    JdkClient three = JdkClient.connect(server.localAddress(), "/e");
    assertThat(three.roundTrip("3")).isEqualTo("e:3");
    assertThat(server.counters().connections()).isEqualTo(2);
    assertThat(server.counters().accepted()).isEqualTo(3);
  }

  @Test
  void oversizeFrameOrMessageClosesWith1009AndOthersAreUnaffected() throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server = start(b -> b.maxFrameBytes(1000), "/e", echo);
    JdkClient good = JdkClient.connect(server.localAddress(), "/e");
    JdkClient bigFrame = JdkClient.connect(server.localAddress(), "/e");
    JdkClient bigMessage = JdkClient.connect(server.localAddress(), "/e");

    assertThat(good.roundTrip("x".repeat(1000))).hasSize(1002);
    bigFrame.ws.sendText("x".repeat(1001), true);
    assertThat(bigFrame.awaitClosed().code()).isEqualTo(1009);
    bigMessage.ws.sendText("y".repeat(600), false).get(5, TimeUnit.SECONDS);
    bigMessage.ws.sendText("y".repeat(600), true);
    assertThat(bigMessage.awaitClosed().code()).isEqualTo(1009);

    assertThat(good.roundTrip("still here")).isEqualTo("e:still here");
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.TOO_BIG) == 2);
    assertThat(echo.closes).hasSize(2).allMatch(c -> c.contains(" 1009 "));
  }

  @Test
  void fragmentedTextWithinTheLimitIsJoined() throws Exception {
    WebSocketServer server = start(b -> b.maxFrameBytes(1000), "/e", new Recorder("e:"));
    JdkClient client = JdkClient.connect(server.localAddress(), "/e");
    client.ws.sendText("ab", false).get(5, TimeUnit.SECONDS);
    client.ws.sendText("cd", false).get(5, TimeUnit.SECONDS);
    client.ws.sendText("ef", true).get(5, TimeUnit.SECONDS);
    assertThat(client.next()).isEqualTo("e:abcdef");
  }

  @Test
  void binaryFrameClosesWith1003() throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server = start(b -> {}, "/e", echo);
    JdkClient client = JdkClient.connect(server.localAddress(), "/e");

    client.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);

    assertThat(client.awaitClosed().code()).isEqualTo(1003);
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.BINARY) == 1);
    assertThat(echo.closes).singleElement().asString().contains(" 1003 ");
  }

  @Test
  void silentClientIsClosedWith1001AfterTheIdleTimeoutWhileAPingAnsweringOneStays()
      throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server =
        start(
            b -> b.idleTimeout(Duration.ofMillis(300)).pingInterval(Duration.ofMillis(100)),
            "/e",
            echo);
    JdkClient answersPings = JdkClient.connect(server.localAddress(), "/e");

    try (RawWebSocket silent = RawWebSocket.open(server.localAddress(), "/e")) {
      List<Integer> opcodes = new ArrayList<>();
      RawWebSocket.Frame frame;
      do {
        frame = silent.read();
        opcodes.add(frame.opcode());
      } while (frame.opcode() != 8);
      assertThat(frame.closeCode()).isEqualTo(1001);
      assertThat(frame.text()).endsWith("idle timeout");
      assertThat(opcodes).contains(9); // it was pinged first
    }
    // more than the idle timeout has passed for the JDK client too: its pongs kept it open
    assertThat(answersPings.roundTrip("alive")).isEqualTo("e:alive");
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.IDLE) == 1);
    assertThat(echo.closes).singleElement().asString().contains(" 1001 idle timeout");
  }

  @Test
  void silentTcpConnectionBeforeTheHandshakeIsClosedAfterTheIdleTimeout() throws Exception {
    WebSocketServer server =
        start(b -> b.idleTimeout(Duration.ofMillis(200)), "/e", new Recorder(""));
    try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0)) {
      assertThat(raw.socket().getInputStream().read()).isEqualTo(-1);
    }
    await().atMost(WAIT).until(() -> server.counters().idleBeforeHandshake() == 1);
  }

  @Test
  void closingTheServerSends1001ToEveryClientAndCallsOnCloseOnceEach() throws Exception {
    Recorder a = new Recorder("a:");
    Recorder b = new Recorder("b:");
    WebSocketServer server = start(x -> {}, Map.of("/a", a, "/b", b));
    List<JdkClient> clients = new ArrayList<>();
    for (String path : List.of("/a", "/a", "/b")) {
      clients.add(JdkClient.connect(server.localAddress(), path));
    }
    RawWebSocket raw = RawWebSocket.open(server.localAddress(), "/b");

    server.close();
    server.close(); // idempotent

    for (JdkClient client : clients) {
      JdkClient.Closed closed = client.awaitClosed();
      assertThat(closed.code()).isEqualTo(1001);
      assertThat(closed.reason()).isEqualTo("server shutting down");
    }
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1001);
    raw.close();
    // close() returned only after every onClose ran
    assertThat(a.closes).hasSize(2).allMatch(c -> c.endsWith(" 1001 server shutting down"));
    assertThat(b.closes)
        .as("%s %s", b.opened, server.counters())
        .hasSize(2)
        .allMatch(c -> c.endsWith(" 1001 server shutting down"));
    assertThat(a.closes).doesNotHaveDuplicates();
    assertThat(server.counters().closed(CloseCause.SHUTDOWN)).isEqualTo(4);
    assertThat(server.counters().connections()).isZero();
  }

  @Test
  void anEndpointThatThrowsClosesOnlyItsConnectionWith1011() throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server = start(b -> {}, "/e", echo);
    JdkClient bad = JdkClient.connect(server.localAddress(), "/e");
    JdkClient good = JdkClient.connect(server.localAddress(), "/e");

    bad.send("boom");

    assertThat(bad.awaitClosed().code()).isEqualTo(1011);
    assertThat(good.roundTrip("fine")).isEqualTo("e:fine");
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.ENDPOINT_ERROR) == 1);
    assertThat(server.counters().endpointErrors()).isEqualTo(1);
  }

  @Test
  void abruptDisconnectStillCallsOnCloseOnce() throws Exception {
    Recorder echo = new Recorder("e:");
    WebSocketServer server = start(b -> {}, "/e", echo);
    RawWebSocket raw = RawWebSocket.open(server.localAddress(), "/e");
    raw.sendText("hi");
    assertThat(raw.read().text()).isEqualTo("e:hi");

    raw.socket().setSoLinger(true, 0); // reset, no close frame
    raw.close();

    await().atMost(WAIT).until(() -> echo.closes.size() == 1);
    assertThat(echo.closes.peek()).endsWith(" 1006 connection lost");
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
    assertThat(server.counters().closed(CloseCause.CONNECTION_LOST)).isEqualTo(1);
  }

  /** Sends numbered big messages only while writable; resumes in onWritable. */
  static final class Flood implements WebSocketEndpoint {
    final int total;
    final String body;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger writableCalls = new AtomicInteger();
    final AtomicLong maxQueued = new AtomicLong();
    volatile boolean paused;

    Flood(int total, int bytes) {
      this.total = total;
      this.body = "x".repeat(bytes);
    }

    @Override
    public void onOpen(WebSocketSession session) {
      pump(session);
    }

    @Override
    public void onWritable(WebSocketSession session) {
      writableCalls.incrementAndGet();
      pump(session);
    }

    private void pump(WebSocketSession session) {
      while (sent.get() < total && session.isWritable()) {
        session.send(String.format("%06d", sent.getAndIncrement()) + body);
        maxQueued.accumulateAndGet(session.queuedBytes(), Math::max);
      }
      paused = sent.get() < total;
    }

    @Override
    public void onText(WebSocketSession session, String text) {}
  }

  @Test
  void aSlowReaderHoldsAtMostTheHighWaterMarkPlusOneMessage() throws Exception {
    int high = 32 * 1024;
    int messageBytes = 16 * 1024;
    Flood flood = new Flood(1000, messageBytes);
    Recorder echo = new Recorder("e:");
    WebSocketServer server =
        start(b -> b.writeBufferWaterMarks(8 * 1024, high), Map.of("/flood", flood, "/e", echo));
    JdkClient other = JdkClient.connect(server.localAddress(), "/e");

    try (RawWebSocket slow = RawWebSocket.connect(server.localAddress(), 8 * 1024)) {
      assertThat(slow.handshake("/flood")).startsWith("HTTP/1.1 101");
      // not reading: the kernel buffers fill, then the server's queue passes the high mark
      await().atMost(WAIT).until(() -> flood.paused);
      int sentWhilePaused = flood.sent.get();
      assertThat(sentWhilePaused).isLessThan(flood.total);
      assertThat(flood.maxQueued.get()).isLessThanOrEqualTo(high + messageBytes + 16);
      assertThat(other.roundTrip("meanwhile")).isEqualTo("e:meanwhile");

      for (int i = 0; i < flood.total; i++) {
        RawWebSocket.Frame frame = slow.read();
        assertThat(frame.opcode()).isEqualTo(1);
        assertThat(frame.text()).startsWith(String.format("%06d", i));
      }
    }
    assertThat(flood.sent.get()).isEqualTo(flood.total);
    assertThat(flood.writableCalls.get()).isPositive();
    assertThat(flood.maxQueued.get()).isLessThanOrEqualTo(high + messageBytes + 16);
    other.ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);
  }

  @Test
  void sessionLocalAddressIsTheAddressTheClientDialled() throws Exception {
    List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();
    WebSocketEndpoint endpoint =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            sessions.add(session);
          }

          @Override
          public void onText(WebSocketSession session, String text) {}
        };
    InetAddress anyV4 = InetAddress.getByName("0.0.0.0");
    InetAddress wildcard = InetAddress.getByName("::");
    WebSocketServer v4 = start(b -> b.bind(new InetSocketAddress(anyV4, 0)), "/e", endpoint);
    InetSocketAddress dialled =
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), v4.localAddress().getPort());
    JdkClient.connect(dialled, "/e");
    await().atMost(WAIT).until(() -> sessions.size() == 1);
    assertThat(sessions.get(0).localAddress()).isEqualTo(dialled);

    if (!ipv6LoopbackAvailable()) {
      return;
    }
    WebSocketServer dual = start(b -> b.bind(new InetSocketAddress(wildcard, 0)), "/e", endpoint);
    int port = dual.localAddress().getPort();
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), port);
    InetSocketAddress v4mapped = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    JdkClient.connect(v6, "/e");
    JdkClient.connect(v4mapped, "/e");
    await().atMost(WAIT).until(() -> sessions.size() == 3);
    assertThat(sessions.get(1).localAddress()).isEqualTo(v6);
    assertThat(sessions.get(2).localAddress()).isEqualTo(v4mapped);
  }

  private static boolean ipv6LoopbackAvailable() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void bindingATakenPortThrowsIOException() throws Exception {
    WebSocketServer first = start(b -> {}, "/e", new Recorder(""));
    assertThatThrownBy(
            () ->
                WebSocketServer.builder()
                    .config(WebSocketServerConfig.builder().bind(first.localAddress()).build())
                    .endpoint("/e", new Recorder(""))
                    .start())
        .isInstanceOf(IOException.class);
  }

  @Test
  void builderRejectsBadSettings() {
    WebSocketServer.Builder s = WebSocketServer.builder();
    assertThatThrownBy(() -> s.endpoint("cii", new Recorder("")))
        .isInstanceOf(IllegalArgumentException.class);
    s.endpoint("/cii", new Recorder(""));
    assertThatThrownBy(() -> s.endpoint("/cii", new Recorder("")))
        .isInstanceOf(IllegalArgumentException.class);
    WebSocketServerConfig.Builder b = WebSocketServerConfig.builder();
    assertThatThrownBy(() -> b.maxConnections(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxFrameBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.writeBufferWaterMarks(10, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.idleTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.eventLoopThreads(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
