package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.ws.internal.Transports;
import org.dvbcss.net.wsclient.TrustedCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The server on each socket transport that loads here: same behaviour on the wire. */
class WebSocketTransportTest {
  private static final int GREETING_BYTES = 20_000;
  private final List<WebSocketServer> servers = new ArrayList<>();

  static Stream<WebSocketTransport> available() {
    return Arrays.stream(WebSocketTransport.values())
        .filter(t -> t != WebSocketTransport.AUTO && Transports.isAvailable(t));
  }

  /** Echoes every text back. */
  static final class Echo implements WebSocketEndpoint {
    @Override
    public void onText(WebSocketSession session, String text) {
      session.send("echo " + text);
    }
  }

  /**
   * Sends three messages as soon as a session opens, before the 101 response has necessarily left:
   * as CSS-CII sends its first state. The second is {@code size} bytes long.
   */
  static final class Greeter implements WebSocketEndpoint {
    private final int size;

    Greeter(int size) {
      this.size = size;
    }

    @Override
    public void onOpen(WebSocketSession session) {
      session.send("hello 1");
      session.send("hello 2 " + "y".repeat(size));
      session.sendBinary(new byte[] {3});
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      session.send("echo " + text);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(WebSocketServer::close);
  }

  private WebSocketServer start(
      WebSocketTransport t, InetSocketAddress bind, Consumer<WebSocketServerConfig.Builder> more)
      throws Exception {
    WebSocketServerConfig.Builder b =
        WebSocketServerConfig.builder().bind(bind).eventLoopThreads(1).transport(t);
    more.accept(b);
    WebSocketServer server =
        WebSocketServer.builder()
            .config(b.build())
            .endpoint("/e", new Echo())
            .endpoint("/g", new Greeter(GREETING_BYTES))
            .start();
    servers.add(server);
    return server;
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @ParameterizedTest
  @MethodSource("available")
  void roundTripsShutsDownAndRebindsOnEachTransport(WebSocketTransport t) throws Exception {
    WebSocketServer server = start(t, loopback(0), b -> {});
    assertThat(server.transport()).isEqualTo(t);
    JdkClient client = JdkClient.connect(server.localAddress(), "/e");
    assertThat(client.roundTrip("hello")).isEqualTo("echo hello");
    String big = "x".repeat(60_000);
    assertThat(client.roundTrip(big)).isEqualTo("echo " + big);
    int port = server.localAddress().getPort();
    server.close();
    assertThat(client.awaitClosed().code()).isEqualTo(1001);
    assertThat(server.counters().connections()).isZero();

    WebSocketServer again = start(t, loopback(port), b -> {});
    assertThat(again.localAddress().getPort()).isEqualTo(port);
    assertThat(JdkClient.connect(again.localAddress(), "/e").roundTrip("again"))
        .isEqualTo("echo again");
  }

  /**
   * Everything an endpoint sends on opening arrives, whole and in order, on every transport. On
   * io_uring the 101 response's write completes after the session opened, while the HTTP codec is
   * still in the pipeline: the first message was lost there before frames were written past the
   * codec (CSS-CII's first state, sent in {@code onOpen}).
   *
   * <p>Read with {@link RawWebSocket}, which reads exactly the bytes that arrive: the JDK's client
   * (JDK 17) now and then never delivers the second of several messages that arrive with the 101
   * response, from this server and from Node's {@code ws} alike (docs/benchmarks.md, run 6).
   */
  @ParameterizedTest
  @MethodSource("available")
  void everythingSentOnOpeningArrivesInOrderOnEachTransport(WebSocketTransport t) throws Exception {
    WebSocketServer server = start(t, loopback(0), b -> {});
    String second = "hello 2 " + "y".repeat(GREETING_BYTES);
    for (int i = 0; i < 100; i++) {
      try (RawWebSocket ws = RawWebSocket.open(server.localAddress(), "/g")) {
        RawWebSocket.Frame first = ws.read();
        assertThat(first.opcode()).isEqualTo(RawWebSocket.TEXT);
        assertThat(first.text()).as("connection %d on %s", i, t).isEqualTo("hello 1");
        RawWebSocket.Frame next = ws.read();
        assertThat(next.opcode()).isEqualTo(RawWebSocket.TEXT);
        assertThat(next.text()).as("connection %d on %s", i, t).isEqualTo(second);
        RawWebSocket.Frame last = ws.read();
        assertThat(last.opcode()).isEqualTo(RawWebSocket.BINARY);
        assertThat(last.payload()).as("connection %d on %s", i, t).containsExactly(3);
        ws.reset();
      }
    }
  }

  /**
   * A connection whose half request and TCP reset arrive together is closed as lost at once, not
   * held until the idle timeout, on every transport: a flood of such connections would otherwise
   * hold the connection limit's slots. On io_uring without a receive buffer ring, Netty 4.2.18
   * never saw these close (about 9 in 10 of them), so the server reads through a ring there.
   */
  @ParameterizedTest
  @MethodSource("available")
  void aConnectionResetWithItsRequestHalfSentIsClosedAtOnceOnEachTransport(WebSocketTransport t)
      throws Exception {
    WebSocketServer server = start(t, loopback(0), b -> b.idleTimeout(Duration.ofSeconds(60)));
    for (int i = 0; i < 50; i++) {
      RawWebSocket ws = RawWebSocket.connect(server.localAddress(), 0);
      ws.writeRaw(RawWebSocket.requestStart("/e"));
      ws.reset();
      await("connection " + i + " on " + t + " closed")
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.counters().connections() == 0);
    }
    assertThat(server.counters().idleBeforeHandshake()).isZero();
    assertThat(server.counters().badRequests()).isZero();
  }

  @ParameterizedTest
  @MethodSource("available")
  void servesTlsOnEachTransport(WebSocketTransport t) throws Exception {
    Path cert = WebSocketServerTlsTest.cert();
    Path key = WebSocketServerTlsTest.key();
    WebSocketServer server = start(t, loopback(0), b -> b.tls(cert, key));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {TrustedCertificates.fromFile(cert)}, null);
    HttpClient https =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(ssl)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    JdkClient client = new JdkClient();
    client.ws =
        https
            .newWebSocketBuilder()
            .buildAsync(URI.create(server.url("/e")), client)
            .get(5, TimeUnit.SECONDS);
    assertThat(client.roundTrip("secret")).isEqualTo("echo secret");
  }

  @Test
  void autoPicksIoUringElseEpollElseNioAndSaysWhich() throws Exception {
    WebSocketTransport expected =
        Transports.ioUringBufferRing()
            ? WebSocketTransport.IO_URING
            : Transports.isAvailable(WebSocketTransport.EPOLL)
                ? WebSocketTransport.EPOLL
                : WebSocketTransport.NIO;
    assertThat(Transports.automatic()).isEqualTo(expected);
    String forced = System.getProperty(Transports.PROPERTY);
    if (forced != null && !forced.isBlank()) {
      expected = WebSocketTransport.of(forced);
    }
    WebSocketServer server = start(WebSocketTransport.AUTO, loopback(0), b -> {});
    assertThat(server.transport()).isEqualTo(expected);
    assertThat(WebSocketServerConfig.defaults().transport()).isEqualTo(WebSocketTransport.AUTO);
  }

  @Test
  void namesAndUnavailableTransports() throws Exception {
    assertThat(WebSocketTransport.of("io_uring")).isEqualTo(WebSocketTransport.IO_URING);
    assertThat(WebSocketTransport.of("EPOLL")).isEqualTo(WebSocketTransport.EPOLL);
    assertThat(WebSocketTransport.of("nio").label()).isEqualTo("nio");
    assertThatThrownBy(() -> WebSocketTransport.of("kqueue"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Transports.resolve(WebSocketTransport.NIO)).isEqualTo(WebSocketTransport.NIO);
    for (WebSocketTransport t : WebSocketTransport.values()) {
      if (!Transports.isAvailable(t)) {
        assertThatThrownBy(() -> Transports.resolve(t)).hasMessageContaining(t.label());
      }
    }
  }
}
