package org.dvbcss.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dvbcss.companion.check.CheckConfig;
import org.dvbcss.companion.check.GuidedStep;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.companion.check.Rules;
import org.dvbcss.companion.check.Status;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tools.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String URL = "ws://127.0.0.1:7681/cii";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<CheckConfig> seen = new AtomicReference<>();

  /** A runner that reports {@code results} through the listener, as the checker does. */
  private CheckCommand.Runner fabricated(List<RuleResult> results, boolean reached) {
    return (config, listener) -> {
      seen.set(config);
      listener.progress("connecting to CSS-CII at " + config.ciiUrl());
      results.forEach(listener::result);
      return Reports.report(results, reached);
    };
  }

  private int run(CheckCommand.Runner runner, InputStream in, String... args) {
    return new CommandLine(new CheckCommand(runner, in))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  private int run(CheckCommand.Runner runner, String... args) {
    return run(runner, InputStream.nullInputStream(), args);
  }

  private static RuleResult pass() {
    return RuleResult.of(Rules.CII_2, Status.PASS, "protocolVersion 1.1", "1.1");
  }

  @Test
  void isRegisteredInMain() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("check");
  }

  @Test
  void theDefaultsAreThoseOfCheckConfig() {
    assertThat(run(fabricated(List.of(pass()), true), URL)).isZero();
    CheckConfig c = seen.get();
    CheckConfig d = CheckConfig.of(URL);
    assertThat(c.ciiUrl()).isEqualTo(URL);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(65)).isEqualTo(d.duration());
    assertThat(c.connectTimeout()).isEqualTo(d.connectTimeout());
    assertThat(c.rapidConnections()).isEqualTo(d.rapidConnections());
    assertThat(c.tsClients()).isEqualTo(d.tsClients());
    assertThat(c.guide()).isNull();
    assertThat(c.wallClockServer()).isNull();
    assertThat(c.steps()).containsExactly(GuidedStep.values());
  }

  @Test
  void everyOptionReachesTheConfig() {
    int status =
        run(
            fabricated(List.of(pass()), true),
            URL,
            "--duration",
            "2.5",
            "--connect-timeout",
            "0.5",
            "--rapid-connections",
            "0",
            "--ts-clients",
            "3",
            "--wc-server",
            "udp://10.0.0.2:7000",
            "--guided",
            "--steps",
            "pause,stop-sync");
    assertThat(status).isZero();
    CheckConfig c = seen.get();
    assertThat(c.duration()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.rapidConnections()).isZero();
    assertThat(c.tsClients()).isEqualTo(3);
    assertThat(c.wallClockServer()).isEqualTo(new UdpUrl("10.0.0.2", 7000));
    assertThat(c.guide()).isNotNull();
    assertThat(c.steps()).containsExactly(GuidedStep.PAUSE, GuidedStep.STOP_SYNC);
  }

  @Test
  void badValuesAreUsageErrors() {
    List<List<String>> bad =
        List.of(
            List.of("http://127.0.0.1/cii"),
            List.of(URL, "--duration", "0.5"),
            List.of(URL, "--duration", "NaN"),
            List.of(URL, "--connect-timeout", "0"),
            List.of(URL, "--rapid-connections", "-1"),
            List.of(URL, "--ts-clients", "0"),
            List.of(URL, "--wc-server", "tcp://x:1"),
            List.of(URL, "--guided", "--steps", "pause,dance"),
            List.of(URL, "--steps", "pause"),
            List.of(URL, "--html", "/no/such/directory/report.html"),
            List.of());
    for (List<String> args : bad) {
      seen.set(null);
      assertThat(run(fabricated(List.of(pass()), true), args.toArray(String[]::new)))
          .as(args.toString())
          .isEqualTo(2);
      assertThat(seen.get()).as(args.toString()).isNull();
    }
    assertThat(err.toString()).contains("--steps: unknown step 'dance'", "--steps needs --guided");
  }

  @Test
  void theExitStatusIsTheReportsZeroOneOrTwo() {
    RuleResult fail = RuleResult.of(Rules.TS_3, Status.FAIL, "numbers", "strings");
    RuleResult warn = RuleResult.of(Rules.CII_10, Status.WARN, "0.0.0.0", "a reachable host");
    assertThat(run(fabricated(List.of(pass(), warn), true), URL)).isZero();
    assertThat(run(fabricated(List.of(pass(), fail), true), URL)).isEqualTo(1);
    assertThat(run(fabricated(List.of(), false), URL)).isEqualTo(2);
  }

  @Test
  void textGoesToStdoutAndProgressToStderr() {
    assertThat(run(fabricated(Reports.everyStatus(), true), URL)).isEqualTo(1);
    String text = out.toString();
    assertThat(text)
        .startsWith("dvbcss check of " + URL)
        .containsSubsequence(
            "PASS  R-CII-2    cii   first message carries protocolVersion 1.1",
            "FAIL  R-TS-3",
            "      observed: ",
            "WARN  R-CII-10",
            "INFO  R-WC-9     wc    round trip 1.2 ms",
            "FAIL: 1 pass, 1 fail, 2 warn, 1 info");
    assertThat(text).doesNotContain("connecting to");
    assertThat(err.toString()).contains("check: connecting to CSS-CII at " + URL);
  }

  @Test
  void jsonLinesParseAndTheLastIsTheSummary() {
    List<RuleResult> results = Reports.everyStatus();
    assertThat(run(fabricated(results, true), URL, "--json")).isEqualTo(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(results.size() + 1);
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      nodes.add(JSON.readTree(line));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(nodes.get(i).get("rule").asString()).isEqualTo(results.get(i).id());
    }
    JsonNode summary = nodes.get(lines.size() - 1).get("summary");
    assertThat(summary.get("pass").asInt()).isEqualTo(1);
    assertThat(summary.get("fail").asInt()).isEqualTo(1);
    assertThat(summary.get("warn").asInt()).isEqualTo(2);
    assertThat(summary.get("info").asInt()).isEqualTo(1);
    assertThat(err.toString()).contains("check: connecting");
  }

  @Test
  void htmlWritesAFileWithEveryRuleAndThePlots(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("report.html");
    List<RuleResult> results = Reports.everyStatus();
    assertThat(run(fabricated(results, true), URL, "--html", file.toString())).isEqualTo(1);
    String html = Files.readString(file);
    for (RuleResult r : results) {
      assertThat(html).contains(r.id());
    }
    assertThat(html).contains("<svg").doesNotContain("<script");
    assertThat(out.toString()).contains("PASS  R-CII-2"); // the text report is printed as well
  }

  @Test
  void guidedStepsArePromptedOnStderrAndWaitForEnter() {
    CheckCommand.Runner runner =
        (config, listener) -> {
          for (GuidedStep step : config.steps()) {
            config.guide().perform(step);
          }
          return Reports.report(List.of(pass()), true);
        };
    InputStream enter = new ByteArrayInputStream("\n\n".getBytes(StandardCharsets.UTF_8));
    assertThat(run(runner, enter, URL, "--guided", "--steps", "pause,play,change-content"))
        .isZero();
    assertThat(err.toString())
        .containsSubsequence(
            "step 1 of 3: " + GuidedStep.PAUSE.instruction(),
            "step 2 of 3: " + GuidedStep.PLAY.instruction(),
            "step 3 of 3: " + GuidedStep.CHANGE_CONTENT.instruction(),
            "input ended");
    assertThat(out.toString()).doesNotContain("step 1");
  }
}
