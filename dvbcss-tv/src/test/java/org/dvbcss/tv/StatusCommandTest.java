package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusCommandTest {
  @Test
  void readsEveryCommand() {
    assertThat(StatusCommand.parse("{\"command\":\"pause\"}").kind())
        .isEqualTo(StatusCommand.Kind.PAUSE);
    assertThat(StatusCommand.parse("{\"command\":\"play\"}").kind())
        .isEqualTo(StatusCommand.Kind.PLAY);
    assertThat(StatusCommand.parse("{\"command\":\"togglePlay\"}").kind())
        .isEqualTo(StatusCommand.Kind.TOGGLE_PLAY);
    assertThat(StatusCommand.parse("{\"command\":\"next\",\"extra\":1}").kind())
        .isEqualTo(StatusCommand.Kind.NEXT);
    assertThat(StatusCommand.parse("{\"command\":\"seek\",\"seconds\":-10}"))
        .isEqualTo(new StatusCommand(StatusCommand.Kind.SEEK, -10, ""));
    assertThat(StatusCommand.parse("{\"command\":\"speed\",\"speed\":0.5}"))
        .isEqualTo(new StatusCommand(StatusCommand.Kind.SPEED, 0.5, ""));
    assertThat(StatusCommand.parse("{\"command\":\"toggleTimeline\",\"name\":\"temi\"}"))
        .isEqualTo(new StatusCommand(StatusCommand.Kind.TOGGLE_TIMELINE, 0, "temi"));
  }

  @Test
  void rejectsWithAMessageForThePage() {
    assertThatThrownBy(() -> StatusCommand.parse("{")).hasMessage("not JSON");
    assertThatThrownBy(() -> StatusCommand.parse("[]")).hasMessage("a command is a JSON object");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":1}"))
        .hasMessage("\"command\" must be a string");
    assertThatThrownBy(() -> StatusCommand.parse("{}")).hasMessage("\"command\" must be a string");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"eject\"}"))
        .hasMessage("unknown command: eject");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"" + "x".repeat(50) + "\"}"))
        .hasMessage("unknown command: " + "x".repeat(40) + "...");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"seek\"}"))
        .hasMessage("\"seconds\" must be a number");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"seek\",\"seconds\":\"5\"}"))
        .hasMessage("\"seconds\" must be a number");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"speed\",\"speed\":1e400}"))
        .hasMessage("\"speed\" must be finite");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"toggleTimeline\"}"))
        .hasMessage("\"name\" must be a string");
    assertThatThrownBy(() -> StatusCommand.parse("{\"command\":\"toggleTimeline\",\"name\":\"x\"}"))
        .hasMessage("no timeline named x");
    assertThatThrownBy(() -> new StatusCommand(StatusCommand.Kind.SEEK, Double.NaN, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  private static final List<String> FRAGMENTS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          "\"command\"",
          ":",
          ",",
          "\"seek\"",
          "\"speed\"",
          "\"seconds\"",
          "\"name\"",
          "\"toggleTimeline\"",
          "1e999",
          "-1e999",
          "NaN",
          "Infinity",
          "null",
          "true",
          "\"\"",
          "12",
          "\"pts\"",
          "\"nope\"",
          " ",
          "\u00e9",
          "\\",
          "\"");

  /** Random jumbles of command-like text: each is a command or an IllegalArgumentException. */
  @ParameterizedTest
  @MethodSource("seeds")
  void malformedCommandsAreRejectedCleanly(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
      }
      String t = text.toString();
      try {
        StatusCommand command = StatusCommand.parse(t);
        assertThat(Double.isFinite(command.number())).isTrue();
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  /** Valid commands with a field of the wrong type or value are always rejected. */
  @ParameterizedTest
  @MethodSource("seeds")
  void wrongTypesAreRejected(long seed) {
    Random random = new Random(seed);
    List<String> wrong = List.of("\"1\"", "null", "true", "[]", "{}", "1e400", "-1e400");
    for (int i = 0; i < 50; i++) {
      String value = wrong.get(random.nextInt(wrong.size()));
      String text =
          switch (random.nextInt(3)) {
            case 0 -> "{\"command\":\"seek\",\"seconds\":" + value + "}";
            case 1 -> "{\"command\":\"speed\",\"speed\":" + value + "}";
            default ->
                "{\"command\":\"toggleTimeline\",\"name\":"
                    + (value.equals("\"1\"") ? "5" : value)
                    + "}";
          };
      assertThatThrownBy(() -> StatusCommand.parse(text))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
