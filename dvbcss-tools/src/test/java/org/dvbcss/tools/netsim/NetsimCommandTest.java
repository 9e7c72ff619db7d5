package org.dvbcss.tools.netsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.net.netsim.Direction;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tools.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code dvbcss netsim}: its options, and a wall clock client through it, on loopback. */
class NetsimCommandTest {
  private static final long MS = 1_000_000L;

  private static NetsimConfig configOf(String... args) {
    CommandLine cl = Main.commandLine();
    ParseResult r = cl.parseArgs(args);
    NetsimCommand command = (NetsimCommand) r.subcommand().commandSpec().userObject();
    return command.config();
  }

  @Test
  void theOptionsGiveTheConfiguration(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("s.txt");
    Files.writeString(script, "at 30s to-server delay +20ms\nfrom 60s to 90s outage\n");
    NetsimConfig c =
        configOf(
            "netsim",
            "--udp",
            "0=127.0.0.1:6677",
            "--delay",
            "10ms",
            "--to-server-delay",
            "0.03",
            "--jitter",
            "2ms",
            "--loss",
            "1%",
            "--duplicate",
            "0.5%",
            "--burst",
            "1%:25%",
            "--bandwidth",
            "125000",
            "--script",
            script.toString(),
            "--seed",
            "9",
            "--tcp-outage",
            "RESET");
    assertThat(c.toServer().delayNanos()).isEqualTo(30 * MS);
    assertThat(c.toClient().delayNanos()).isEqualTo(10 * MS);
    for (Direction d : Direction.values()) {
      assertThat(c.leg(d).jitterNanos()).isEqualTo(2 * MS);
      assertThat(c.leg(d).loss()).isEqualTo(0.01);
      assertThat(c.leg(d).duplicate()).isEqualTo(0.005);
      assertThat(c.leg(d).burstEnter()).isEqualTo(0.01);
      assertThat(c.leg(d).burstExit()).isEqualTo(0.25);
      assertThat(c.leg(d).bytesPerSecond()).isEqualTo(125_000);
    }
    assertThat(c.script().changes()).hasSize(2);
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.tcpOutage()).isEqualTo(NetsimConfig.TcpOutage.RESET);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--udp nope | LISTEN=TARGET",
        "--udp 0=127.0.0.1 | HOST:PORT",
        "--tcp 70000=127.0.0.1:1 | out of range",
        "--udp 0=127.0.0.1:1 --loss 2 | 0 to 1",
        "--udp 0=127.0.0.1:1 --delay soon | not a duration",
        "--udp 0=127.0.0.1:1 --burst 1% | ENTER:EXIT",
        "--udp 0=127.0.0.1:1 --script /nonexistent/netsim.txt | cannot read --script",
        "--delay 1ms | at least one --udp or --tcp",
      })
  void badOptionsAreAUsageErrorSayingWhatIsWrong(String args, String message) {
    CommandRun run = new CommandRun();
    String[] argv =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of("netsim"),
                java.util.Arrays.stream(args.strip().split("\\s+")))
            .toArray(String[]::new);
    assertThat(run.execute(argv)).isEqualTo(2);
    assertThat(run.err.toString()).contains(message);
  }

  @Test
  void aBadScriptLineIsNamed(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("bad.txt");
    Files.writeString(script, "at 1s outage\nat 2s warp 9\n");
    assertThatThrownBy(
            () -> configOf("netsim", "--udp", "0=127.0.0.1:1", "--script", script.toString()))
        .hasMessageContaining("script line 2")
        .hasMessageContaining("unknown setting");
  }

  @Test
  void aWallClockClientThroughTheProxySeesTheDelayAndTheStatusLinesCountIt() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "8", "-q");
    String serverPort =
        server.awaitOutput(Pattern.compile("udp://127\\.0\\.0\\.1:(\\d+)")).group(1);

    CommandRun netsim = new CommandRun();
    CompletableFuture<Integer> proxying =
        netsim.executeInBackground(
            "netsim",
            "--udp",
            "0=127.0.0.1:" + serverPort,
            "--to-server-delay",
            "20ms",
            "--duration",
            "4",
            "--json",
            "-q");
    Matcher route =
        netsim.awaitOutput(
            Pattern.compile(
                "\\{\"route\":\"udp\",\"listen\":\"127\\.0\\.0\\.1:(\\d+)\",\"target\":\"127\\.0\\.0\\.1:"
                    + serverPort
                    + "\"}"));
    String proxyPort = route.group(1);

    CommandRun client = new CommandRun();
    assertThat(
            client.execute("wc-client", "127.0.0.1", proxyPort, "--duration", "2", "--json", "-q"))
        .as(client.err.toString())
        .isZero();
    JsonMapper json = JsonMapper.shared();
    List<JsonNode> samples = client.out.toString().lines().map(l -> json.readTree(l)).toList();
    List<Long> rtts =
        samples.stream()
            .filter(s -> s.get("rtt_ns").isNumber())
            .map(s -> s.get("rtt_ns").asLong())
            .toList();
    assertThat(rtts).isNotEmpty().allMatch(rtt -> rtt >= 20 * MS);

    assertThat(proxying.get()).isZero();
    assertThat(serving.get()).isZero();
    List<JsonNode> status =
        netsim.out.toString().lines().skip(1).map(l -> json.readTree(l)).toList();
    assertThat(status).hasSizeGreaterThanOrEqualTo(2);
    JsonNode last = status.get(status.size() - 1);
    long up = last.get("to_server").get("forwarded").asLong();
    assertThat(up).isPositive();
    assertThat(last.get("to_server").get("delayed").asLong()).isEqualTo(up);
    assertThat(last.get("to_client").get("forwarded").asLong()).isEqualTo(up);
    assertThat(last.get("to_server").get("dropped").asLong()).isZero();
    assertThat(last.get("t_s").asDouble()).isGreaterThanOrEqualTo(4.0);
  }
}
