package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real CSS-TS server restarted on the same port with another timeline position: the companion's
 * controller loses the timeline on disconnect, reconnects with backoff, sends its setup data again
 * and follows the new correlation. TV and companion share one hand-driven wall clock, so positions
 * compare exactly.
 */
class TsRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONTENT = "dvb://233a.1004.1044";
  private static final String SELECTOR = "urn:dvb:css:timeline:temi:1:1";
  private static final SetupData SETUP = new SetupData("dvb://233a", SELECTOR, Presence.absent());

  private final ManualTimeSource time = new ManualTimeSource(7_000_000_000_000L);
  private final SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
  private final CorrelatedClock wall = new CorrelatedClock(sys, 1e9);
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

  /** A TV whose timeline is at {@code position} ticks (1 kHz) now, playing. */
  private WebSocketServer tv(TsServer ts, double position, int port) throws IOException {
    CorrelatedClock timeline =
        new CorrelatedClock(wall, 1000, new Correlation(wall.ticks(), position));
    ts.attach(new ClockTimelineSource(SELECTOR, wall, timeline));
    return track(
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .build())
            .endpoint(TsServer.PATH, ts)
            .start());
  }

  @Test
  void theTimelineIsLostOnDisconnectAndFollowsTheRestartedTvsNewCorrelation() throws Exception {
    TsServer first = new TsServer(wall, CONTENT);
    WebSocketServer server = tv(first, 5_000, 0);
    int port = server.localAddress().getPort();
    CorrelatedClock timeline = new CorrelatedClock(wall, 1000);
    TsClockControllerTest.Events events = new TsClockControllerTest.Events();
    TsClockController controller =
        track(
            TsClockController.builder(timeline)
                .listener(events)
                .start(
                    URI.create("ws://127.0.0.1:" + port + TsServer.PATH),
                    SETUP,
                    WebSocketClientConfig.builder()
                        .reconnect(
                            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2))
                        .build(),
                    List.of()));
    await().atMost(WAIT).until(timeline::isAvailable);
    assertThat(timeline.ticks()).isCloseTo(5_000, within(1.0));
    assertThat(first.selectorsInUse()).containsEntry(SELECTOR, 1);

    server.close();
    await().atMost(WAIT).until(() -> !timeline.isAvailable());
    await().atMost(WAIT).until(() -> events.list.contains("disconnected"));
    assertThat(events.list)
        .containsSubsequence("connected", "available", "unavailable", "disconnected");

    time.advanceSeconds(2);
    TsServer second = new TsServer(wall, CONTENT);
    tv(second, 900_000, port);
    await().atMost(WAIT).until(timeline::isAvailable);
    assertThat(timeline.ticks()).isCloseTo(900_000, within(1.0));
    time.advanceSeconds(1);
    assertThat(timeline.ticks()).isCloseTo(901_000, within(1.0));
    // the restarted TV got the same setup data: it serves the same selector to this companion
    assertThat(second.selectorsInUse()).containsEntry(SELECTOR, 1);
    assertThat(second.counters().setups()).isEqualTo(1);
    assertThat(Objects.requireNonNull(controller.client()).counters().connects()).isEqualTo(2);
    assertThat(events.list.subList(events.list.lastIndexOf("disconnected"), events.list.size()))
        .containsSubsequence("connected", "available");
  }
}
