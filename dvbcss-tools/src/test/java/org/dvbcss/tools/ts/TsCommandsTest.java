package org.dvbcss.tools.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/** The TS commands end to end, on loopback with ephemeral ports. */
class TsCommandsTest {
  private static final Pattern URL = Pattern.compile("ws://127\\.0\\.0\\.1:\\d+/ts");

  private static String urlOf(CommandRun server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> URL.matcher(server.out.toString()).find());
    Matcher m = URL.matcher(server.out.toString());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  @Test
  void loadMeasuresTheBenchServersPausesAndResumes() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "ts-server",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--bench-interval",
            "0.3",
            "--status",
            "1",
            "--duration",
            "10", // ample for 3 changes at 0.3 s on a loaded machine
            "-q");
    String url = urlOf(server);
    assertThat(server.out.toString()).containsPattern("udp://127\\.0\\.0\\.1:\\d+");

    CommandRun load = new CommandRun();
    assertThat(
            load.execute(
                "ts-load",
                url,
                "--clients",
                "20",
                "--changes",
                "3",
                "--timeline",
                TsServerCommand.PTS,
                "-q"))
        .as(load.out.toString() + load.err)
        .isZero();
    assertThat(load.out.toString())
        .contains("20 of 20 clients connected, 20 got a timestamp")
        .containsPattern("change 1 \\(speed (0\\.0|1\\.0)\\): 20/20 clients; latency ms p50")
        .contains("change 3");
    assertThat(serving.get()).isZero();
    assertThat(server.out.toString()).containsPattern("connections \\d+  heap");
  }

  @Test
  void demoServerPausesPtsAndACompanionHearsIt() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "ts-server", "127.0.0.1", "0", "127.0.0.1", "0", "--demo", "--duration", "11", "-q");
    String url = urlOf(server);
    List<String> received = new CopyOnWriteArrayList<>();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    received.add(data.toString());
                    webSocket.request(1);
                    return null;
                  }
                })
            .join();
    ws.sendText(new SetupData("dvb://233a", TsServerCommand.TEMI).encode(), true).join();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                received.stream()
                    .map(ControlTimestamp::decode)
                    .anyMatch(ct -> Double.valueOf(0.0).equals(ct.timelineSpeedMultiplier())));
    ws.abort();
    assertThat(serving.get()).isZero();
    assertThat(server.out.toString())
        .contains("tweaked PTS by")
        .contains("made " + TsServerCommand.SPORADIC + " available")
        .contains("paused PTS and TEMI at");
  }

  @Test
  void loadRefusesPublicAddresses() {
    CommandRun load = new CommandRun();
    assertThat(load.execute("ts-load", "ws://8.8.8.8:7681/ts", "--clients", "1")).isNotZero();
    assertThat(load.err.toString()).contains("loopback or private");
  }
}
