package org.dvbcss.tools.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.tools.Main;
import org.junit.jupiter.api.Test;

/** The CII commands end to end, on loopback with ephemeral ports. */
class CiiCommandsTest {
  private static final Pattern URL = Pattern.compile("ws://127\\.0\\.0\\.1:\\d+/cii");

  /** Runs a command line, capturing its output. */
  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int execute(String... args) {
      return Main.commandLine()
          .setOut(new PrintWriter(out, true))
          .setErr(new PrintWriter(err, true))
          .execute(args);
    }

    CompletableFuture<Integer> executeInBackground(String... args) {
      return CompletableFuture.supplyAsync(() -> execute(args));
    }
  }

  private static String urlOf(Run server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> URL.matcher(server.out.toString()).find());
    Matcher m = URL.matcher(server.out.toString());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  @Test
  void clientPrintsTheDemoServersChanges() throws Exception {
    Run server = new Run();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "cii-server", "127.0.0.1", "0", "--demo", "--duration", "4", "-q");
    String url = urlOf(server);

    Run client = new Run();
    assertThat(client.execute("cii-client", url, "--duration", "3", "-q")).isZero();
    assertThat(client.out.toString())
        .contains("connected to " + url)
        .contains("protocolVersion: (absent) -> \"1.1\"")
        .contains("contentId: (absent) -> \"" + CiiServerCommand.DEMO_CONTENT_IDS.get(0) + "\"")
        .containsPattern("presentationStatus: \"transitioning\" -> \"okay\"");

    Run json = new Run();
    assertThat(json.execute("cii-client", url, "--json", "--duration", "0.5", "-q")).isZero();
    List<String> lines = json.out.toString().lines().toList();
    assertThat(lines).isNotEmpty();
    Cii state = Cii.decode(lines.get(0));
    assertThat(state.contentId().value()).isEqualTo(CiiServerCommand.DEMO_CONTENT_IDS.get(0));

    assertThat(serving.get()).isZero();
    assertThat(server.out.toString()).contains(": transitioning").contains(": okay");
  }

  @Test
  void clientExitsWithOneWhenItCannotConnect() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Run client = new Run();
    assertThat(
            client.execute(
                "cii-client", "ws://127.0.0.1:" + port + "/cii", "--duration", "5", "-q"))
        .isEqualTo(1);
    assertThat(client.err.toString()).contains("cii-client:");
  }

  @Test
  void loadToolMeasuresEachChangeReachingEveryClient() throws Exception {
    Run server = new Run();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "cii-server", "127.0.0.1", "0", "--bench-interval", "0.2", "--duration", "8", "-q");
    String url = urlOf(server);

    Run load = new Run();
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
    Run load = new Run();
    assertThat(load.execute("cii-load", "ws://192.0.2.1:7681/cii")).isEqualTo(2);
    assertThat(load.err.toString()).contains("only loads loopback or private addresses");
  }
}
