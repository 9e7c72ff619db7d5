package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.testing.NodePeers;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an implementation nobody here wrote: BBC's {@code dvbcss-protocols} TS
 * client, run by node from {@code interop/node} (skipped when not installed). Our wall clock is
 * {@link System#nanoTime()} and theirs is {@code process.hrtime.bigint()}, both the machine's
 * monotonic clock, so their estimate of the timeline can be checked against the truth.
 */
class NodePeerTsInteropTest {
  private static final String CONTENT = "dvb://233a.1004.1044;363a~20130218T0915Z--PT00H45M";

  @BeforeAll
  static void needsNodeAndThePeers() {
    NodePeers.assumeInstalled();
  }

  @Test
  void theirClientFollowsOurTimelineThroughPauseAndResume() throws Exception {
    SysClock wall = new SysClock();
    TunableClock pts = new TunableClock(wall, 90_000, 123_456_789);
    CorrelatedClock temi = new CorrelatedClock(pts, 1000, new Correlation(0, 0));
    TsServer ts = new TsServer(wall, CONTENT);
    ts.attach(new ClockTimelineSource("urn:dvb:css:timeline:pts", wall, pts));
    ts.attach(new ClockTimelineSource("urn:dvb:css:timeline:temi:1:1", wall, temi));
    try (WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint(TsServer.PATH, ts)
            .start()) {
      String url = "ws://127.0.0.1:" + server.localAddress().getPort() + TsServer.PATH;
      Process ptsPeer = node(url, "dvb://233a", "urn:dvb:css:timeline:pts", "90000");
      Process temiPeer = node(url, "", "urn:dvb:css:timeline:temi:1:1", "1000");
      await().atMost(Duration.ofSeconds(20)).until(() -> ts.counters().setups() == 2);
      Thread.sleep(300);
      pts.setSpeed(0);
      Thread.sleep(500);
      pts.setSpeed(1);

      for (Process peer : new Process[] {ptsPeer, temiPeer}) {
        String output = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(peer.exitValue()).as(output).isZero();
        boolean isPts = peer == ptsPeer;
        CorrelatedClock timeline = isPts ? pts : temi;
        assertThat(number(output, "messages")).as(output).isEqualTo(3);
        assertThat(output).contains("\"event\":\"available\"").contains("\"available\":true");
        assertThat(output).contains("\\\"timelineSpeedMultiplier\\\":0.0");
        double estimate = number(output, "timelineTicks");
        double truth = wall.toOtherClockTicks(timeline, number(output, "localNanos"));
        assertThat(Math.abs(estimate - truth) / timeline.tickRate())
            .as("their timeline position error, seconds; %s", output)
            .isLessThan(0.005);
      }
      assertThat(ts.counters().setups()).isEqualTo(2);
    }
  }

  private static Process node(String url, String stem, String selector, String tickRate)
      throws IOException {
    return NodePeers.start("ts-client.js", url, stem, selector, tickRate, "5000");
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+-]+)").matcher(json);
    assertThat(m.find()).as("field %s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
