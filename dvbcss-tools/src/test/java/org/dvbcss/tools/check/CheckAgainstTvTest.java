package org.dvbcss.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code check} with the real checker against {@code tv}, on loopback: found by DIAL, judged with
 * no FAIL and no WARN, in JSON lines and an HTML report; and the exit status 2 for a TV that is not
 * there.
 */
class CheckAgainstTvTest {
  @Test
  void aDiscoveredTvPassesWithJsonAndHtml(@TempDir Path dir) throws Exception {
    CommandRun tv = new CommandRun();
    CompletableFuture<Integer> running =
        tv.executeInBackground(
            "tv",
            "127.0.0.1",
            "0",
            "127.0.0.1",
            "0",
            "--ssdp-address",
            "127.0.0.1:0",
            "--no-keyboard",
            "--duration",
            "40",
            "-q");
    String cii = tv.awaitOutput(Pattern.compile("CII (ws://127\\.0\\.0\\.1:\\d+/cii)")).group(1);
    Matcher dial =
        tv.awaitOutput(Pattern.compile("DIAL http://\\S+ +\\(SSDP 127\\.0\\.0\\.1:(\\d+)\\)"));
    Path html = dir.resolve("report.html");

    CommandRun check = new CommandRun();
    int status =
        check.execute(
            "check",
            "--discover",
            "--search-address",
            "127.0.0.1:" + dial.group(1),
            "--discovery-timeout",
            "1",
            "--duration",
            "2",
            "--rapid-connections",
            "20",
            "--ts-clients",
            "3",
            "--json",
            "--html",
            html.toString(),
            "-q");
    List<String> lines = check.out.toString().lines().toList();
    assertThat(status).as(check.out + "\n" + check.err).isZero();
    JsonMapper json = JsonMapper.builder().build();
    int pass = 0;
    for (String line : lines.subList(0, lines.size() - 1)) {
      JsonNode r = json.readTree(line);
      assertThat(r.get("status").asString()).as(line).isIn("PASS", "INFO");
      assertThat(r.get("protocol").asString()).isIn("dial", "ws", "cii", "wc", "ts");
      assertThat(r.get("evidence").isObject()).isTrue();
      if (r.get("status").asString().equals("PASS")) {
        pass++;
      }
    }
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"rule\":\"R-DISC-4\""));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("\"rule\":\"R-CII-2\"").contains("PASS"));
    JsonNode summary = json.readTree(lines.get(lines.size() - 1)).get("summary");
    assertThat(summary.get("fail").asInt()).isZero();
    assertThat(summary.get("warn").asInt()).isZero();
    assertThat(summary.get("pass").asInt()).isEqualTo(pass);
    String page = Files.readString(html);
    assertThat(page).contains("R-DISC-1", "R-WC-9", "R-TS-12", "<svg", cii);
    assertThat(running.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aTvThatIsNotThereExitsWithTwo() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CommandRun check = new CommandRun();
    assertThat(
            check.execute(
                "check", "ws://127.0.0.1:" + port + "/cii", "--connect-timeout", "1", "-q"))
        .isEqualTo(2);
    assertThat(check.out.toString()).contains("FAIL").contains("R-CII-1");
  }
}
