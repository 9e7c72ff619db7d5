package org.dvbcss.net.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dvbcss.net.raw.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binary messages for an endpoint that accepts them. */
class BinaryMessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<WebSocketServer> servers = new ArrayList<>();

  /** Echoes binary messages reversed, text with a prefix; records stamps. */
  static final class BinaryEcho implements WebSocketEndpoint {
    final Queue<Long> stamps = new ConcurrentLinkedQueue<>();
    final Queue<Boolean> readOnly = new ConcurrentLinkedQueue<>();
    final Queue<WebSocketSession> opened = new ConcurrentLinkedQueue<>();

    @Override
    public void onOpen(WebSocketSession session) {
      opened.add(session);
    }

    @Override
    public boolean acceptsBinary() {
      return true;
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      session.send("t:" + text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data, long receivedNanos) {
      stamps.add(receivedNanos);
      readOnly.add(data.isReadOnly());
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      if (bytes.length == 1 && bytes[0] == 'x') {
        throw new IllegalStateException("endpoint failure on purpose");
      }
      byte[] reversed = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        reversed[i] = bytes[bytes.length - 1 - i];
      }
      session.sendBinary(reversed);
      session.send("after");
    }
  }

  private WebSocketServer start(WebSocketServerConfig.Builder config, WebSocketEndpoint endpoint)
      throws Exception {
    WebSocketServer server =
        WebSocketServer.builder()
            .config(config.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
            .endpoint("/b", endpoint)
            .start();
    servers.add(server);
    return server;
  }

  @AfterEach
  void stop() {
    servers.forEach(WebSocketServer::close);
  }

  @Test
  void binaryMessagesReachTheEndpointStampedAndRepliesKeepTheirOrderWithText() throws Exception {
    BinaryEcho echo = new BinaryEcho();
    WebSocketServer server = start(WebSocketServerConfig.builder(), echo);
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      long before = System.nanoTime();
      client.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
      RawWebSocket.Frame reply = client.read();
      long after = System.nanoTime();
      assertThat(reply.opcode()).isEqualTo(RawWebSocket.BINARY);
      assertThat(reply.payload()).containsExactly(3, 2, 1);
      assertThat(client.read().text()).isEqualTo("after");
      assertThat(echo.stamps)
          .singleElement()
          .satisfies(t -> assertThat(t).isBetween(before, after));
      assertThat(echo.readOnly).containsExactly(true);

      client.sendText("hi");
      assertThat(client.read().text()).isEqualTo("t:hi");
    }
  }

  @Test
  void fragmentedBinaryIsJoinedWithinTheLimitAndClosedWith1009Beyond() throws Exception {
    BinaryEcho echo = new BinaryEcho();
    WebSocketServer server = start(WebSocketServerConfig.builder().maxFrameBytes(8), echo);
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      client.send(RawWebSocket.BINARY, false, new byte[] {1, 2, 3});
      client.send(0, false, new byte[] {4, 5});
      client.send(0, true, new byte[] {6, 7, 8});
      assertThat(client.read().payload()).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
      assertThat(client.read().text()).isEqualTo("after");

      client.send(RawWebSocket.BINARY, false, new byte[] {1, 2, 3, 4, 5});
      client.send(0, true, new byte[] {6, 7, 8, 9});
      assertThat(client.readUntilClose().closeCode()).isEqualTo(1009);
    }
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.TOO_BIG) == 1);
  }

  @Test
  void aTextFrameInsideAFragmentedBinaryMessageIsAProtocolError() throws Exception {
    WebSocketServer server = start(WebSocketServerConfig.builder(), new BinaryEcho());
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      client.send(RawWebSocket.BINARY, false, new byte[] {1});
      client.send(RawWebSocket.TEXT, true, new byte[] {'a'});
      assertThat(client.readUntilClose().closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void binaryFramesCountAgainstTheInboundFrameRate() throws Exception {
    WebSocketServer server =
        start(WebSocketServerConfig.builder().maxInboundFrameRate(1, 3), new BinaryEcho());
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      for (int i = 0; i < 10; i++) {
        client.send(RawWebSocket.BINARY, new byte[] {(byte) i});
      }
      assertThat(client.readUntilClose().closeCode()).isEqualTo(1008);
    }
    await().atMost(WAIT).until(() -> server.counters().closed(CloseCause.RATE_LIMITED) == 1);
  }

  @Test
  void anEndpointThrowingFromOnBinaryClosesWith1011() throws Exception {
    WebSocketServer server = start(WebSocketServerConfig.builder(), new BinaryEcho());
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      client.send(RawWebSocket.BINARY, new byte[] {'x'});
      assertThat(client.readUntilClose().closeCode()).isEqualTo(1011);
    }
  }

  @Test
  void sendBinaryAfterCloseIsDroppedAndTheDefaultSessionCarriesTextOnly() throws Exception {
    BinaryEcho echo = new BinaryEcho();
    WebSocketServer server = start(WebSocketServerConfig.builder(), echo);
    try (RawWebSocket client = RawWebSocket.open(server.localAddress(), "/b")) {
      await().atMost(WAIT).until(() -> !echo.opened.isEmpty());
      WebSocketSession session = echo.opened.peek();
      byte[] data = {9, 8};
      assertThat(session.sendBinary(data)).isTrue();
      data[0] = 0; // copied: the frame already holds its own bytes
      assertThat(client.read().payload()).containsExactly(9, 8);
      session.close(1000, "done");
      assertThat(session.sendBinary(new byte[] {1})).isFalse();
      assertThat(client.readUntilClose().closeCode()).isEqualTo(1000);
    }
    WebSocketSession textOnly =
        new WebSocketSession() {
          @Override
          public String id() {
            return "t";
          }

          @Override
          public String path() {
            return "/t";
          }

          @Override
          public InetSocketAddress localAddress() {
            return new InetSocketAddress(0);
          }

          @Override
          public InetSocketAddress remoteAddress() {
            return new InetSocketAddress(0);
          }

          @Override
          public boolean isWritable() {
            return true;
          }

          @Override
          public long queuedBytes() {
            return 0;
          }

          @Override
          public boolean send(String text) {
            return true;
          }

          @Override
          public void close(int code, String reason) {}

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void attach(Object attachment) {}

          @Override
          public Object attachment() {
            return null;
          }
        };
    assertThatThrownBy(() -> textOnly.sendBinary(new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class);
    WebSocketEndpoint plain = (session, text) -> {};
    assertThat(plain.acceptsBinary()).isFalse();
    plain.onBinary(textOnly, ByteBuffer.allocate(0), 0);
  }
}
