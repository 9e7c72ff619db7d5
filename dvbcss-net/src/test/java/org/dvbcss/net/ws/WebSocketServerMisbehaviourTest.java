package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dvbcss.net.raw.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two ways a server can be told to misbehave like some TVs, for a TV simulator: refusing
 * requests by closing the connection, and shutting down without close frames. The defaults are
 * covered by {@link WebSocketServerTest}.
 */
class WebSocketServerMisbehaviourTest {
  private final List<WebSocketServer> servers = new ArrayList<>();

  private WebSocketServer start(
      Consumer<WebSocketServerConfig.Builder> config, String path, WebSocketEndpoint endpoint)
      throws IOException {
    WebSocketServerConfig.Builder builder =
        WebSocketServerConfig.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .eventLoopThreads(1);
    config.accept(builder);
    WebSocketServer server =
        WebSocketServer.builder().config(builder.build()).endpoint(path, endpoint).start();
    servers.add(server);
    return server;
  }

  @AfterEach
  void stop() {
    servers.forEach(WebSocketServer::close);
  }

  /** The connection ends with nothing written: no status line, no byte at all. */
  private static void assertClosedWithNothing(RawWebSocket raw, String statusLine)
      throws IOException {
    assertThat(statusLine).as("no HTTP status line").isEmpty();
    assertThat(raw.socket().getInputStream().read()).as("the TCP connection ended").isEqualTo(-1);
  }

  @Test
  void refusingByClosingAnswersEveryRefusalWithATcpCloseAndNoHttpStatus() throws Exception {
    WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("e:");
    WebSocketServer server =
        start(
            b ->
                b.maxConnections(2)
                    .allowedOrigins(List.of("https://app.example"))
                    .refuseByClosing(true),
            "/e",
            echo);
    try (RawWebSocket wrongPath = RawWebSocket.connect(server.localAddress(), 0)) {
      assertClosedWithNothing(wrongPath, wrongPath.handshake("/nope"));
    }
    try (RawWebSocket origin = RawWebSocket.connect(server.localAddress(), 0)) {
      assertClosedWithNothing(origin, origin.handshake("/e", "Origin: https://evil.example"));
    }
    try (RawWebSocket plainGet = RawWebSocket.connect(server.localAddress(), 0)) {
      plainGet.writeRaw("GET /e HTTP/1.1\r\nHost: dvbcss\r\n\r\n");
      assertClosedWithNothing(plainGet, plainGet.readHead());
    }
    try (RawWebSocket good = RawWebSocket.open(server.localAddress(), "/e");
        RawWebSocket second = RawWebSocket.open(server.localAddress(), "/e");
        RawWebSocket overLimit = RawWebSocket.connect(server.localAddress(), 0)) {
      assertClosedWithNothing(overLimit, overLimit.handshake("/e"));
      good.sendText("still here");
      assertThat(good.read().text()).isEqualTo("e:still here");
    }
    WebSocketServer.Counters counters = server.counters();
    assertThat(counters.unknownPath()).isEqualTo(1);
    assertThat(counters.forbiddenOrigin()).isEqualTo(1);
    assertThat(counters.badRequests()).isEqualTo(1);
    assertThat(counters.rejected()).isEqualTo(1);
  }

  @Test
  void shuttingDownWithoutCloseFramesDropsEverySessionAndTellsEndpoints1006() throws Exception {
    WebSocketServerTest.Recorder echo = new WebSocketServerTest.Recorder("e:");
    WebSocketServer server = start(b -> b.shutdownWithoutCloseFrame(true), "/e", echo);
    try (RawWebSocket raw = RawWebSocket.open(server.localAddress(), "/e")) {
      raw.sendText("hello");
      assertThat(raw.read().text()).isEqualTo("e:hello");
      String id = echo.opened.peek().id();

      server.close();

      assertThatThrownBy(
              () -> {
                while (true) {
                  RawWebSocket.Frame frame = raw.read();
                  assertThat(frame.opcode()).as("no close frame").isNotEqualTo(RawWebSocket.CLOSE);
                }
              })
          .as("the TCP connection ends")
          .isInstanceOf(EOFException.class);
      assertThat(echo.closes)
          .containsExactly(id + " 1006 server shutting down, connection dropped");
    }
    assertThat(server.counters().closed(CloseCause.SHUTDOWN)).isEqualTo(1);
    assertThat(server.counters().connections()).isZero();
  }
}
