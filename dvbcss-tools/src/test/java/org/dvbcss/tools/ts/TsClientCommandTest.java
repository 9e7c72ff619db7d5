package org.dvbcss.tools.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.MinimalTv;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tools.ReadModeOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ts-client} end to end: a real WC server and a scripted TS endpoint on loopback. */
class TsClientCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A stand-in TS server: records first messages, sends what the test says. */
  static final class ScriptedTs implements WebSocketEndpoint {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<WebSocketSession> sessions = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(WebSocketSession session) {
      sessions.add(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      received.add(text);
    }

    void sendToAll(String text) {
      sessions.forEach(s -> s.send(text));
    }
  }

  private final SysClock tvWallClock = new SysClock();
  private final ScriptedTs ts = new ScriptedTs();
  private WallClockServer wc;
  private WebSocketServer tsServer;

  @BeforeEach
  void startTv() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    wc =
        WallClockServer.start(
            tvWallClock,
            WallClockServerConfig.builder().bind(new InetSocketAddress(lo, 0)).build());
    tsServer =
        WebSocketServer.builder()
            .config(WebSocketServerConfig.builder().bind(new InetSocketAddress(lo, 0)).build())
            .endpoint("/ts", ts)
            .start();
  }

  @AfterEach
  void stopTv() {
    tsServer.close();
    wc.close();
  }

  private String tsUrl() {
    return "ws://127.0.0.1:" + tsServer.localAddress().getPort() + "/ts";
  }

  private String wcUrl() {
    return "udp://127.0.0.1:" + wc.localAddress().getPort();
  }

  /** Tells the client the timeline is at {@code contentTime} now, at 1000 ticks per second. */
  private void sendAvailable(long contentTime) {
    ts.sendToAll(
        ControlTimestamp.available(contentTime, Math.round(tvWallClock.ticks()), 1.0).encode());
  }

  @Test
  void followsTheTimelineAndPrintsJsonChangesAndStatus() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            wcUrl(),
            "dvb://233a",
            "1000",
            "--timeline",
            "urn:dvb:css:timeline:temi:1:1",
            "--json",
            "--duration",
            "120", // at most: the tool stops when the test closes the TS server
            "-q");
    await().atMost(WAIT).until(() -> !ts.received.isEmpty());
    assertThat(SetupData.decode(ts.received.get(0)))
        .isEqualTo(new SetupData("dvb://233a", "urn:dvb:css:timeline:temi:1:1"));
    // wait for the WC client's first response, so the position is in the TV's wall clock terms
    await()
        .atMost(WAIT)
        .until(
            () -> Pattern.compile("\"wc_responses\":[1-9]").matcher(client.out.toString()).find());
    sendAvailable(50_000);
    await().atMost(WAIT).until(() -> client.out.toString().contains("\"available\":true"));
    ts.sendToAll(ControlTimestamp.unavailable(Math.round(tvWallClock.ticks())).encode());
    await().atMost(WAIT).until(() -> client.out.toString().contains("{\"available\":false"));
    tsServer.close(); // the TS connection ends, so the tool does

    assertThat(running.get()).isZero();
    List<String> lines = client.out.toString().lines().toList();
    // the timing change, then availability (the clock is already available for both), then gone
    List<String> changes = lines.stream().filter(l -> l.startsWith("{\"available\"")).toList();
    assertThat(changes).hasSize(3);
    assertThat(changes.get(0)).matches("\\{\"available\":true,\"ticks\":50\\d\\d\\d,.*");
    assertThat(changes.get(1)).matches("\\{\"available\":true,\"ticks\":50\\d\\d\\d,.*");
    assertThat(changes.get(1)).contains("\"speed\":1.0").containsPattern("\"dispersion_ms\":\\d");
    assertThat(changes.get(2))
        .contains("\"available\":false,\"ticks\":null,\"seconds\":null,\"speed\":null");
    assertThat(lines).anyMatch(l -> l.startsWith("{\"status\":{\"connected\":true,"));
  }

  @Test
  void takesTheWallClockServerAsHostColonPortToo() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            "127.0.0.1:" + wc.localAddress().getPort(),
            "dvb://233a",
            "1000",
            "--timeline",
            "urn:dvb:css:timeline:temi:1:1",
            "--json",
            "--duration",
            "120", // at most: the tool stops when the test closes the TS server
            "-q");
    await()
        .atMost(WAIT)
        .until(
            () -> Pattern.compile("\"wc_responses\":[1-9]").matcher(client.out.toString()).find());
    sendAvailable(50_000);
    await().atMost(WAIT).until(() -> client.out.toString().contains("\"available\":true"));
    tsServer.close();
    assertThat(running.get()).isZero();
  }

  @Test
  void refusesAnInvalidWallClockServer() {
    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "ts-client",
                tsUrl(),
                "127.0.0.1:notaport",
                "",
                "1000",
                "--timeline",
                "urn:dvb:css:timeline:pts",
                "-q"))
        .isEqualTo(2);
    assertThat(client.err.toString())
        .contains("The WC server must be udp://host[:port] or HOST[:PORT], was 127.0.0.1:notaport");
  }

  @Test
  void printsTextLines() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            wcUrl(),
            "",
            "90000",
            "--timeline",
            "urn:dvb:css:timeline:pts",
            "--duration",
            "120", // at most: the tool stops when the test closes the TS server
            "-q");
    await().atMost(WAIT).until(() -> !ts.received.isEmpty());
    sendAvailable(900_000);
    await()
        .atMost(WAIT)
        .until(() -> client.out.toString().contains("status: connected, 1 control timestamps"));
    tsServer.close();
    assertThat(running.get()).isZero();
    assertThat(client.out.toString())
        .contains("connected to " + tsUrl())
        .containsPattern("timeline available: available +position +9\\d{5} ticks = +10\\.\\d{3} s")
        .contains("status: connected, 1 control timestamps");
  }

  @Test
  void endsWhenTheTsConnectionEnds() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            wcUrl(),
            "",
            "90000",
            "--timeline",
            "urn:dvb:css:timeline:pts",
            "-q");
    await().atMost(WAIT).until(() -> !ts.received.isEmpty());
    sendAvailable(900_000);
    await().atMost(WAIT).until(() -> client.out.toString().contains("timeline available"));
    ts.sessions.forEach(s -> s.close(1001, "bye"));
    assertThat(running.get()).isZero();
    assertThat(client.out.toString()).contains("disconnected: 1001 bye");
  }

  @Test
  void exitsWithOneWhenTheTsConnectionEndsBeforeAnyValidControlTimestamp() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            wcUrl(),
            "",
            "90000",
            "--timeline",
            "urn:dvb:css:timeline:pts",
            "-q");
    await().atMost(WAIT).until(() -> !ts.received.isEmpty());
    ts.sendToAll("{\"contentTime\":\"01\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1}");
    await()
        .atMost(WAIT)
        .until(() -> client.err.toString().contains("invalid control timestamp ignored"));
    ts.sessions.forEach(s -> s.close(1001, "bye"));
    assertThat(running.get()).isEqualTo(1);
    assertThat(client.out.toString()).contains("disconnected: 1001 bye");
    assertThat(client.err.toString())
        .contains("ts-client: never received a valid control timestamp from " + tsUrl());
  }

  @Test
  void followsADeviatingTvAndSaysEachDeviationOnce() throws Exception {
    try (MinimalTv tv = MinimalTv.start(true)) {
      CommandRun client = new CommandRun();
      CompletableFuture<Integer> running =
          client.executeInBackground(
              "ts-client",
              tv.tsUrl().toString(),
              tv.wcUrl(),
              "",
              "90000",
              "--timeline",
              MinimalTv.PTS,
              "--json",
              "--duration",
              "30",
              "-q");
      await().atMost(WAIT).until(() -> client.out.toString().contains("\"available\":true"));
      tv.sendUnavailable();
      tv.sendControlTimestamp();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  Pattern.compile("\"control_timestamps\":4")
                      .matcher(client.out.toString())
                      .find());
      tv.close();
      assertThat(running.get()).as(client.err.toString()).isZero();
      assertThat(client.err.toString().lines())
          .containsExactly(
              ReadModeOption.warning(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME),
              ReadModeOption.warning(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME),
              ReadModeOption.warning(Deviation.TS_INTEGER_AS_NUMBER));
    }
  }

  @Test
  void strictRejectsADeviatingTvsControlTimestampsAndExitsWithOne() throws Exception {
    try (MinimalTv tv = MinimalTv.start(true)) {
      CommandRun client = new CommandRun();
      int status =
          client.execute(
              "ts-client",
              tv.tsUrl().toString(),
              tv.wcUrl(),
              "",
              "90000",
              "--timeline",
              MinimalTv.PTS,
              "--strict",
              "--duration",
              "1.5",
              "-q");
      assertThat(status).isEqualTo(1);
      assertThat(client.err.toString())
          .contains("invalid control timestamp ignored: ")
          .contains("ts-client: never received a valid control timestamp from " + tv.tsUrl())
          .doesNotContain("TV deviates");
      assertThat(client.out.toString()).doesNotContain("timeline available");
    }
  }

  @Test
  void exitsWithOneWhenTheTsConnectionNeverOpens() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CommandRun client = new CommandRun();
    int status =
        client.execute(
            "ts-client",
            "ws://127.0.0.1:" + port + "/ts",
            wcUrl(),
            "",
            "90000",
            "--timeline",
            "urn:dvb:css:timeline:pts",
            "--duration",
            "5",
            "-q");
    assertThat(status).isEqualTo(1);
    assertThat(client.err.toString())
        .contains("ts-client:")
        .contains("ts-client: never connected to ws://127.0.0.1:" + port + "/ts");
  }

  @Test
  void theOldPositionalSelectorStillWorksWithADeprecationNote() throws Exception {
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> running =
        client.executeInBackground(
            "ts-client",
            tsUrl(),
            wcUrl(),
            "dvb://233a",
            "urn:dvb:css:timeline:temi:1:1",
            "1000",
            "--json",
            "--duration",
            "120", // at most: the tool stops when the test closes the TS server
            "-q");
    await().atMost(WAIT).until(() -> !ts.received.isEmpty());
    assertThat(SetupData.decode(ts.received.get(0)))
        .isEqualTo(new SetupData("dvb://233a", "urn:dvb:css:timeline:temi:1:1"));
    tsServer.close();
    running.get();
    assertThat(client.err.toString().lines())
        .containsOnlyOnce(
            "dvbcss ts-client: TIMELINE_SELECTOR as the fourth argument is deprecated, use"
                + " --timeline SELECTOR");
  }

  @Test
  void rejectsBadArguments() {
    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "ts-client",
                "http://x/ts",
                wcUrl(),
                "",
                "90000",
                "--timeline",
                "urn:dvb:css:timeline:pts"))
        .isEqualTo(2);
    assertThat(
            client.execute(
                "ts-client",
                tsUrl(),
                "tcp://x:1",
                "",
                "90000",
                "--timeline",
                "urn:dvb:css:timeline:pts"))
        .isEqualTo(2);
    assertThat(client.execute("ts-client", tsUrl(), wcUrl(), "", "0", "--timeline", "urn:x"))
        .isEqualTo(2);
    assertThat(client.execute("ts-client", tsUrl(), wcUrl(), "", "90000")).isEqualTo(2);
    assertThat(client.err.toString()).contains("Missing required option: '--timeline=SELECTOR'");
    assertThat(
            client.execute(
                "ts-client", tsUrl(), wcUrl(), "", "urn:x", "90000", "--timeline", "urn:y"))
        .isEqualTo(2);
    assertThat(client.err.toString()).contains("Give the timeline selector once");
  }
}
