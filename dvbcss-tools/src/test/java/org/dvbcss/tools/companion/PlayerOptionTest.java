package org.dvbcss.tools.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dvbcss.companion.Companion;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code companion --player}: the option, the simulated player and the line protocol's pipes. */
class PlayerOptionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static PlayerOption parse(String... args) {
    PlayerOption option = new PlayerOption();
    new CommandLine(
            new Object() {
              @CommandLine.Mixin PlayerOption player = option;
            })
        .parseArgs(args);
    return option;
  }

  @Test
  void choosesNoneSimOrStdioAndRejectsAnythingElse() throws Exception {
    assertThat(parse().problem()).isNull();
    assertThat(parse("--player", "sim").usesStdout()).isFalse();
    assertThat(parse("--player", "stdio").usesStdout()).isTrue();
    PlayerOption bad = parse("--player", "vlc");
    assertThat(bad.problem()).isEqualTo("--player must be sim or stdio, was vlc");
    try (Companion companion = new Companion()) {
      assertThat(parse().start(companion, new StringReader(""), new StringWriter())).isNull();
      assertThatThrownBy(() -> bad.start(companion, new StringReader(""), new StringWriter()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void stdioWritesCommandsToThePipeAndShowsWaitingWithoutATimeline() throws Exception {
    PipedWriter toCommand = new PipedWriter();
    PipedReader commandIn = new PipedReader(toCommand);
    StringWriter commands = new StringWriter();
    try (Companion companion = new Companion();
        PlayerOption.Running running =
            parse("--player", "stdio").start(companion, commandIn, commands)) {
      // no TV yet: the player is paused and asked for its position every tick
      await()
          .atMost(WAIT)
          .until(() -> commands.toString().lines().filter("query"::equals).count() >= 3);
      assertThat(commands.toString().lines()).contains("rate 0.000000");
      toCommand.write("pos 1.000 at 5\n");
      toCommand.flush();
      await().atMost(WAIT).until(() -> running.statusText().startsWith("player stdio"));
      assertThat(running.statusText()).contains("waiting", "error unknown", "within -");
      ObjectNode status = new ObjectMapper().createObjectNode();
      running.statusJson(status);
      assertThat(status.path("player").path("state").asString()).isEqualTo("waiting");
      assertThat(status.path("player").path("error_ms").isNull()).isTrue();
      // no timeline for longer than the alert delay (0.5 s): the bound alert is raised
      await()
          .atMost(WAIT)
          .until(
              () -> {
                ObjectNode later = new ObjectMapper().createObjectNode();
                running.statusJson(later);
                return later.path("player").path("bound_alert").asBoolean();
              });
      toCommand.close();
      await().atMost(WAIT).until(() -> running.statusText().startsWith("player stdio ended"));
    }
  }

  @Test
  void theSimulatedPlayerFollowsATvAndTheStatusLineSaysHowWell() throws Exception {
    try (Tv tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
                .transition(Duration.ZERO)
                .build())) {
      tv.seek(20);
      CommandRun run = new CommandRun();
      CompletableFuture<Integer> running =
          run.executeInBackground(
              "companion", tv.ciiUrl(), "--player", "sim", "--json", "--duration", "5", "-q");
      assertThat(running.get()).isZero();
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> players =
          run.out
              .toString()
              .lines()
              .map(json::readTree)
              .filter(l -> l.has("status"))
              .map(l -> l.path("status").path("player"))
              .toList();
      assertThat(players).isNotEmpty().allMatch(p -> p.has("state") && p.has("player_state"));
      JsonNode last = players.get(players.size() - 1);
      // after a seek to 20 s the player is in step, playing at about normal speed
      assertThat(last.path("state").asString()).isIn("holding", "correcting");
      assertThat(last.path("player_state").asString()).startsWith("playing");
      assertThat(Math.abs(last.path("error_ms").asDouble())).isLessThan(20);
      assertThat(last.path("seeks").asLong()).isBetween(1L, 2L);
      // and the text form
      CommandRun text = new CommandRun();
      assertThat(
              text.executeInBackground(
                      "companion", tv.ciiUrl(), "--player", "sim", "--duration", "3", "-q")
                  .get())
          .isZero();
      assertThat(text.out.toString().lines().filter(l -> l.startsWith("status:")))
          .last()
          .asString()
          .containsPattern(
              "player playing at 1\\.\\d{4}x  (holding|correcting)  error [+-]\\d+\\.\\d{3} ms  within \\d+\\.\\d %");
    }
  }
}
