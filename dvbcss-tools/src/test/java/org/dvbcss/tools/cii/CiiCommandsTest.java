package org.dvbcss.tools.cii;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.tools.CommandRun;
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
        .containsPattern("change 3: 20/20 clients; latency ms p50 [0-9.]+");
    assertThat(serving.get()).isZero();
  }

  @Test
  void loadToolRefusesPublicAddresses() {
    CommandRun load = new CommandRun();
    assertThat(load.execute("cii-load", "ws://192.0.2.1:7681/cii")).isEqualTo(2);
    assertThat(load.err.toString()).contains("only loads loopback or private addresses");
  }
}
