package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dvbcss.tools.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class AccuracyCommandTest {

  @Test
  void listsScenariosAndAlgorithms() {
    CommandRun run = new CommandRun();
    assertThat(run.execute("accuracy", "--list")).isZero();
    for (Scenario s : Scenarios.all()) {
      assertThat(run.out.toString()).contains(s.name());
    }
    assertThat(run.out.toString()).contains("algorithms: " + String.join(", ", Algorithms.names()));
  }

  @Test
  void refusesUnknownNames() {
    CommandRun scenario = new CommandRun();
    assertThat(scenario.execute("accuracy", "--scenario", "nowhere")).isEqualTo(2);
    assertThat(scenario.err.toString()).contains("unknown scenario nowhere");
    CommandRun algorithm = new CommandRun();
    assertThat(algorithm.execute("accuracy", "--algorithm", "guess", "--duration", "1"))
        .isEqualTo(2);
    assertThat(algorithm.err.toString()).contains("unknown algorithm guess");
    CommandRun duration = new CommandRun();
    assertThat(duration.execute("accuracy", "--duration", "0")).isEqualTo(2);
  }

  @Test
  void writesJsonAndHtmlOfAShortRun(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("a.json");
    Path html = dir.resolve("a.html");
    CommandRun run = new CommandRun();
    int status =
        run.execute(
            "accuracy",
            "-q",
            "--scenario",
            "clean",
            "--algorithm",
            "lowest-dispersion",
            "--duration",
            "2",
            "--json",
            json.toString(),
            "--html",
            html.toString());
    assertThat(status).as(run.out.toString()).isZero();
    assertThat(run.out.toString()).contains("every sample of every run was within its bound");
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertThat(root.get("runs")).hasSize(1);
    assertThat(root.get("runs").get(0).get("honest").asBoolean()).isTrue();
    assertThat(root.get("runs").get(0).get("bounded").asInt()).isGreaterThan(50);
    assertThat(Files.readString(html)).contains("<tr class=\"pass\"><td>clean</td>");
  }
}
