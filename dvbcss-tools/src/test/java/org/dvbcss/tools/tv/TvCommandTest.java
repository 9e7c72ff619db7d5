package org.dvbcss.tools.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.net.testing.JdkWebSocketPeer;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.wc.WcMessage;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tv.DemoContent;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code tv} command end to end, on loopback with ephemeral ports. */
class TvCommandTest {
  private static final String[] LOOPBACK = {"tv", "127.0.0.1", "0", "127.0.0.1", "0", "--no-dial"};

  private static String[] args(String... more) {
    String[] all = new String[LOOPBACK.length + more.length];
    System.arraycopy(LOOPBACK, 0, all, 0, LOOPBACK.length);
    System.arraycopy(more, 0, all, LOOPBACK.length, more.length);
    return all;
  }

  @Test
  void scriptWithJsonPrintsUrlsActionsAndStatusAsJsonLines(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("actions.txt");
    Files.writeString(
        script,
        String.join(
            "\n",
            "# pause, seek while paused, resume at double speed, next content, lose TEMI",
            "0.1 p",
            "0.2 +10",
            "0.3 s 2",
            "0.4 n",
            "0.5 t temi",
            "0.6 q",
            ""));
    CommandRun run = new CommandRun();
    int code =
        run.execute(
            args(
                "--no-keyboard", "--json", "--script", script.toString(), "--status", "0.2", "-q"));
    assertThat(code).as(run.err.toString()).isZero();
    List<String> lines = run.out.toString().lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"event\":\""));
    assertThat(lines.get(0))
        .matches(
            "\\{\"event\":\"started\",\"ciiUrl\":\"ws://127\\.0\\.0\\.1:\\d+/cii\","
                + "\"tsUrl\":\"ws://127\\.0\\.0\\.1:\\d+/ts\",\"wcUrl\":\"udp://127\\.0\\.0\\.1:\\d+\","
                + "\"wcWebSocketUrl\":\"ws://127\\.0\\.0\\.1:\\d+/wc\",\"pageUrl\":\"http://127\\.0\\.0\\.1:\\d+/\","
                + "\"lanCiiUrls\":\\[\\],\"lanPageUrls\":\\[\\]\\}");
    String out = run.out.toString();
    assertThat(out)
        .contains("\"source\":\"script\",\"action\":\"p\",\"result\":\"paused at")
        .contains("\"action\":\"+10\",\"result\":\"seeked +10.000 s, now at 10.")
        .contains("\"action\":\"s 2\",\"result\":\"speed 2.0 at 10.")
        .contains("\"result\":\"next content " + DemoContent.CONTENT_IDS.get(1) + "\"")
        .contains("\"result\":\"timeline temi (" + DemoContent.TEMI + ") unavailable\"")
        .contains("\"action\":\"q\",\"result\":\"quit\"")
        .contains("{\"event\":\"status\"")
        .contains("\"timelines\":{\"pts\":true,\"temi\":")
        .endsWith("{\"event\":\"stopped\"}" + System.lineSeparator());
    // each status line is a complete JSON object with the read-outs
    assertThat(lines.stream().filter(l -> l.contains("\"status\"")).findFirst().orElseThrow())
        .containsPattern("\"contentId\":\"dvb://[^\"]+\",\"presentationStatus\":\"okay\"")
        .containsPattern("\"positionSeconds\":[0-9.]+,\"speed\":[0-9.]+")
        .contains("\"ciiConnections\":0,\"tsConnections\":0,\"wcAnswered\":0");
  }

  @Test
  void plainOutputPrintsTheCiiUrlFirstThenStatusLines() {
    CommandRun run = new CommandRun();
    int code = run.execute(args("--no-keyboard", "--status", "0.1", "--duration", "0.35", "-q"));
    assertThat(code).as(run.err.toString()).isZero();
    List<String> lines = run.out.toString().lines().toList();
    assertThat(lines.get(0)).matches("CII ws://127\\.0\\.0\\.1:\\d+/cii .*point companions here");
    assertThat(lines.get(1)).matches("TS  ws://127\\.0\\.0\\.1:\\d+/ts");
    assertThat(lines.get(2)).matches("WC  udp://127\\.0\\.0\\.1:\\d+");
    assertThat(lines.get(3)).matches("WC-WS ws://127\\.0\\.0\\.1:\\d+/wc");
    assertThat(lines.get(4)).matches("PAGE http://127\\.0\\.0\\.1:\\d+/ .*open in a browser");
    assertThat(lines.subList(5, lines.size()))
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .containsPattern(
                        "content dvb://\\S+ okay  position [0-9.]+ s  speed 1\\.0  companions cii 0"
                            + " ts 0  wc answered 0"));
  }

  @Test
  void keyboardActionsApplyAndEofKeepsRunningUntilTheDuration() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String typed = "h\np\nbogus\nt dash\n+5\n";
    TvCommand command =
        new TvCommand(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)));
    int code =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute("127.0.0.1", "0", "127.0.0.1", "0", "--status", "0", "--duration", "1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("t NAME   toggle a timeline")
        .contains("keyboard: paused at")
        .contains("error: unknown action 'bogus' (h for help)")
        .contains("keyboard: timeline dash (" + DemoContent.DASH + ") unavailable")
        .containsPattern("keyboard: seeked \\+5\\.000 s, now at 5\\.\\d+ s")
        .contains("standard input closed; running until --duration ends");
  }

  /** {@code --demo}, and its old spelling {@code --cycle}, which says it is deprecated. */
  @ParameterizedTest
  @ValueSource(strings = {"--demo", "--cycle"})
  void demoRunsEveryStepInOrder(String demo) {
    CommandRun run = new CommandRun();
    int code =
        run.execute(
            args(
                "--no-keyboard",
                demo,
                "--step",
                "0.05",
                "--status",
                "0",
                "--duration",
                "2",
                "--transition",
                "0",
                "-q"));
    assertThat(code).as(run.err.toString()).isZero();
    assertThat(run.out.toString())
        .containsSubsequence(
            "cycle: paused at",
            "cycle: playing at",
            "cycle: seeked +30.000 s",
            "cycle: speed 2.0",
            "cycle: speed 1.0",
            "cycle: seeked -10.000 s",
            "cycle: timeline temi (" + DemoContent.TEMI + ") unavailable",
            "cycle: timeline temi (" + DemoContent.TEMI + ") available",
            "cycle: next content " + DemoContent.CONTENT_IDS.get(1));
    String note = "dvbcss tv: --cycle is deprecated, use --demo";
    if (demo.equals("--cycle")) {
      assertThat(run.err.toString().lines()).containsOnlyOnce(note);
    } else {
      assertThat(run.err.toString()).doesNotContain("deprecated");
    }
  }

  @Test
  void keyboardClosedIsAJsonEvent() {
    StringWriter out = new StringWriter();
    TvCommand command = new TvCommand(new ByteArrayInputStream(new byte[0]));
    int code =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .execute("127.0.0.1", "0", "127.0.0.1", "0", "--json", "--duration", "0.3");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("{\"event\":\"keyboardClosed\",\"at\":");
  }

  @Test
  void keyboardQuitStopsBeforeTheDuration() {
    StringWriter out = new StringWriter();
    TvCommand command =
        new TvCommand(new ByteArrayInputStream("q\n".getBytes(StandardCharsets.UTF_8)));
    long start = System.nanoTime();
    int code =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .execute("127.0.0.1", "0", "127.0.0.1", "0", "--duration", "30");
    assertThat(code).isZero();
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
    assertThat(out.toString()).contains("keyboard: quit");
  }

  @Test
  void aCompanionSeesTheScriptedContentChange(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("s.txt");
    Files.writeString(script, "0.5 n\n");
    CommandRun run = new CommandRun();
    CompletableFuture<Integer> running =
        run.executeInBackground(
            args("--no-keyboard", "--script", script.toString(), "--duration", "3", "-q"));
    Matcher url = run.awaitOutput(Pattern.compile("ws://127\\.0\\.0\\.1:\\d+/cii"));
    try (JdkWebSocketPeer cii = new JdkWebSocketPeer(URI.create(url.group()))) {
      String first = Cii.decode(cii.next()).contentId().value();
      // on a slow machine the companion may connect after the scripted change: then the first
      // state already has it; otherwise the change must follow as a diff
      if (!first.equals(DemoContent.CONTENT_IDS.get(1))) {
        assertThat(first).isEqualTo(DemoContent.CONTENT_IDS.get(0));
        Cii change = Cii.decode(cii.next());
        assertThat(change.contentId().value()).isEqualTo(DemoContent.CONTENT_IDS.get(1));
      }
      run.awaitOutput(Pattern.compile("companions cii 1 ts 0"));
    }
    assertThat(running.get()).isZero();
  }

  @Test
  void clockOffsetAndDriftMakeTheWallClockDifferAndTheDeclaredErrorCoverIt() throws Exception {
    CommandRun run = new CommandRun();
    CompletableFuture<Integer> running =
        run.executeInBackground(
            args(
                "--no-keyboard",
                "--clock-offset",
                "3.7",
                "--clock-drift",
                "300",
                "--duration",
                "1.5",
                "-q"));
    int port =
        Integer.parseInt(
            run.awaitOutput(Pattern.compile("WC  udp://127\\.0\\.0\\.1:(\\d+)")).group(1));
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5_000);
      byte[] request = WcMessage.request(1).encode();
      long before = System.nanoTime();
      socket.send(
          new DatagramPacket(
              request,
              request.length,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      DatagramPacket answer = new DatagramPacket(new byte[64], 64);
      socket.receive(answer);
      long after = System.nanoTime();
      WcMessage m = WcMessage.decode(java.util.Arrays.copyOf(answer.getData(), answer.getLength()));
      // wall ns = monotonic ns + 3.7e9 + monotonic ns * 300 / 1e6, at an instant in between
      assertThat((double) m.receiveNanos())
          .isBetween(before + 3.7e9 + before * 300e-6, after + 3.7e9 + after * 300e-6);
      assertThat(m.maxFreqError() / 256.0).isCloseTo(800, within(1.0 / 256));
    }
    assertThat(running.get()).isZero();
    assertThat(run.execute(args("--no-keyboard", "--clock-drift", "-1000000"))).isEqualTo(2);
    assertThat(run.err.toString()).contains("--clock-drift");
  }

  @Test
  void wcRateLimitLimitsEachSourceAddressOfTheWallClockServer() throws Exception {
    CommandRun run = new CommandRun();
    CompletableFuture<Integer> running =
        run.executeInBackground(
            args("--no-keyboard", "--wc-rate-limit", "0.01:2", "--duration", "1.5", "-q"));
    int port =
        Integer.parseInt(
            run.awaitOutput(Pattern.compile("WC  udp://127\\.0\\.0\\.1:(\\d+)")).group(1));
    int answers = 0;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 6; i++) {
        byte[] request = WcMessage.request(i).encode();
        socket.send(
            new DatagramPacket(
                request,
                request.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
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
    assertThat(answers).isEqualTo(2);
    assertThat(running.get()).isZero();
    assertThat(run.execute(args("--no-keyboard", "--wc-rate-limit", "0"))).isEqualTo(2);
    assertThat(run.err.toString()).contains("--wc-rate-limit");
  }

  @Test
  void badScriptsAreUsageErrors(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("bad.txt");
    Files.writeString(script, "1 p\n2 jump\n");
    CommandRun run = new CommandRun();
    assertThat(run.execute(args("--no-keyboard", "--script", script.toString()))).isEqualTo(2);
    assertThat(run.err.toString()).contains("bad.txt:2: unknown action 'jump'");
  }

  @Test
  void faultListPrintsEveryFaultWithItsDescriptionAndExitsZero() {
    CommandRun run = new CommandRun();
    assertThat(run.execute("tv", "--fault", "list")).as(run.err.toString()).isZero();
    List<String> lines = run.out.toString().lines().toList();
    assertThat(lines).hasSize(Fault.values().length);
    for (int i = 0; i < lines.size(); i++) {
      Fault f = Fault.values()[i];
      assertThat(lines.get(i)).startsWith(f.shortName() + " ").endsWith("  " + f.description());
    }
  }

  @Test
  void anUnknownFaultIsAUsageErrorNamingTheValidOnes() {
    CommandRun run = new CommandRun();
    assertThat(run.execute(args("--no-keyboard", "--fault", "flaky"))).isEqualTo(2);
    assertThat(run.err.toString())
        .contains("--fault: unknown fault 'flaky': " + Fault.validNames() + " (or list)");
  }

  @Test
  void helpNamesEveryFault() {
    CommandRun run = new CommandRun();
    assertThat(run.execute("tv", "--help")).isZero();
    String help = run.out.toString().replaceAll("\\s+", " ");
    assertThat(help).contains("--fault=NAME").contains("--fault list");
    for (Fault f : Fault.values()) {
      assertThat(help).contains(f.shortName());
    }
  }

  @Test
  void activeFaultsArePrintedAtStartupAndACompanionSeesThem() throws Exception {
    CommandRun run = new CommandRun();
    CompletableFuture<Integer> running =
        run.executeInBackground(
            args(
                "--no-keyboard",
                "--fault",
                "slow-timestamps",
                "--fault",
                "integers-as-numbers",
                "--duration",
                "6",
                "--status",
                "0",
                "-q"));
    run.awaitOutput(Pattern.compile("faults: integers-as-numbers, slow-timestamps"));
    List<String> lines = run.out.toString().lines().toList();
    assertThat(lines.get(3)).startsWith("WC-WS ws://");
    assertThat(lines.get(4)).startsWith("PAGE http://");
    assertThat(lines.get(5)).isEqualTo("faults: integers-as-numbers, slow-timestamps");
    String ts = run.awaitOutput(Pattern.compile("TS  (ws://\\S+)")).group(1);
    try (JdkWebSocketPeer peer = new JdkWebSocketPeer(URI.create(ts))) {
      peer.send("{\"contentIdStem\":\"\",\"timelineSelector\":\"" + DemoContent.PTS + "\"}");
      JsonNode ct = JsonMapper.builder().build().readTree(peer.next());
      assertThat(ct.get("contentTime").isIntegralNumber()).as(ct.toString()).isTrue();
    }
    assertThat(running.get()).isZero();
  }

  @Test
  void theJsonStartedEventListsTheFaultsOnlyWhenThereAreSome() {
    CommandRun run = new CommandRun();
    int code =
        run.execute(
            args(
                "--no-keyboard",
                "--json",
                "--fault",
                "no-close-frame",
                "--fault",
                "FULL_STATE",
                "--duration",
                "0.2",
                "--status",
                "0",
                "-q"));
    assertThat(code).as(run.err.toString()).isZero();
    assertThat(run.out.toString().lines().findFirst().orElseThrow())
        .startsWith("{\"event\":\"started\"")
        .endsWith(
            ",\"lanCiiUrls\":[],\"lanPageUrls\":[],\"faults\":[\"full-state\",\"no-close-frame\"]}");
  }

  @Test
  void actionsParse() {
    assertThat(TvAction.parse(" p ").kind()).isEqualTo(TvAction.Kind.TOGGLE_PLAY);
    assertThat(TvAction.parse("pause").kind()).isEqualTo(TvAction.Kind.PAUSE);
    assertThat(TvAction.parse("+12.5").number()).isEqualTo(12.5);
    assertThat(TvAction.parse("-3").number()).isEqualTo(-3);
    assertThat(TvAction.parse("s 0.5"))
        .extracting(TvAction::kind, TvAction::number)
        .containsExactly(TvAction.Kind.SPEED, 0.5);
    assertThat(TvAction.parse("t TEMI").timeline()).isEqualTo(Timeline.TEMI);
    assertThat(TvAction.parse("t " + DemoContent.DASH).timeline()).isEqualTo(Timeline.DASH);
    assertThat(TvAction.parse("n").kind()).isEqualTo(TvAction.Kind.NEXT);
    assertThat(TvAction.parse("q").kind()).isEqualTo(TvAction.Kind.QUIT);
    assertThatThrownBy(() -> TvAction.parse("s fast")).hasMessage("speed: not a number: 'fast'");
    assertThatThrownBy(() -> TvAction.parse("+NaN")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> TvAction.parse("t video")).hasMessageContaining("pts, temi or dash");
    assertThat(TvCommand.CYCLE).allSatisfy(TvAction::parse);
  }
}
