package org.dvbcss.tools.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;

/** The WC commands end to end, on loopback with ephemeral ports. */
class WcCommandsTest {
  private static final Pattern URL = Pattern.compile("udp://127\\.0\\.0\\.1:(\\d+)");

  private static int portOf(CommandRun server) {
    return Integer.parseInt(server.awaitOutput(URL).group(1));
  }

  @Test
  void clientAndLoadGeneratorWorkAgainstTheServer() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "10", "-q");
    String port = String.valueOf(portOf(server));

    CommandRun client = new CommandRun();
    assertThat(client.execute("wc-client", "127.0.0.1", port, "--duration", "2", "--json", "-q"))
        .as(client.err.toString())
        .isZero();
    List<String> lines = client.out.toString().lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allMatch(
            l ->
                l.matches(
                    "\\{\"offset_ns\":(-?\\d+|null),\"rtt_ns\":(\\d+|null),"
                        + "\"dispersion_ns\":(\\d+|null),\"available\":(true|false)}"));
    assertThat(lines).anyMatch(l -> l.endsWith("\"available\":true}"));

    CommandRun load = new CommandRun();
    assertThat(
            load.execute(
                "wc-load",
                "127.0.0.1",
                port,
                "--duration",
                "1",
                "--warmup",
                "0",
                "--in-flight",
                "4",
                "-q"))
        .as(load.err.toString())
        .isZero();
    assertThat(load.out.toString())
        .contains("in-flight 4:")
        .contains("responses/s")
        .contains("p99");

    assertThat(serving.get()).isZero();
    assertThat(server.out.toString()).containsPattern("answered [1-9]\\d*, dropped 0");
  }

  @Test
  void clientExitsWithOneWhenNoServerAnswers() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CommandRun client = new CommandRun();
    assertThat(
            client.execute("wc-client", "127.0.0.1", String.valueOf(port), "--duration", "1", "-q"))
        .isEqualTo(1);
    assertThat(client.err.toString()).contains("no valid response");
  }

  @Test
  void loadGeneratorRefusesPublicAddressesBeforeSendingAnything() {
    CommandRun load = new CommandRun();
    assertThat(load.execute("wc-load", "192.0.2.1", "6677", "--duration", "1")).isEqualTo(2);
    assertThat(load.err.toString()).contains("only loads loopback or private addresses");
  }

  @Test
  void unknownAlgorithmIsAUsageError() {
    CommandRun client = new CommandRun();
    assertThat(client.execute("wc-client", "127.0.0.1", "6677", "--algorithm", "best-guess"))
        .isEqualTo(2);
    assertThat(client.err.toString()).contains("unknown algorithm 'best-guess'");
  }
}
