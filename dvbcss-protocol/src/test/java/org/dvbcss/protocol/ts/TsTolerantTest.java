package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading control timestamps in both modes: each deviation that tolerant reading accepts is
 * rejected by strict reading with a message naming the field, and read tolerantly as its one
 * reading with exactly its kind reported; what needs a guess is an error in both.
 */
class TsTolerantTest {

  private static final String P = "CSS-TS control timestamp: ";

  /** The receiver's wall clock time now, for an "unavailable" sent without one. */
  private static final long NOW = 777_000_000_123L;

  private static Decoded<ControlTimestamp> tolerant(String json) {
    return ControlTimestamp.decode(json, ReadMode.TOLERANT, NOW);
  }

  private static void strictRejects(String json, String message) {
    assertThatThrownBy(() -> ControlTimestamp.decode(json, ReadMode.STRICT, NOW))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> ControlTimestamp.decode(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  private static String ct(String contentTime, String wallClockTime, String speed) {
    return "{\"contentTime\":"
        + contentTime
        + ",\"wallClockTime\":"
        + wallClockTime
        + ",\"timelineSpeedMultiplier\":"
        + speed
        + "}";
  }

  // ---- integers as JSON numbers

  @Test
  void contentTimeAsANumber() {
    String json = ct("924956", "\"41381814326\"", "1");
    strictRejects(
        json,
        P + "contentTime must be an integer as a string of decimal digits or null, was 924956");
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.available(924956, 41381814326L, 1.0));
    assertThat(d.deviations()).containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
  }

  @Test
  void wallClockTimeAsANumber() {
    String json = ct("\"924956\"", "41381814326", "1");
    strictRejects(
        json,
        P + "wallClockTime must be an integer as a string of decimal digits, was 41381814326");
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.available(924956, 41381814326L, 1.0));
    assertThat(d.deviations()).containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
  }

  /** What an emulator in use today sends: both integers as numbers. */
  @Test
  void bothAsNumbersIsOneKind() {
    String json =
        "{\"contentTime\":924956,\"wallClockTime\":41381814326,\"timelineSpeedMultiplier\":1}";
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.available(924956, 41381814326L, 1.0));
    assertThat(d.deviations()).containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
    // encoding stays strict
    assertThat(d.value().encode())
        .isEqualTo(
            "{\"contentTime\":\"924956\",\"wallClockTime\":\"41381814326\","
                + "\"timelineSpeedMultiplier\":1.0}");
  }

  static Stream<Arguments> exactIntegerForms() {
    return Stream.of(
        Arguments.of("0", 0L),
        Arguments.of("-0", 0L),
        Arguments.of("0.0", 0L),
        Arguments.of("0e-400", 0L),
        Arguments.of("-5", -5L),
        Arguments.of("924956.0", 924956L),
        Arguments.of("924956.000", 924956L),
        Arguments.of("9.24956e5", 924956L),
        Arguments.of("9.24956E+5", 924956L),
        Arguments.of("924956000e-3", 924956L),
        Arguments.of("1e15", 1_000_000_000_000_000L),
        Arguments.of("9007199254740991", 9007199254740991L),
        Arguments.of("-9007199254740991", -9007199254740991L),
        Arguments.of("9.007199254740991e15", 9007199254740991L));
  }

  @ParameterizedTest
  @MethodSource("exactIntegerForms")
  void anyFormOfAnExactIntegerIsRead(String number, long value) {
    Decoded<ControlTimestamp> d = tolerant(ct(number, number, "0"));
    assertThat(d.value()).isEqualTo(ControlTimestamp.available(value, value, 0.0));
    assertThat(d.deviations()).containsExactly(Deviation.TS_INTEGER_AS_NUMBER);
  }

  static Stream<Arguments> numbersThatStayErrors() {
    String notInteger = " sent as a JSON number must be an integer, was ";
    String tooBig =
        " sent as a JSON number must be an integer of magnitude at most 9007199254740991 (2^53 -"
            + " 1), was ";
    return Stream.of(
        Arguments.of("924956.5", notInteger),
        Arguments.of("0.5", notInteger),
        Arguments.of("-0.000001", notInteger),
        Arguments.of("1e-3", notInteger),
        Arguments.of("1e-400", notInteger),
        Arguments.of("9.249565e5", notInteger),
        Arguments.of("9007199254740992", tooBig), // 2^53: may be a rounded 2^53 + 1
        Arguments.of("9007199254740993", tooBig), // 2^53 + 1
        Arguments.of("-9007199254740993", tooBig),
        Arguments.of("9.007199254740993e15", tooBig),
        Arguments.of("1e16", tooBig),
        Arguments.of("1e20", tooBig),
        Arguments.of("9223372036854775807", tooBig),
        Arguments.of("9223372036854775808", tooBig),
        Arguments.of("-9223372036854775809", tooBig),
        Arguments.of("123456789012345678901234567890", tooBig),
        Arguments.of("1e400", tooBig),
        Arguments.of("1.5e300", tooBig));
  }

  @ParameterizedTest
  @MethodSource("numbersThatStayErrors")
  void numbersThatAreNotExactIntegersStayErrors(String number, String why) {
    // (the message quotes the number as the parser normalised it: 1e-3 as 0.001)
    assertThatThrownBy(() -> tolerant(ct(number, "\"1\"", "1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(P + "contentTime" + why);
    assertThatThrownBy(() -> tolerant(ct("\"1\"", number, "1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(P + "wallClockTime" + why);
    assertThatThrownBy(() -> tolerant(ct("null", number, "null")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(P + "wallClockTime" + why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "-1e999999999", "1e-999999999", "1.5e-2147483647"})
  void hugeExponentsAreErrorsWithoutWork(String number) {
    assertThatThrownBy(() -> tolerant(ct(number, "\"1\"", "1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(P);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"true", "[]", "[1]", "{}", "\"924956.0\"", "\"0x10\"", "\"1e3\"", "\" 1\""})
  void otherTypesStayErrors(String value) {
    for (ReadMode mode : ReadMode.values()) {
      assertThatThrownBy(() -> ControlTimestamp.decode(ct(value, "\"1\"", "1"), mode, NOW))
          .isInstanceOf(ProtocolException.class)
          .hasMessage(
              P
                  + "contentTime must be an integer as a string of decimal digits or null, was "
                  + value);
      assertThatThrownBy(() -> ControlTimestamp.decode(ct("\"1\"", value, "1"), mode, NOW))
          .isInstanceOf(ProtocolException.class)
          .hasMessage(
              P + "wallClockTime must be an integer as a string of decimal digits, was " + value);
    }
  }

  // ---- "unavailable" with missing fields

  @Test
  void unavailableWithoutContentTime() {
    String json = "{\"wallClockTime\":\"5000\",\"timelineSpeedMultiplier\":null}";
    strictRejects(json, P + "contentTime is missing");
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.unavailable(5000));
    assertThat(d.deviations()).containsExactly(Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME);
  }

  @Test
  void unavailableWithoutWallClockTimeIsTakenAsNow() {
    String json = "{\"contentTime\":null,\"timelineSpeedMultiplier\":null}";
    strictRejects(json, P + "wallClockTime is missing");
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.unavailable(NOW));
    assertThat(d.deviations()).containsExactly(Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME);
    assertThat(ControlTimestamp.decode(json, ReadMode.TOLERANT, -3).value())
        .isEqualTo(ControlTimestamp.unavailable(-3));
  }

  /** What an emulator in use today sends when the timeline is not available. */
  @Test
  void unavailableAsOnlyANullSpeed() {
    String json = "{\"timelineSpeedMultiplier\":null}";
    strictRejects(json, P + "contentTime is missing");
    Decoded<ControlTimestamp> d = tolerant(json);
    assertThat(d.value()).isEqualTo(ControlTimestamp.unavailable(NOW));
    assertThat(d.deviations())
        .containsExactly(
            Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME,
            Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME);
  }

  @Test
  void unavailableWithAWallClockTimeAsANumber() {
    Decoded<ControlTimestamp> d =
        tolerant("{\"wallClockTime\":5000,\"timelineSpeedMultiplier\":null}");
    assertThat(d.value()).isEqualTo(ControlTimestamp.unavailable(5000));
    assertThat(d.deviations())
        .containsExactly(
            Deviation.TS_INTEGER_AS_NUMBER, Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME);
  }

  static Stream<Arguments> missingFieldsThatStayErrors() {
    String pairing =
        P + "contentTime and timelineSpeedMultiplier must both be null or both not null, were ";
    return Stream.of(
        // an unavailable message with a content time contradicts itself
        Arguments.of(
            "{\"contentTime\":\"5\",\"timelineSpeedMultiplier\":null}", pairing + "\"5\" and null"),
        Arguments.of(
            "{\"contentTime\":5,\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":null}",
            pairing + "5 and null"),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}",
            pairing + "null and 1"),
        // an available one needs both its times
        Arguments.of(
            "{\"contentTime\":\"5\",\"timelineSpeedMultiplier\":1}",
            P + "wallClockTime is missing"),
        Arguments.of(
            "{\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":1}",
            P + "contentTime is missing"),
        Arguments.of(
            "{\"wallClockTime\":\"5\",\"timelineSpeedMultiplier\":1.5}",
            P + "contentTime is missing"),
        // no speed: available or not cannot be told
        Arguments.of("{}", P + "contentTime is missing"),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":\"1\"}",
            P + "timelineSpeedMultiplier is missing"),
        Arguments.of(
            "{\"contentTime\":\"1\",\"wallClockTime\":\"1\"}",
            P + "timelineSpeedMultiplier is missing"),
        // null is not "missing"
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":null,\"timelineSpeedMultiplier\":null}",
            P + "wallClockTime must be an integer as a string of decimal digits, was null"),
        Arguments.of("{\"timelineSpeedMultiplier\":\"null\"}", P + "contentTime is missing"));
  }

  @ParameterizedTest
  @MethodSource("missingFieldsThatStayErrors")
  void whatNeedsAGuessStaysAnError(String json, String message) {
    assertThatThrownBy(() -> tolerant(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  // ---- several at once, and none

  @ParameterizedTest
  @EnumSource(ReadMode.class)
  void aControlTimestampThatFollowsTheSpecHasNoDeviations(ReadMode mode) {
    for (ControlTimestamp c :
        new ControlTimestamp[] {
          ControlTimestamp.available(924956, 41381814326L, 1.0),
          ControlTimestamp.available(Long.MIN_VALUE, Long.MAX_VALUE, -0.5),
          ControlTimestamp.unavailable(12)
        }) {
      Decoded<ControlTimestamp> d = ControlTimestamp.decode(c.encode(), mode, NOW);
      assertThat(d.value()).isEqualTo(c);
      assertThat(d.deviations()).isEmpty();
    }
  }

  @Test
  void unknownKeysAreIgnoredAndNotReported() {
    Decoded<ControlTimestamp> d =
        tolerant(
            "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1,"
                + "\"x\":[]}");
    assertThat(d.value()).isEqualTo(ControlTimestamp.available(1, 2, 1.0));
    assertThat(d.deviations()).isEmpty();
  }

  @Test
  void aModeIsNeeded() {
    assertThatThrownBy(() -> ControlTimestamp.decode(ct("\"1\"", "\"1\"", "1"), null, 0))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void everyKindHasADescription() {
    for (Deviation d : Deviation.values()) {
      assertThat(d.description()).isNotBlank().doesNotEndWith(".");
    }
    assertThat(Stream.of(Deviation.values()).map(Deviation::description).distinct())
        .hasSize(Deviation.values().length);
  }
}
