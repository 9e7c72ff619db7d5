package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketServerOriginTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("echo:");
  private WebSocketServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .eventLoopThreads(1)
                    .allowedOrigins(List.of("https://app.example.com", "http://localhost:8080"))
                    .build())
            .endpoint("/echo", echo)
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String handshake(String... headers) throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0)) {
      return raw.handshake("/echo", headers);
    }
  }

  @Test
  void aListedOriginInAnySpellingOpens() throws Exception {
    assertThat(handshake("Origin: https://app.example.com")).startsWith("HTTP/1.1 101");
    assertThat(handshake("Origin: HTTPS://App.Example.com:443")).startsWith("HTTP/1.1 101");
    assertThat(handshake("origin: http://localhost:8080")).startsWith("HTTP/1.1 101");
    await().atMost(WAIT).until(() -> server.counters().accepted() == 3);
    assertThat(server.counters().forbiddenOrigin()).isZero();
  }

  @Test
  void noOriginHeaderOpens() throws Exception {
    assertThat(handshake()).startsWith("HTTP/1.1 101");
    assertThat(server.counters().forbiddenOrigin()).isZero();
  }

  @Test
  void anUnlistedNullOrDuplicatedOriginGets403AndIsCounted() throws Exception {
    List<String[]> refused =
        List.of(
            new String[] {"Origin: https://evil.example.com"},
            new String[] {"Origin: http://app.example.com"},
            new String[] {"Origin: https://app.example.com:8443"},
            new String[] {"Origin: http://localhost"},
            new String[] {"Origin: null"},
            new String[] {"Origin: "},
            new String[] {"Origin: not an origin"},
            new String[] {"Sec-WebSocket-Origin: https://evil.example.com"},
            new String[] {"Origin: https://app.example.com", "Origin: https://evil.example.com"});
    for (String[] headers : refused) {
      try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), 0)) {
        String status = raw.handshake("/echo", headers);
        assertThat(status).as(String.join(" | ", headers)).startsWith("HTTP/1.1 403");
        assertThat(raw.socket().getInputStream().readAllBytes())
            .asString()
            .isEqualTo("Forbidden. Origin not allowed.\n");
      }
    }
    assertThat(server.counters().forbiddenOrigin()).isEqualTo(refused.size());
    assertThat(server.counters().accepted()).isZero();
    assertThat(echo.opened).isEmpty();
    await().atMost(WAIT).until(() -> server.counters().connections() == 0);

    // the server keeps serving listed origins
    assertThat(handshake("Origin: https://app.example.com")).startsWith("HTTP/1.1 101");
  }

  @Test
  void theJdkClientWithAnOriginHeaderIsRefusedOrServed() throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/echo");
    JdkClient refused = new JdkClient();
    assertThatThrownBy(
            () ->
                JdkClient.HTTP
                    .newWebSocketBuilder()
                    .header("Origin", "https://evil.example.com")
                    .buildAsync(uri, refused)
                    .get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

    JdkClient served = new JdkClient();
    served.ws =
        JdkClient.HTTP
            .newWebSocketBuilder()
            .header("Origin", "https://app.example.com")
            .buildAsync(uri, served)
            .get(5, TimeUnit.SECONDS);
    assertThat(served.roundTrip("hi")).isEqualTo("echo:hi");
    assertThat(server.counters().forbiddenOrigin()).isEqualTo(1);
    served.ws.abort();
  }

  @Test
  void ourOwnClientSendsNoOriginAndIsServed() throws Exception {
    LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    try (WebSocketClient client =
        WebSocketClient.builder(
                URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/echo"),
                texts::add)
            .start()) {
      await().atMost(WAIT).until(client::isOpen);
      assertThat(client.send("native")).isTrue();
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:native");
    }
    assertThat(server.counters().forbiddenOrigin()).isZero();
  }

  @Test
  void withoutAListEveryOriginIsAllowed() throws Exception {
    try (WebSocketServer open =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .eventLoopThreads(1)
                        .build())
                .endpoint("/echo", echo)
                .start();
        RawWebSocket raw = RawWebSocket.connect(open.localAddress(), 0)) {
      assertThat(raw.handshake("/echo", "Origin: null")).startsWith("HTTP/1.1 101");
      assertThat(open.counters().forbiddenOrigin()).isZero();
    }
  }

  @Test
  void theBuilderRefusesWhatIsNotAnOrigin() {
    assertThatThrownBy(
            () ->
                WebSocketServerConfig.builder().allowedOrigins(List.of("https://app.example.com/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://app.example.com/");
  }
}
