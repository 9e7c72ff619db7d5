package org.dvbcss.tools.cii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.dvbcss.net.testing.MinimalTv;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tools.ReadModeOption;
import org.junit.jupiter.api.Test;

/** The CII commands end to end, on loopback with ephemeral ports. */
class CiiCommandsTest {
  private static final Pattern URL = Pattern.compile("ws://127\\.0\\.0\\.1:\\d+/cii");

  private static String urlOf(CommandRun server) {
    return server.awaitOutput(URL).group();
  }

  @Test
  void clientPrintsTheDemoServersChanges() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "cii-server", "127.0.0.1", "0", "--demo", "--duration", "5", "-q");
    String url = urlOf(server);

    // both clients run until the server stops (at 5 s), which ends their connections
    CommandRun client = new CommandRun();
    CompletableFuture<Integer> text =
        client.executeInBackground("cii-client", url, "--duration", "60", "-q");
    CommandRun json = new CommandRun();
    CompletableFuture<Integer> jsonLines =
        json.executeInBackground("cii-client", url, "--json", "--duration", "60", "-q");

    assertThat(serving.get()).isZero();
    assertThat(text.get()).isZero();
    assertThat(jsonLines.get()).isZero();
    assertThat(server.out.toString()).contains(": transitioning").contains(": okay");
    assertThat(client.out.toString())
        .contains("connected to " + url)
        .contains("protocolVersion: (absent) -> \"1.1\"")
        .contains("contentId: (absent) -> \"" + CiiServerCommand.DEMO_CONTENT_IDS.get(0) + "\"")
        .containsPattern("presentationStatus: \"transitioning\" -> \"okay\"");
    List<String> lines = json.out.toString().lines().toList();
    assertThat(lines).isNotEmpty();
    Cii state = Cii.decode(lines.get(0));
    assertThat(state.contentId().value()).isEqualTo(CiiServerCommand.DEMO_CONTENT_IDS.get(0));
  }

  @Test
  void clientExitsWithOneWhenItCannotConnect() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "cii-client", "ws://127.0.0.1:" + port + "/cii", "--duration", "5", "-q"))
        .isEqualTo(1);
    assertThat(client.err.toString()).contains("cii-client:");
  }

  @Test
  void loadToolMeasuresEachChangeReachingEveryClient() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "cii-server", "127.0.0.1", "0", "--bench-interval", "0.2", "--duration", "8", "-q");
    String url = urlOf(server);

    CommandRun load = new CommandRun();
    assertThat(load.execute("cii-load", url, "--clients", "20", "--changes", "3", "-q"))
        .as(load.err.toString())
        .isZero();
    assertThat(load.out.toString())
        .contains("20 of 20 clients connected")
        .containsPattern(
            "change 3: 20/20 clients; latency ms p50 [0-9.]+  p99 [0-9.]+  max [0-9.]+  min [0-9.]+");
    assertThat(serving.get()).isZero();
  }

  @Test
  void loadToolRefusesPublicAddresses() {
    CommandRun load = new CommandRun();
    assertThat(load.execute("cii-load", "ws://192.0.2.1:7681/cii")).isEqualTo(2);
    assertThat(load.err.toString()).contains("only loads loopback or private addresses");
  }

  @Test
  void clientShowsTheStateOfADeviatingTvAndSaysEachDeviationOnce() throws Exception {
    try (MinimalTv tv = MinimalTv.start(true)) {
      CommandRun client = new CommandRun();
      CompletableFuture<Integer> running =
          client.executeInBackground(
              "cii-client", tv.ciiUrl().toString(), "--duration", "30", "-q");
      client.awaitOutput(Pattern.compile("timelines: "));
      tv.resendCii();
      tv.sendCii(tv.ciiText(tv.tsUrl()).replace("[\"okay\"]", "[\"okay\",\"fault\"]"));
      client.awaitOutput(Pattern.compile("presentationStatus: \"okay\" -> \"okay fault\""));
      tv.close(); // the connection ends, so the client does
      assertThat(running.get()).as(client.err.toString()).isZero();
      assertThat(client.out.toString())
          .contains("presentationStatus: (absent) -> \"okay\"")
          .contains("contentId: (absent) -> \"" + MinimalTv.CONTENT_ID + "\"");
      assertThat(client.err.toString().lines())
          .containsExactly(
              ReadModeOption.warning(Deviation.CII_PRESENTATION_STATUS_ARRAY),
              ReadModeOption.warning(Deviation.CII_INVALID_OPTIONAL_PROPERTY),
              ReadModeOption.warning(Deviation.CII_UNKNOWN_PROPERTY));
    }
  }

  @Test
  void strictClientRejectsTheDeviatingStateAndExitsWithOne() throws Exception {
    try (MinimalTv tv = MinimalTv.start(true)) {
      CommandRun client = new CommandRun();
      int status =
          client.execute(
              "cii-client", tv.ciiUrl().toString(), "--strict", "--duration", "1.5", "-q");
      assertThat(status).isEqualTo(1);
      assertThat(client.err.toString())
          .contains("invalid CII message ignored: ")
          .contains("presentationStatus")
          .contains("cii-client: never received a valid CII message from " + tv.ciiUrl())
          .doesNotContain("TV deviates");
      assertThat(client.out.toString()).contains("connected to ").doesNotContain("->");
    }
  }

  @Test
  void clientExitsWithOneWhenTheConnectionEndsBeforeAnyValidMessage() throws Exception {
    WebSocketEndpoint rude =
        new WebSocketEndpoint() {
          @Override
          public void onOpen(WebSocketSession session) {
            session.send("{\"protocolVersion\":\"1.1\",\"presentationStatus\":5}");
            session.close(1001, "bye");
          }

          @Override
          public void onText(WebSocketSession session, String text) {}
        };
    try (WebSocketServer server =
        WebSocketServer.builder()
            .config(
                WebSocketServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .build())
            .endpoint("/cii", rude)
            .start()) {
      String url = "ws://127.0.0.1:" + server.localAddress().getPort() + "/cii";
      CommandRun client = new CommandRun();
      assertThat(client.execute("cii-client", url, "--duration", "30", "-q")).isEqualTo(1);
      assertThat(client.err.toString())
          .contains("invalid CII message ignored: ")
          .contains("cii-client: never received a valid CII message from " + url);
      assertThat(client.out.toString()).contains("disconnected: 1001 bye");
    }
  }

  @Test
  void clientThatNeverConnectsSaysSo() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CommandRun client = new CommandRun();
    String url = "ws://127.0.0.1:" + port + "/cii";
    assertThat(client.execute("cii-client", url, "--duration", "5", "-q")).isEqualTo(1);
    assertThat(client.err.toString()).contains("cii-client: never connected to " + url);
  }

  @Test
  void clientRefusesANegativeDuration() {
    CommandRun client = new CommandRun();
    assertThat(client.execute("cii-client", "ws://127.0.0.1:1/cii", "--duration", "-1", "-q"))
        .isEqualTo(2);
    assertThat(client.err.toString()).contains("--duration must be >= 0");
  }
}
