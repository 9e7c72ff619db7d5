package org.dvbcss.tools.companion;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.dvbcss.companion.Companion;
import org.dvbcss.net.testing.MinimalTv;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.tools.CommandRun;
import org.dvbcss.tools.ReadModeOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code companion} against a minimal TV written in the test (hand-written messages, a real wall
 * clock server): the deviations it accepts, said once per kind in the log, as JSON events and as a
 * count on the status line; {@code --strict}; and no word of any of it for a TV that follows the
 * spec.
 */
class CompanionToleranceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MinimalTv tv;
  private final Logger companionLog = (Logger) LoggerFactory.getLogger(Companion.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    companionLog.addAppender(logged);
  }

  @AfterEach
  void stop() {
    companionLog.detachAppender(logged);
    if (tv != null) {
      tv.close();
    }
  }

  private List<String> warnings() {
    synchronized (logged) {
      return logged.list.stream()
          .filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private static List<JsonNode> json(CommandRun run) {
    return run.out.toString().lines().map(JSON::readTree).toList();
  }

  private static List<JsonNode> events(List<JsonNode> lines, String name) {
    return lines.stream().filter(l -> name.equals(l.path("event").asString())).toList();
  }

  private static JsonNode lastStatus(List<JsonNode> lines) {
    List<JsonNode> statuses = lines.stream().filter(l -> l.has("status")).toList();
    assertThat(statuses).isNotEmpty();
    return statuses.get(statuses.size() - 1).get("status");
  }

  @Test
  void jsonCarriesOneDeviationEventPerKindAndTheStatusCountsThem() throws Exception {
    tv = MinimalTv.start(true);
    CommandRun run = new CommandRun();
    int code =
        run.execute(
            "companion",
            tv.ciiUrl().toString(),
            "--json",
            "--duration",
            "2.5",
            "--log-level",
            "warn");
    assertThat(code).as(run.err.toString()).isZero();

    List<JsonNode> lines = json(run);
    List<JsonNode> deviations = events(lines, "deviation");
    assertThat(deviations.stream().map(d -> d.path("kind").asString()))
        .containsExactlyInAnyOrder(
            Arrays.stream(Deviation.values()).map(Deviation::name).toArray(String[]::new));
    assertThat(deviations)
        .allMatch(
            d ->
                Deviation.valueOf(d.path("kind").asString())
                    .description()
                    .equals(d.path("description").asString()));
    assertThat(events(lines, "rejected")).isEmpty();
    assertThat(events(lines, "timeline_available")).hasSize(1);
    JsonNode status = lastStatus(lines);
    assertThat(status.path("available").asBoolean()).isTrue();
    assertThat(status.path("presentation_status").asString()).isEqualTo("okay");
    // one CII message and two control timestamps, each counted once per kind it deviated in
    assertThat(status.path("deviations").asLong()).isEqualTo(6);
    assertThat(status.has("rejected")).isFalse();
    // and the log said each kind once
    assertThat(warnings())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Deviation.values()).map(ReadModeOption::warning).toList());
  }

  @Test
  void textShowsTheCountOnTheStatusLineAndTheWarningsAreLogged() throws Exception {
    tv = MinimalTv.start(true);
    CommandRun run = new CommandRun();
    assertThat(
            run.execute(
                "companion", tv.ciiUrl().toString(), "--duration", "2.5", "--log-level", "warn"))
        .isZero();
    assertThat(run.out.toString())
        .contains("CII presentationStatus: (absent) -> \"okay\"")
        .contains("timeline available")
        .containsPattern("status: connected .* position \\d+\\.\\d{3} s .*  deviations 6\\R");
    assertThat(warnings())
        .contains(
            "TV deviates from the spec: "
                + Deviation.TS_INTEGER_AS_NUMBER.description()
                + " (accepted)")
        .hasSize(Deviation.values().length);
  }

  @Test
  void aTvThatFollowsTheSpecGetsTheOutputOfOld() throws Exception {
    tv = MinimalTv.start(false);
    CommandRun text = new CommandRun();
    assertThat(
            text.execute(
                "companion", tv.ciiUrl().toString(), "--duration", "2.5", "--log-level", "warn"))
        .isZero();
    List<String> statusLines =
        text.out.toString().lines().filter(l -> l.startsWith("status:")).toList();
    assertThat(statusLines)
        .isNotEmpty()
        .allMatch(
            l ->
                l.matches(
                    "status: connected  content \\S+  presentation okay  WC \\+/-\\d+\\.\\d{3} ms"
                        + "  timeline urn:dvb:css:timeline:pts  position \\d+\\.\\d{3} s  speed"
                        + " 1\\.00  error \\+/-\\d+\\.\\d{3} ms"),
            "nothing after the error bound");
    CommandRun json = new CommandRun();
    assertThat(
            json.execute("companion", tv.ciiUrl().toString(), "--json", "--duration", "2.5", "-q"))
        .isZero();
    List<JsonNode> lines = json(json);
    assertThat(events(lines, "deviation")).isEmpty();
    assertThat(events(lines, "rejected")).isEmpty();
    JsonNode status = lastStatus(lines);
    assertThat(status.path("available").asBoolean()).isTrue();
    assertThat(status.has("deviations")).isFalse();
    assertThat(status.has("rejected")).isFalse();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void strictRejectsTheDeviatingStateAndSaysWhy() throws Exception {
    tv = MinimalTv.start(true);
    CommandRun run = new CommandRun();
    assertThat(
            run.execute(
                "companion",
                tv.ciiUrl().toString(),
                "--strict",
                "--json",
                "--duration",
                "1.5",
                "--log-level",
                "warn"))
        .isZero(); // it connected: the TV is there, it just cannot be followed
    List<JsonNode> lines = json(run);
    assertThat(events(lines, "deviation")).isEmpty();
    List<JsonNode> rejected = events(lines, "rejected");
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).path("protocol").asString()).isEqualTo(Companion.CII);
    assertThat(rejected.get(0).path("reason").asString()).contains("presentationStatus");
    assertThat(events(lines, "following")).isEmpty();
    JsonNode status = lastStatus(lines);
    assertThat(status.path("available").asBoolean()).isFalse();
    assertThat(status.path("rejected").asLong()).isEqualTo(1);
    assertThat(status.has("deviations")).isFalse();
    assertThat(warnings())
        .singleElement()
        .asString()
        .startsWith("TV sent an invalid CSS-CII message (rejected): ");
  }
}
