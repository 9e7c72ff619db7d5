package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CSS-TS client and clock controller on loopback, against a scripted test endpoint. */
class TsClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SetupData SETUP = new SetupData("dvb://233a", "urn:dvb:css:timeline:pts");

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScriptedTsEndpoint tv = new ScriptedTsEndpoint();

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

  /** Records what a TsClient tells its listener. */
  static final class Recorder implements TsClient.Listener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ControlTimestamp> cts = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void connected() {
      events.add("connected");
    }

    @Override
    public void disconnected(int code, String reason, boolean willReconnect) {
      events.add("disconnected " + code + " " + willReconnect);
    }

    @Override
    public void controlTimestamp(ControlTimestamp ct) {
      cts.add(ct);
    }

    @Override
    public void protocolError(String text, ProtocolException error) {
      errors.add(text);
    }
  }

  @Test
  void sendsSetupDataFirstAndAgainAfterReconnecting() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    SetupData setup =
        new SetupData(
            "dvb://233a.1004",
            "urn:dvb:css:timeline:temi:1:1",
            Presence.of(List.of(PrivateData.fromJson("{\"type\":\"urn:example:x\",\"n\":1}"))));
    Recorder rec = new Recorder();
    TsClient client =
        track(
            TsClient.builder(ScriptedTsEndpoint.url(server), setup)
                .listener(rec)
                .webSocket(
                    WebSocketClientConfig.builder()
                        .reconnect(
                            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2))
                        .build())
                .start());
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    assertThat(SetupData.decode(tv.firstMessages().get(0))).isEqualTo(setup);
    await().atMost(WAIT).until(client::isConnected);

    AptEptLpt timing =
        new AptEptLpt(
            Presence.of(Timestamp.of(10, 20)),
            Timestamp.minusInfinity(10),
            Timestamp.plusInfinity(10));
    assertThat(client.send(timing)).isTrue();
    await().atMost(WAIT).until(() -> tv.laterMessages().size() == 1);
    assertThat(AptEptLpt.decode(tv.laterMessages().get(0))).isEqualTo(timing);

    tv.closeAll(1001, "going away");
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 2);
    assertThat(SetupData.decode(tv.firstMessages().get(1))).isEqualTo(setup);
    await().atMost(WAIT).until(() -> rec.events.size() == 3);
    assertThat(rec.events).containsExactly("connected", "disconnected 1001 true", "connected");
    assertThat(client.counters().connects()).isEqualTo(2);
    assertThat(client.counters().timingReportsSent()).isEqualTo(1);
  }

  @Test
  void sendReturnsFalseWhenNotConnected() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    int port = server.localAddress().getPort();
    server.close();
    Recorder rec = new Recorder();
    TsClient client =
        track(
            TsClient.builder(java.net.URI.create("ws://127.0.0.1:" + port + "/ts"), SETUP)
                .listener(rec)
                .start());
    assertThat(client.isConnected()).isFalse();
    assertThat(
            client.send(
                new AptEptLpt(
                    Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))))
        .isFalse();
    assertThat(client.counters().timingReportsSent()).isZero();
  }

  @Test
  void invalidMessagesAreCountedAndTheConnectionKept() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    Recorder rec = new Recorder();
    TsClient client =
        track(TsClient.builder(ScriptedTsEndpoint.url(server), SETUP).listener(rec).start());
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);

    tv.sendToAll("not json");
    tv.sendToAll(
        "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":null}");
    tv.sendToAll("{\"contentTime\":\"01\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1}");
    tv.sendToAll(ControlTimestamp.available(5, 6, 1.0).encode());
    await().atMost(WAIT).until(() -> rec.cts.size() == 1);
    assertThat(rec.errors).hasSize(3).startsWith("not json");
    assertThat(rec.cts).containsExactly(ControlTimestamp.available(5, 6, 1.0));
    assertThat(client.isConnected()).isTrue();
    assertThat(client.counters()).isEqualTo(new TsClient.Counters(1, 3, 1, 0));
    assertThat(rec.events).containsExactly("connected");
  }

  @Test
  void controllerFollowsTheTvOverTheNetworkAndSendsTimingReports() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    ManualTimeSource time = new ManualTimeSource(5_000_000_000_000L);
    SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
    CorrelatedClock wall = new CorrelatedClock(sys, 1e9);
    CorrelatedClock timeline = new CorrelatedClock(wall, 90_000);
    TsClockControllerTest.Events events = new TsClockControllerTest.Events();
    TsClockController controller =
        track(
            TsClockController.builder(timeline)
                .latest(new OffsetClock(timeline, -1.0))
                .listener(events)
                .start(
                    ScriptedTsEndpoint.url(server),
                    SETUP,
                    WebSocketClientConfig.builder()
                        .reconnect(
                            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200), 2))
                        .build(),
                    List.of()));
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    assertThat(SetupData.decode(tv.firstMessages().get(0))).isEqualTo(SETUP);
    assertThat(timeline.isAvailable()).isFalse();

    long wct = time.nanoTime() - 1_000_000_000L;
    tv.sendToAll(ControlTimestamp.available(180_000, wct, 1.0).encode());
    await().atMost(WAIT).until(timeline::isAvailable);
    assertThat(timeline.ticks()).isEqualTo(270_000);
    assertThat(timeline.toParentTicks(180_000)).isEqualTo(wct);

    tv.sendToAll(ControlTimestamp.available(180_000, wct + 10_000, 1.0).encode()); // 10 us: ignored
    tv.sendToAll(ControlTimestamp.available(270_000, time.nanoTime(), 0.0).encode()); // pause
    await().atMost(WAIT).until(() -> controller.counters().controlTimestamps() == 3);
    time.advanceSeconds(3);
    assertThat(timeline.ticks()).isEqualTo(270_000);
    assertThat(controller.counters().ignoredChanges()).isEqualTo(1);

    assertThat(controller.sendTimingReport()).isTrue();
    await().atMost(WAIT).until(() -> tv.laterMessages().size() == 1);
    AptEptLpt report = AptEptLpt.decode(tv.laterMessages().get(0));
    assertThat(report.actual().value()).isEqualTo(Timestamp.of(270_000, time.nanoTime()));
    assertThat(report.earliest()).isEqualTo(Timestamp.minusInfinity(270_000));
    assertThat(report.latest()).isEqualTo(Timestamp.of(270_000, time.nanoTime())); // paused

    tv.sendToAll(ControlTimestamp.unavailable(time.nanoTime()).encode());
    await().atMost(WAIT).until(() -> !timeline.isAvailable());
    tv.sendToAll(ControlTimestamp.available(270_000, time.nanoTime(), 1.0).encode());
    await().atMost(WAIT).until(timeline::isAvailable);
    tv.closeAll(1001, "bye");
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 2);
    await().atMost(WAIT).until(() -> events.list.size() == 10);
    assertThat(events.list)
        .containsExactly(
            "connected",
            "timing",
            "available",
            "timing+speed",
            "unavailable",
            "timing+speed",
            "available",
            "unavailable",
            "disconnected",
            "connected");
    assertThat(timeline.isAvailable()).isFalse();
  }
}
