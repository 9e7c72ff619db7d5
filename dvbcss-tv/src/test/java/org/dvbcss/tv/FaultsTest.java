package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fault names and sets, and the text rewrites, with no TV. */
class FaultsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void everyFaultHasAShortKebabCaseNameAndADescription() {
    assertThat(Fault.values())
        .allSatisfy(
            f -> {
              assertThat(f.shortName()).matches("[a-z]+(-[a-z]+)*");
              assertThat(Fault.named(f.shortName())).isSameAs(f);
              assertThat(Fault.named(f.name())).isSameAs(f);
              assertThat(f.description()).isNotBlank().doesNotContain("\n");
            });
    assertThat(Fault.INTEGERS_AS_NUMBERS.shortName()).isEqualTo("integers-as-numbers");
    assertThat(Fault.named(" Slow-Timestamps ")).isEqualTo(Fault.SLOW_TIMESTAMPS);
    assertThat(Fault.validNames()).startsWith("presentation-status-array, integers-as-numbers, ");
  }

  @Test
  void anUnknownNameNamesTheValidOnes() {
    assertThatThrownBy(() -> Fault.named("flaky"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown fault 'flaky': " + Fault.validNames());
    assertThatThrownBy(() -> Faults.named(List.of("full-state", "nope")))
        .hasMessageStartingWith("unknown fault 'nope'");
  }

  @Test
  void aSetOfFaultsIsAnImmutableValueInDeclarationOrder() {
    Faults two = Faults.named(List.of("slow-timestamps", "integers-as-numbers", "slow-timestamps"));
    assertThat(two).isEqualTo(Faults.of(Fault.INTEGERS_AS_NUMBERS, Fault.SLOW_TIMESTAMPS));
    assertThat(two.names()).containsExactly("integers-as-numbers", "slow-timestamps");
    assertThat(two).hasToString("integers-as-numbers, slow-timestamps");
    assertThat(two.has(Fault.SLOW_TIMESTAMPS)).isTrue();
    assertThat(two.has(Fault.FULL_STATE)).isFalse();
    assertThatThrownBy(() -> two.set().add(Fault.FULL_STATE))
        .isInstanceOf(UnsupportedOperationException.class);
    EnumSet<Fault> source = EnumSet.of(Fault.FULL_STATE);
    Faults copied = new Faults(source);
    source.add(Fault.IGNORE_STEM);
    assertThat(copied.set()).containsExactly(Fault.FULL_STATE);
    assertThat(Faults.NONE.isEmpty()).isTrue();
    assertThat(Faults.NONE).hasToString("none").isEqualTo(Faults.of());
  }

  @Test
  void withoutTextFaultsTheRewritesAreTheIdentity() {
    Faults others =
        Faults.of(
            Fault.FULL_STATE,
            Fault.SLOW_TIMESTAMPS,
            Fault.IGNORE_STEM,
            Fault.FIRST_MESSAGE_LATE,
            Fault.CII_CLOSES_ON_CLIENT_MESSAGE,
            Fault.LATE_FIRST_TIMESTAMP,
            Fault.TS_CLOSES_ON_CLIENT_TIMESTAMP);
    assertThat(FaultyText.cii(others)).isSameAs(UnaryOperator.<String>identity());
    assertThat(FaultyText.ts(others)).isSameAs(UnaryOperator.<String>identity());
    assertThat(FaultyText.cii(Faults.NONE)).isSameAs(UnaryOperator.<String>identity());
  }

  @Test
  void ciiRewritesKeepEverythingElseInPlace() {
    UnaryOperator<String> all =
        FaultyText.cii(
            Faults.of(
                Fault.PRESENTATION_STATUS_ARRAY,
                Fault.INVALID_OPTIONAL_PROPERTY,
                Fault.UNKNOWN_PROPERTY,
                Fault.INTEGERS_AS_NUMBERS));
    String strict =
        "{\"protocolVersion\":\"1.1\",\"presentationStatus\":\"okay fault\","
            + "\"timelines\":[{\"timelineSelector\":\"urn:x\",\"timelineProperties\":"
            + "{\"unitsPerTick\":1,\"unitsPerSecond\":90000,\"accuracy\":0.123456789012345678}}]}";
    JsonNode m = JSON.readTree(all.apply(strict));
    assertThat(all.apply(strict))
        .isEqualTo(
            "{\"protocolVersion\":\"1.1\",\"presentationStatus\":[\"okay\",\"fault\"],"
                + "\"timelines\":[{\"timelineSelector\":\"urn:x\",\"timelineProperties\":"
                + "{\"unitsPerTick\":1,\"unitsPerSecond\":90000,"
                + "\"accuracy\":0.123456789012345678}}],"
                + "\"teUrl\":5,\"vendorInfo\":\"dvbcss-java TV simulator\"}");
    assertThat(m.get("presentationStatus").size()).isEqualTo(2);
    assertThat(all.apply("{\"presentationStatus\":null}"))
        .as("a null status stays null")
        .startsWith("{\"presentationStatus\":null,");
    assertThat(all.apply("not json")).as("not an object: unchanged").isEqualTo("not json");
  }

  @Test
  void tsRewritesTurnDigitsIntoExactNumbersAndUnavailableIntoTheSpeedAlone() {
    UnaryOperator<String> numbers = FaultyText.ts(Faults.of(Fault.INTEGERS_AS_NUMBERS));
    assertThat(
            numbers.apply(
                "{\"contentTime\":\"9223372036854775807\",\"wallClockTime\":\"-12\","
                    + "\"timelineSpeedMultiplier\":0.5}"))
        .isEqualTo(
            "{\"contentTime\":9223372036854775807,\"wallClockTime\":-12,"
                + "\"timelineSpeedMultiplier\":0.5}");
    UnaryOperator<String> both =
        FaultyText.ts(Faults.of(Fault.INTEGERS_AS_NUMBERS, Fault.UNAVAILABLE_SPEED_ONLY));
    assertThat(
            both.apply(
                "{\"contentTime\":null,\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":null}"))
        .isEqualTo("{\"timelineSpeedMultiplier\":null}");
    assertThat(
            both.apply(
                "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1.0}"))
        .isEqualTo("{\"contentTime\":1,\"wallClockTime\":2,\"timelineSpeedMultiplier\":1.0}");
  }

  @Test
  void theNewCiiRewritesChangeOnlyWhatTheyName() {
    UnaryOperator<String> all =
        FaultyText.cii(
            Faults.of(
                Fault.ZERO_ADDRESS_URLS,
                Fault.NO_PROTOCOL_VERSION,
                Fault.WRONG_CONTENT_ID_STATUS,
                Fault.WIPE_TIMELINES,
                Fault.WRONG_TICK_RATE));
    String first =
        "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://a\",\"contentIdStatus\":\"final\","
            + "\"wcUrl\":\"udp://[fe80::1]:6677\",\"tsUrl\":\"ws://10.0.0.2:7681/ts?x=1\","
            + "\"timelines\":[{\"timelineSelector\":\""
            + Timeline.TEMI.selector()
            + "\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1000}},"
            + "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":"
            + "{\"unitsPerTick\":1,\"unitsPerSecond\":1000}}]}";
    assertThat(all.apply(first))
        .isEqualTo(
            "{\"contentId\":\"dvb://a\",\"contentIdStatus\":\"complete\","
                + "\"wcUrl\":\"udp://0.0.0.0:6677\",\"tsUrl\":\"ws://0.0.0.0:7681/ts?x=1\","
                + "\"timelines\":[{\"timelineSelector\":\""
                + Timeline.TEMI.selector()
                + "\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":50}},"
                + "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":"
                + "{\"unitsPerTick\":1,\"unitsPerSecond\":1000}}]}");
    assertThat(all.apply("{\"contentIdStatus\":null}"))
        .as("a later message: timelines wiped; a null status stays null")
        .isEqualTo("{\"contentIdStatus\":null,\"timelines\":[]}");
    UnaryOperator<String> noStatus =
        FaultyText.cii(Faults.of(Fault.CONTENT_ID_WITHOUT_STATUS, Fault.WRONG_CONTENT_ID_STATUS));
    assertThat(noStatus.apply("{\"contentId\":\"dvb://a\",\"contentIdStatus\":\"partial\"}"))
        .as("without wins over wrong")
        .isEqualTo("{\"contentId\":\"dvb://a\"}");
  }

  @Test
  void theNewTsRewritesKeepOneNullAndMoveTheWallClockTime() {
    UnaryOperator<String> oneNull = FaultyText.ts(Faults.of(Fault.ONE_NULL_TIMESTAMP));
    assertThat(
            oneNull.apply(
                "{\"contentTime\":null,\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":null}"))
        .isEqualTo(
            "{\"contentTime\":null,\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":1.0}");
    UnaryOperator<String> offClock =
        FaultyText.ts(Faults.of(Fault.TIMESTAMPS_OFF_CLOCK), 1_700_000_000_000_000_000L);
    assertThat(
            offClock.apply(
                "{\"contentTime\":\"7\",\"wallClockTime\":\"12\",\"timelineSpeedMultiplier\":1.0}"))
        .isEqualTo(
            "{\"contentTime\":\"7\",\"wallClockTime\":\"1700000000000000012\","
                + "\"timelineSpeedMultiplier\":1.0}");
  }
}
