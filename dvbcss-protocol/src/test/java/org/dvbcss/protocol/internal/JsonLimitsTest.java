package org.dvbcss.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.junit.jupiter.api.Test;

/** The parser's limits: each one just met passes, just exceeded fails with a clear message. */
class JsonLimitsTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void nestingDepthUpToTheLimitParses() {
    assertThat(Json.parse(nested(Json.MAX_DEPTH), "test").isArray()).isTrue();
  }

  @Test
  void nestingDepthOverTheLimitFails() {
    assertThatThrownBy(() -> Json.parse(nested(Json.MAX_DEPTH + 1), "test"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "test: over a limit: Document nesting depth (65) exceeds the maximum allowed (64)");
  }

  @Test
  void deepNestingFailsFastWithoutRecursingThroughIt() {
    assertThatThrownBy(() -> Json.parse(nested(500_000), "CII message"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CII message: over a limit: Document nesting depth (65) exceeds the maximum allowed"
                + " (64)");
  }

  /** Private data in a timeline sits at depth 5; its members may nest to the limit and no more. */
  @Test
  void privateDataInATimelineMayNestToTheLimit() {
    String timeline =
        "{\"timelineSelector\":\"urn:x\","
            + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1000},"
            + "\"private\":[{\"type\":\"urn:p\",\"v\":%s}]}";
    String ok = "{\"timelines\":[" + timeline.formatted(nested(Json.MAX_DEPTH - 5)) + "]}";
    Cii c = Cii.decode(ok);
    assertThat(c.timelines().value().get(0).privateData().value().get(0).json())
        .contains(nested(Json.MAX_DEPTH - 5));
    String over = "{\"timelines\":[" + timeline.formatted(nested(Json.MAX_DEPTH - 4)) + "]}";
    assertThatThrownBy(() -> Cii.decode(over))
        .hasMessage(
            "CII message: over a limit: Document nesting depth (65) exceeds the maximum allowed"
                + " (64)");
  }

  @Test
  void numberDigitsUpToTheLimitParse() {
    String digits = "1".repeat(Json.MAX_NUMBER_DIGITS);
    assertThat(Json.parse("[-" + digits + "]", "test").get(0).bigIntegerValue().toString())
        .isEqualTo("-" + digits);
    // 1 + 250 + 5 digits: sign, point and exponent mark are not counted
    String decimal = "-0." + "5".repeat(Json.MAX_NUMBER_DIGITS - 6) + "e-12345";
    assertThat(Json.parse(decimal, "test").isNumber()).isTrue();
  }

  @Test
  void exponentDigitsCount() {
    String decimal = "-0." + "5".repeat(Json.MAX_NUMBER_DIGITS - 5) + "e-12345";
    assertThatThrownBy(() -> Json.parse(decimal, "test"))
        .hasMessage(
            "test: over a limit: Number value length (257) exceeds the maximum allowed (256)");
  }

  @Test
  void integerLengthOverTheLimitFails() {
    String json = "{\"private\":[{\"type\":\"x\",\"n\":" + "9".repeat(257) + "}]}";
    assertThatThrownBy(() -> Cii.decode(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CII message: over a limit: Number value length (257) exceeds the maximum allowed"
                + " (256)");
  }

  @Test
  void decimalLengthOverTheLimitFails() {
    String speed = "1." + "0".repeat(Json.MAX_NUMBER_DIGITS);
    String json =
        "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":" + speed + "}";
    assertThatThrownBy(() -> ControlTimestamp.decode(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CSS-TS control timestamp: over a limit: Number value length (257) exceeds the"
                + " maximum allowed (256)");
  }

  @Test
  void stringLengthUpToTheLimitParsesAndOverFails() {
    String ok = "x".repeat(Json.MAX_STRING_CHARS);
    assertThat(SetupData.decode(setup(ok)).contentIdStem()).isEqualTo(ok);
    assertThatThrownBy(() -> SetupData.decode(setup(ok + "y")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CSS-TS setup data: over a limit: String value length (65537) exceeds the maximum"
                + " allowed (65536)");
  }

  private static String setup(String stem) {
    return "{\"contentIdStem\":\"" + stem + "\",\"timelineSelector\":\"urn:x\"}";
  }

  @Test
  void nameLengthUpToTheLimitParsesAndOverFails() {
    String name = "k".repeat(Json.MAX_NAME_CHARS);
    assertThat(Json.parse("{\"" + name + "\":1}", "test").has(name)).isTrue();
    assertThatThrownBy(() -> Cii.decode("{\"" + name + "k\":1}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CII message: over a limit: Name length (1025) exceeds the maximum allowed (1024)");
  }

  @Test
  void documentLengthUpToTheLimitParsesAndOverFailsBeforeParsing() {
    String padded = " ".repeat(Json.MAX_DOCUMENT_CHARS - 2) + "{}";
    assertThat(Cii.decode(padded)).isEqualTo(Cii.empty());
    // one character more fails even though what follows would not parse at all
    assertThatThrownBy(() -> Cii.decode("{" + padded))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "CII message: over a limit: Document length (1048577) exceeds the maximum allowed"
                + " (1048576)");
  }

  @Test
  void tokenCountUpToTheLimitParsesAndOverFails() {
    // an array of n numbers is n + 2 tokens
    int n = (int) Json.MAX_TOKENS - 2;
    assertThat(Json.parse("[" + "0,".repeat(n - 1) + "0]", "test").size()).isEqualTo(n);
    assertThatThrownBy(() -> Json.parse("[" + "0,".repeat(n) + "0]", "test"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("test: over a limit: Token count (")
        .hasMessageEndingWith(") exceeds the maximum allowed (100000)");
  }
}
