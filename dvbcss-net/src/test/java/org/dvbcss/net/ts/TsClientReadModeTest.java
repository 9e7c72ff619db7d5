package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TsClient} and {@link TsClockController} reading a deviating TV's control timestamps,
 * tolerantly and strictly, over loopback against a scripted endpoint sending fixed text.
 */
class TsClientReadModeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final SetupData SETUP = new SetupData("", "urn:dvb:css:timeline:pts");

  /** "Unavailable" with neither contentTime nor wallClockTime. */
  static final String UNAVAILABLE = "{\"timelineSpeedMultiplier\":null}";

  /** Integers as JSON numbers. */
  static final String NUMBERS =
      "{\"contentTime\":924956,\"wallClockTime\":41381814326,\"timelineSpeedMultiplier\":1}";

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScriptedTsEndpoint tv = new ScriptedTsEndpoint();
  private final ManualTimeSource time = new ManualTimeSource(40_000_000_000L);
  private final SysClock sys = SysClock.builder().timeSource(time).precision(1e-6).build();
  private final CorrelatedClock wall = new CorrelatedClock(sys, 1e9);

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

  /** Records a TsClient's calls, in order. */
  static final class Recorder implements TsClient.Listener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<ControlTimestamp> cts = new CopyOnWriteArrayList<>();
    final List<Set<Deviation>> deviations = new CopyOnWriteArrayList<>();
    final List<ProtocolException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void controlTimestamp(ControlTimestamp ct) {
      cts.add(ct);
      calls.add("ct");
    }

    @Override
    public void deviations(Set<Deviation> kinds, String text) {
      deviations.add(kinds);
      calls.add("deviations");
    }

    @Override
    public void protocolError(String text, ProtocolException error) {
      errors.add(error);
      calls.add("error");
    }
  }

  @Test
  void readsEveryTsDeviationByDefaultTakingAMissingWallClockTimeAsNow() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    Recorder rec = new Recorder();
    TsClient client =
        track(
            TsClient.builder(ScriptedTsEndpoint.url(server), SETUP)
                .wallClock(wall)
                .listener(rec)
                .start());
    assertThat(client.readMode()).isEqualTo(ReadMode.TOLERANT);
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    tv.sendToAll(UNAVAILABLE);
    tv.sendToAll(NUMBERS);
    await().atMost(WAIT).until(() -> rec.cts.size() == 2);

    assertThat(rec.calls).containsExactly("deviations", "ct", "deviations", "ct");
    assertThat(rec.deviations)
        .containsExactly(
            EnumSet.of(
                Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,
                Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME),
            EnumSet.of(Deviation.TS_INTEGER_AS_NUMBER));
    // the wall clock stands still (hand-driven time): "now" is exact
    assertThat(rec.cts)
        .containsExactly(
            ControlTimestamp.unavailable(40_000_000_000L),
            ControlTimestamp.available(924956, 41381814326L, 1.0));
    assertThat(client.counters())
        .isEqualTo(
            new TsClient.Counters(
                2,
                0,
                1,
                0,
                Map.of(
                    Deviation.TS_INTEGER_AS_NUMBER, 1L,
                    Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME, 1L,
                    Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME, 1L)));
  }

  @Test
  void strictReadingRejectsThemAndKeepsTheConnection() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    Recorder rec = new Recorder();
    TsClient client =
        track(
            TsClient.builder(ScriptedTsEndpoint.url(server), SETUP)
                .readMode(ReadMode.STRICT)
                .listener(rec)
                .start());
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    tv.sendToAll(UNAVAILABLE);
    tv.sendToAll(NUMBERS);
    tv.sendToAll(ControlTimestamp.available(5, 6, 1.0).encode());
    await().atMost(WAIT).until(() -> rec.cts.size() == 1);

    assertThat(rec.calls).containsExactly("error", "error", "ct");
    assertThat(rec.errors.get(1)).hasMessageContaining("contentTime");
    assertThat(client.counters()).isEqualTo(new TsClient.Counters(1, 2, 1, 0));
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void aFractionIsAnErrorInTolerantModeToo() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    Recorder rec = new Recorder();
    track(TsClient.builder(ScriptedTsEndpoint.url(server), SETUP).listener(rec).start());
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    tv.sendToAll(
        "{\"contentTime\":924956.5,\"wallClockTime\":41381814326,\"timelineSpeedMultiplier\":1}");
    await().atMost(WAIT).until(() -> rec.errors.size() == 1);
    assertThat(rec.cts).isEmpty();
  }

  @Test
  void theControllersCoreReadsTolerantlyAndTheDeviationsReachEveryListener() throws Exception {
    WebSocketServer server = track(tv.serve(0));
    CorrelatedClock timeline = new CorrelatedClock(wall, 90_000);
    TsClockControllerTest.Events events = new TsClockControllerTest.Events();
    Recorder rec = new Recorder();
    TsClockController controller =
        track(
            TsClockController.builder(timeline)
                .listener(events)
                .start(
                    ScriptedTsEndpoint.url(server),
                    SETUP,
                    WebSocketClientConfig.defaults(),
                    List.of(rec)));
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    tv.sendToAll(UNAVAILABLE);
    long wallNow = Math.round(wall.ticks());
    tv.sendToAll(
        "{\"contentTime\":900000,\"wallClockTime\":" + wallNow + ",\"timelineSpeedMultiplier\":1}");
    await().atMost(WAIT).until(() -> rec.cts.size() == 2);

    assertThat(events.take()).containsExactly("connected", "timing", "available");
    assertThat(events.takeExtra())
        .containsExactly(
            "deviations [TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,"
                + " TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME]",
            "deviations [TS_INTEGER_AS_NUMBER]");
    assertThat(timeline.isAvailable()).isTrue();
    assertThat(timeline.ticks()).isEqualTo(900_000);
    assertThat(rec.calls).containsExactly("deviations", "ct", "deviations", "ct");
    assertThat(controller.readMode()).isEqualTo(ReadMode.TOLERANT);
    assertThat(controller.client().readMode()).isEqualTo(ReadMode.TOLERANT);
    Map<Deviation, Long> expected =
        Map.of(
            Deviation.TS_INTEGER_AS_NUMBER, 1L,
            Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME, 1L,
            Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME, 1L);
    assertThat(controller.counters().deviations()).isEqualTo(expected);
    assertThat(controller.client().counters().deviations()).isEqualTo(expected);
    assertThat(controller.counters().controlTimestamps()).isEqualTo(2);
  }

  @Test
  void aStrictControllerLeavesTheTimelineUnavailableAndTheClientReportsTheErrors()
      throws Exception {
    WebSocketServer server = track(tv.serve(0));
    CorrelatedClock timeline = new CorrelatedClock(wall, 90_000);
    Recorder rec = new Recorder();
    TsClockController controller =
        track(
            TsClockController.builder(timeline)
                .readMode(ReadMode.STRICT)
                // the controller's mode is the client's
                .start(
                    ScriptedTsEndpoint.url(server),
                    SETUP,
                    WebSocketClientConfig.defaults(),
                    List.of(rec)));
    await().atMost(WAIT).until(() -> tv.firstMessages().size() == 1);
    tv.sendToAll(UNAVAILABLE);
    tv.sendToAll(NUMBERS);
    await().atMost(WAIT).until(() -> rec.errors.size() == 2);

    assertThat(rec.cts).isEmpty();
    assertThat(timeline.isAvailable()).isFalse();
    assertThat(controller.counters().controlTimestamps()).isZero();
    assertThat(controller.client().counters().protocolErrors()).isEqualTo(2);
    assertThat(controller.client().readMode()).isEqualTo(ReadMode.STRICT);
  }
}
