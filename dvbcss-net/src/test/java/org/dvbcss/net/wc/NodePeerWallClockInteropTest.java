package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.NodePeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with an implementation nobody here wrote: BBC's {@code dvbcss-protocols} npm
 * package, run by node from {@code interop/node} (installed by {@code npm ci --prefix
 * interop/node}; skipped when absent). Both sides' wall clocks read the machine's monotonic clock,
 * so each side's estimate can be checked against the truth.
 */
class NodePeerWallClockInteropTest {

  @BeforeAll
  static void needsNodeAndThePeers() {
    NodePeers.assumeInstalled();
  }

  @ParameterizedTest(name = "follow-up {0}")
  @ValueSource(booleans = {false, true})
  void theirClientFollowsOurServerWithinItsErrorBound(boolean followUp) throws Exception {
    SysClock wallClock = new SysClock(); // System.nanoTime: CLOCK_MONOTONIC, as node's hrtime
    try (WallClockServer server =
        WallClockServer.start(
            wallClock,
            WallClockServerConfig.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .followUp(followUp)
                .build())) {
      Process node =
          NodePeers.start(
              "wc-client.js", "127.0.0.1", String.valueOf(server.localAddress().getPort()), "2500");
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as(output).isZero();

      assertThat(number(output, "datagrams")).isGreaterThanOrEqualTo(5);
      assertThat(output).contains("\"available\":true");
      double estimate = number(output, "wallClockNanos");
      double truth = number(output, "localNanos");
      double dispersionNanos = number(output, "dispersionSeconds") * 1e9;
      assertThat(dispersionNanos).isLessThan(10e6);
      assertThat(Math.abs(estimate - truth)).as(output).isLessThanOrEqualTo(dispersionNanos);
      assertThat(server.counters().answered()).isGreaterThanOrEqualTo(5);
      assertThat(server.counters().droppedTotal()).isZero();
    }
  }

  @ParameterizedTest(name = "follow-up {0}")
  @ValueSource(booleans = {false, true})
  void ourClientFollowsTheirServerWithinItsErrorBound(boolean followUp) throws Exception {
    Process node = NodePeers.start("wc-server.js", String.valueOf(followUp), "30000");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("listening ");
      int port = Integer.parseInt(line.substring("listening ".length()).trim());

      SysClock local = new SysClock();
      CorrelatedClock wall = new CorrelatedClock(local, 1e9);
      try (WallClockClient client =
          WallClockClient.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
              wall,
              WallClockClientConfig.defaults())) {
        await().atMost(Duration.ofSeconds(15)).until(() -> wall.dispersion() < 0.01);
        // their wall clock is the monotonic clock: the same as our local SysClock
        double dispersionNanos = wall.dispersion() * 1e9;
        double before = local.ticks();
        double estimate = wall.ticks();
        double after = local.ticks();
        assertThat(Math.max(Math.abs(estimate - before), Math.abs(estimate - after)))
            .isLessThanOrEqualTo(dispersionNanos + (after - before));
        assertThat(client.counters().malformed()).isZero();
      }
    } finally {
      node.getOutputStream().close(); // tells the peer to stop
      if (!node.waitFor(10, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertThat(m.find()).as("field %s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
