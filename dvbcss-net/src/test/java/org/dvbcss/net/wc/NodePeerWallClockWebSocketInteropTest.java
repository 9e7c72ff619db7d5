package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.NodePeers;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSS-WC over WebSocket with an implementation nobody here wrote: the binary WebSocket wall clock
 * client of BBC's {@code dvbcss-protocols} ({@code createBinaryWebSocketClient}, the one browser
 * companions use), run by node from {@code interop/node} against our {@code /wc} endpoint. Both
 * sides' wall clocks read the machine's monotonic clock, so the client's estimate can be checked
 * against the truth.
 */
class NodePeerWallClockWebSocketInteropTest {

  @BeforeAll
  static void needsNodeAndThePeers() {
    NodePeers.assumeInstalled();
  }

  @ParameterizedTest(name = "follow-up {0}")
  @ValueSource(booleans = {false, true})
  void theirWebSocketClientFollowsOurEndpointWithinItsErrorBound(boolean followUp)
      throws Exception {
    SysClock wallClock = new SysClock(); // System.nanoTime: CLOCK_MONOTONIC, as node's hrtime
    WallClockWebSocketEndpoint endpoint =
        new WallClockWebSocketEndpoint(
            wallClock, WallClockServerConfig.builder().followUp(followUp).build());
    try (WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint(WallClockWebSocketEndpoint.PATH, endpoint)
            .start()) {
      Process node =
          NodePeers.start("wc-ws-client.js", server.url(WallClockWebSocketEndpoint.PATH), "2500");
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as(output).isZero();

      assertThat(number(output, "messages")).isGreaterThanOrEqualTo(5);
      assertThat(number(output, "textMessages")).isZero();
      assertThat(output).contains("\"available\":true");
      double estimate = number(output, "wallClockNanos");
      double truth = number(output, "localNanos");
      double dispersionNanos = number(output, "dispersionSeconds") * 1e9;
      assertThat(dispersionNanos).isLessThan(10e6);
      assertThat(Math.abs(estimate - truth)).as(output).isLessThanOrEqualTo(dispersionNanos);
      WallClockWebSocketEndpoint.Counters counters = endpoint.counters();
      assertThat(counters.answered()).isGreaterThanOrEqualTo(5);
      assertThat(counters.droppedTotal()).isZero();
      assertThat(counters.textRefused()).isZero();
      assertThat(counters.sessionsOpened()).isEqualTo(1);
    }
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertThat(m.find()).as("field %s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
