package org.dvbcss.net.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.dvbcss.net.raw.RawWebSocket;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.cii.Cii;
import org.junit.jupiter.api.Test;

/**
 * A companion that stops reading gets the latest state when it resumes, not every change queued.
 */
class CiiSlowCompanionTest {

  private static Cii change(int n) {
    String padding = "x".repeat(8 * 1024); // each change differs in it, so each message is 8 KiB
    return Cii.builder()
        .contentId("dvb://content/" + n)
        .privateData(
            List.of(
                PrivateData.fromJson(
                    "{\"type\":\"urn:test:pad\",\"n\":" + n + ",\"pad\":\"" + padding + "\"}")))
        .build();
  }

  @Test
  void aStalledCompanionIsBroughtToTheLatestStateWithoutAQueueOfEveryChange() throws Exception {
    CiiServer cii = new CiiServer();
    try (WebSocketServer server =
            WebSocketServer.builder()
                .config(
                    WebSocketServerConfig.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .writeBufferWaterMarks(8 * 1024, 32 * 1024)
                        .build())
                .endpoint(CiiServer.PATH, cii)
                .start();
        RawWebSocket slow = RawWebSocket.connect(server.localAddress(), 8 * 1024)) {
      assertThat(slow.handshake(CiiServer.PATH)).startsWith("HTTP/1.1 101");
      await().atMost(Duration.ofSeconds(10)).until(() -> cii.connectionCount() == 1);

      int changes = 1000; // 8 MiB of changes: far more than the socket buffers and water marks hold
      for (int n = 1; n <= changes; n++) {
        cii.update(change(n));
      }
      long sentWhileStalled = cii.messagesSent();
      assertThat(sentWhileStalled)
          .as("the server stopped sending to the stalled companion")
          .isLessThan(changes);

      Cii mirror = Cii.empty();
      int received = 0;
      while (!mirror.contentId().isPresent()
          || !mirror.contentId().value().equals("dvb://content/" + changes)) {
        RawWebSocket.Frame frame = slow.read();
        if (frame.opcode() == 1) {
          mirror = Cii.update(mirror, Cii.decode(frame.text()));
          received++;
        }
      }
      assertThat(received).as("messages received").isLessThan(changes + 1);
      assertThat(mirror.contentId().value()).isEqualTo("dvb://content/" + changes);
      assertThat(mirror.protocolVersion().value()).isEqualTo("1.1");
    }
  }
}
