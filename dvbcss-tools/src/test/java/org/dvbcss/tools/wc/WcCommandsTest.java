package org.dvbcss.tools.wc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.FrequencyTracking;
import org.dvbcss.protocol.wc.WallClockServerCore;
import org.dvbcss.protocol.wc.WcMessage;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
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
                        + "\"dispersion_ns\":(\\d+|null),\"available\":(true|false),"
                        + "\"at_ns\":-?\\d+,\"measured_offset_ns\":(-?\\d+|null)}"));
    assertThat(lines).anyMatch(l -> l.contains("\"available\":true,"));

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
  void aRateLimitedServerAnswersABurstThenDropsAndCountsTheRest() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground(
            "wc-server", "127.0.0.1", "0", "--rate-limit", "0.01:3", "--duration", "1.5", "-q");
    int port = portOf(server);
    assertThat(server.awaitOutput(Pattern.compile("rate limit .*")).group())
        .isEqualTo("rate limit 0.01/s per address, burst 3");
    int answers = 0;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      for (int i = 0; i < 10; i++) {
        byte[] request = WcMessage.request(i).encode();
        socket.send(new DatagramPacket(request, request.length, to));
      }
      socket.setSoTimeout(300);
      try {
        while (true) {
          socket.receive(new DatagramPacket(new byte[64], 64));
          answers++;
        }
      } catch (SocketTimeoutException drained) {
        // all that was coming has come
      }
    }
    assertThat(answers).isEqualTo(3);
    assertThat(serving.get()).isZero();
    assertThat(server.out.toString())
        .contains("answered 3, dropped 7 {")
        .contains("RATE_LIMITED=7");
  }

  @Test
  void aBadRateLimitIsAUsageError() {
    for (String bad : new String[] {"0", "-5", "fast", "10:0", "10:2:3", "1e10"}) {
      CommandRun server = new CommandRun();
      assertThat(server.execute("wc-server", "127.0.0.1", "0", "--rate-limit", bad))
          .as(bad)
          .isEqualTo(2);
      assertThat(server.err.toString()).as(bad).contains("--rate-limit");
    }
  }

  @Test
  void rateLimitDefaultsItsBurstToOneSecondsWorth() {
    assertThat(RateLimit.parse("20")).isEqualTo(new RateLimit(20, 20));
    assertThat(RateLimit.parse("2.5")).isEqualTo(new RateLimit(2.5, 3));
    assertThat(RateLimit.parse("0.1")).isEqualTo(new RateLimit(0.1, 1));
    assertThat(RateLimit.parse(" 20:40 ")).isEqualTo(new RateLimit(20, 40));
  }

  @Test
  void loadWithMalformedDatagramsReportsEveryRequestAnsweredAndTheServerCountsEachDrop()
      throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "2", "-q");
    String port = String.valueOf(portOf(server));

    CommandRun load = new CommandRun();
    assertThat(
            load.execute(
                "wc-load",
                "127.0.0.1",
                port,
                "--duration",
                "0.5",
                "--warmup",
                "0",
                "--in-flight",
                "4",
                "--malformed-ratio",
                "0.5",
                "-q"))
        .as(load.err.toString())
        .isZero();
    Matcher run =
        Pattern.compile(
                "whole run: (\\d+) requests sent, (\\d+) answered in time, (\\d+) lost"
                    + " \\((\\d+) answered late\\), 4 in flight at the end;"
                    + " (\\d+) malformed datagrams sent \\(([0-9.]+) %\\); (.*)")
            .matcher(load.out.toString());
    assertThat(run.find()).as(load.out.toString()).isTrue();
    long requests = Long.parseLong(run.group(1));
    long answered = Long.parseLong(run.group(2));
    long lost = Long.parseLong(run.group(3));
    long malformed = Long.parseLong(run.group(5));
    assertThat(requests).isEqualTo(answered + lost + 4);
    assertThat(malformed).isEqualTo(requests); // one malformed per request at 0.5
    assertThat(run.group(7))
        .isEqualTo(lost == 0 ? "every request answered" : "NOT every request answered");

    assertThat(serving.get()).isZero();
    // every malformed datagram reached the server and was dropped, never answered
    assertThat(server.out.toString()).contains("dropped " + malformed + " {");
  }

  @Test
  void malformedDatagramsAreAllDroppedByTheServerCore() {
    WallClockServerCore core = new WallClockServerCore(new SysClock());
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] datagram = WcLoadCommand.malformed(random);
      assertThat(core.handle(datagram, 1e9)).isInstanceOf(WallClockServerCore.Reply.Drop.class);
    }
  }

  @Test
  void aBadMalformedRatioIsAUsageError() {
    CommandRun load = new CommandRun();
    assertThat(load.execute("wc-load", "127.0.0.1", "6677", "--malformed-ratio", "1")).isEqualTo(2);
    assertThat(load.err.toString()).contains("--malformed-ratio 0..0.99");
  }

  @Test
  void clientFollowsAWebSocketUrl() throws Exception {
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      CommandRun client = new CommandRun();
      assertThat(client.execute("wc-client", tv.wcWebSocketUrl(), "--duration", "1.5", "-q"))
          .as(client.err.toString())
          .isZero();
      assertThat(client.out.toString()).startsWith("following " + tv.wcWebSocketUrl() + " with ");
      assertThat(tv.wcWebSocketCounters().answered()).isPositive();
      CommandRun bad = new CommandRun();
      assertThat(bad.execute("wc-client", tv.wcWebSocketUrl(), "7681")).isEqualTo(2);
    }
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
  void clientAndLoadGeneratorTakeTheServerAsAUdpUrl() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "8", "-q");
    int port = portOf(server);
    // the server as a TV advertises it in CII: udp://host:port
    String url = "udp://127.0.0.1:" + port;
    CommandRun client = new CommandRun();
    assertThat(client.execute("wc-client", url, "--duration", "2", "-q"))
        .as(client.err.toString())
        .isZero();
    assertThat(client.out.toString()).startsWith("following 127.0.0.1:" + port + " with ");
    CommandRun load = new CommandRun();
    assertThat(
            load.execute(
                "wc-load", url, "--duration", "0.5", "--warmup", "0", "--in-flight", "1", "-q"))
        .as(load.err.toString())
        .isZero();
    assertThat(load.out.toString()).contains("in-flight 1:");
    assertThat(serving.get()).isZero();
  }

  @Test
  void aServerIsGivenAsAUrlOrAsHostAndPortNotBoth() {
    CommandRun client = new CommandRun();
    assertThat(client.execute("wc-client", "udp://127.0.0.1:6677", "6677")).isEqualTo(2);
    assertThat(client.err.toString()).contains("as udp://host:port or as HOST PORT, not both");
    CommandRun load = new CommandRun();
    assertThat(load.execute("wc-load", "udp://127.0.0.1:6677/path")).isEqualTo(2);
    assertThat(load.err.toString()).contains("must be udp://host:port");
  }

  @Test
  void frequencyTrackingFollowsTheServer() throws Exception {
    CommandRun server = new CommandRun();
    CompletableFuture<Integer> serving =
        server.executeInBackground("wc-server", "127.0.0.1", "0", "--duration", "4", "-q");
    String port = String.valueOf(portOf(server));
    CommandRun client = new CommandRun();
    assertThat(
            client.execute(
                "wc-client",
                "127.0.0.1",
                port,
                "--algorithm",
                "Frequency-Tracking",
                "--interval",
                "0.1",
                "--duration",
                "2",
                "--json",
                "-q"))
        .as(client.err.toString())
        .isZero();
    assertThat(client.out.toString().lines()).anyMatch(l -> l.contains("\"available\":true,"));
    assertThat(new WcClientCommand.AlgorithmConverter().convert("frequency-tracking"))
        .isEqualTo(WcClientCommand.Algorithm.FREQUENCY_TRACKING);
    assertThat(WcClientCommand.Algorithm.FREQUENCY_TRACKING.create(Duration.ofSeconds(1)))
        .isInstanceOf(FrequencyTracking.class);
    assertThat(serving.get()).isZero();
  }

  @Test
  void unknownAlgorithmIsAUsageError() {
    CommandRun client = new CommandRun();
    assertThat(client.execute("wc-client", "127.0.0.1", "6677", "--algorithm", "best-guess"))
        .isEqualTo(2);
    assertThat(client.err.toString())
        .contains("unknown algorithm 'best-guess'")
        .contains("frequency-tracking");
  }

  @Test
  void serverRefusesANegativeDuration() {
    CommandRun server = new CommandRun();
    assertThat(server.execute("wc-server", "127.0.0.1", "0", "--duration", "-1", "-q"))
        .isEqualTo(2);
    assertThat(server.err.toString()).contains("--duration must be >= 0");
  }
}
