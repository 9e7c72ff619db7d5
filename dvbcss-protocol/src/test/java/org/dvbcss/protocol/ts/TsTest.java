package org.dvbcss.protocol.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases of pydvbcss's test_ts.py, adapted (integers beyond 64 bits are rejected with a clear
 * error instead of parsed), and more, with exact JSON and exact error messages.
 */
class TsTest {

  private static final String BIG = "129384761893461287946958716395341";
  private static final String PTS = "urn:dvb:css:timeline:pts";

  // ---- SetupData (Test_SetupData)

  @Test
  void setupDataEncodes() {
    SetupData s = new SetupData("dvb://1234.5678.01ab", PTS);
    assertThat(s.privateData()).isEqualTo(Presence.absent());
    assertThat(s.encode())
        .isEqualTo(
            "{\"contentIdStem\":\"dvb://1234.5678.01ab\",\"timelineSelector\":\"" + PTS + "\"}");
    assertThat(SetupData.decode(s.encode())).isEqualTo(s);
  }

  @Test
  void setupDataDecodes() {
    SetupData s =
        SetupData.decode(
            "{ \"timelineSelector\" : \"urn:dvb:css:timeline:temi:1:5\",\n"
                + "  \"contentIdStem\" : \"dvb://\", \"flurble\": [1, {\"a\": null}] }");
    assertThat(s).isEqualTo(new SetupData("dvb://", "urn:dvb:css:timeline:temi:1:5"));
  }

  @Test
  void setupDataWithPrivate() {
    List<PrivateData> priv =
        List.of(
            PrivateData.fromJson("{\"type\":\"urn:flurble\",\"a\":[1,2.5,\"x\"]}"),
            PrivateData.ofType("urn:x"));
    SetupData s = new SetupData("", PTS, Presence.of(priv));
    String json = s.encode();
    assertThat(json)
        .isEqualTo(
            "{\"contentIdStem\":\"\",\"timelineSelector\":\""
                + PTS
                + "\",\"private\":[{\"type\":\"urn:flurble\",\"a\":[1,2.5,\"x\"]},"
                + "{\"type\":\"urn:x\"}]}");
    assertThat(SetupData.decode(json)).isEqualTo(s);
    assertThat(
            SetupData.decode("{\"contentIdStem\":\"\",\"timelineSelector\":\"t\",\"private\":[]}"))
        .isEqualTo(new SetupData("", "t", Presence.of(List.of())));
  }

  @Test
  void setupDataNeverWritesNone() {
    // the reference packed None as "None"; here null fields cannot be built at all
    assertThatThrownBy(() -> new SetupData(nullString(), PTS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SetupData("", nullString()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SetupData("", PTS, Presence.nullValue()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SetupData: privateData must be absent or a list");
  }

  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }

  static Stream<Arguments> badSetupData() {
    return Stream.of(
        Arguments.of("plig", "CSS-TS setup data: not valid JSON: "),
        Arguments.of("", "CSS-TS setup data: not valid JSON: "),
        Arguments.of("[]", "CSS-TS setup data: must be a JSON object, was []"),
        Arguments.of("{}", "CSS-TS setup data: contentIdStem is missing"),
        Arguments.of(
            "{\"contentIdStem\":\"dvb://\"}", "CSS-TS setup data: timelineSelector is missing"),
        Arguments.of(
            "{\"timelineSelector\":\"" + PTS + "\"}",
            "CSS-TS setup data: contentIdStem is missing"),
        Arguments.of(
            "{\"contentIdStem\":null,\"timelineSelector\":\"t\"}",
            "CSS-TS setup data: contentIdStem must be a string, was null"),
        Arguments.of(
            "{\"contentIdStem\":\"\",\"timelineSelector\":5}",
            "CSS-TS setup data: timelineSelector must be a string, was 5"),
        Arguments.of(
            "{\"contentIdStem\":\"\",\"timelineSelector\":\"t\",\"private\":null}",
            "CSS-TS setup data: private must be an array, was null"),
        Arguments.of(
            "{\"contentIdStem\":\"\",\"timelineSelector\":\"t\",\"private\":[{}]}",
            "CSS-TS setup data: private[0].type is missing"),
        Arguments.of(
            "{\"contentIdStem\":\"\",\"contentIdStem\":\"\",\"timelineSelector\":\"t\"}",
            "CSS-TS setup data: not valid JSON: "));
  }

  @ParameterizedTest
  @MethodSource("badSetupData")
  void badSetupDataIsRejected(String json, String message) {
    assertThatThrownBy(() -> SetupData.decode(json))
        .isInstanceOf(ProtocolException.class)
        .message()
        .startsWith(message);
    if (!message.endsWith(": ")) {
      assertThatThrownBy(() -> SetupData.decode(json)).hasMessage(message);
    }
  }

  // ---- ControlTimestamp (Test_ControlTimestamp)

  @Test
  void controlTimestampEncodes() {
    ControlTimestamp c = ControlTimestamp.available(1234, 9876543210L, -1.005);
    assertThat(c.encode())
        .isEqualTo(
            "{\"contentTime\":\"1234\",\"wallClockTime\":\"9876543210\","
                + "\"timelineSpeedMultiplier\":-1.005}");
    assertThat(ControlTimestamp.decode(c.encode())).isEqualTo(c);
    assertThat(ControlTimestamp.available(0, 0, 1).encode())
        .isEqualTo(
            "{\"contentTime\":\"0\",\"wallClockTime\":\"0\",\"timelineSpeedMultiplier\":1.0}");
  }

  @Test
  void controlTimestampDecodes() {
    ControlTimestamp c =
        ControlTimestamp.decode(
            "{ \"timelineSpeedMultiplier\" : -1.005, \"wallClockTime\" : \"-5\","
                + " \"contentTime\" : \"12345678901234\", \"x\": {} }");
    assertThat(c).isEqualTo(ControlTimestamp.available(12345678901234L, -5, -1.005));
    assertThat(c.isAvailable()).isTrue();
    assertThat(
            ControlTimestamp.decode(
                "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":1}"))
        .isEqualTo(ControlTimestamp.available(1, 2, 1.0));
    assertThat(
            ControlTimestamp.decode(
                    "{\"contentTime\":\"1\",\"wallClockTime\":\"2\",\"timelineSpeedMultiplier\":-0.0}")
                .timelineSpeedMultiplier())
        .isEqualTo(0.0);
    assertThat(
            ControlTimestamp.decode(
                "{\"contentTime\":\"1\",\"wallClockTime\":\"2\","
                    + "\"timelineSpeedMultiplier\":2.5e-3}"))
        .isEqualTo(ControlTimestamp.available(1, 2, 0.0025));
  }

  @Test
  void longLimitsRoundTrip() {
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1}) {
      ControlTimestamp c = ControlTimestamp.available(v, v, 1.0);
      assertThat(c.encode()).contains("\"" + v + "\"");
      assertThat(ControlTimestamp.decode(c.encode())).isEqualTo(c);
    }
  }

  @Test
  void controlTimestampUnavailableBothWays() {
    ControlTimestamp c = ControlTimestamp.unavailable(1234);
    assertThat(c.isAvailable()).isFalse();
    assertThat(c.contentTime()).isNull();
    assertThat(c.timelineSpeedMultiplier()).isNull();
    String json =
        "{\"contentTime\":null,\"wallClockTime\":\"1234\",\"timelineSpeedMultiplier\":null}";
    assertThat(c.encode()).isEqualTo(json);
    assertThat(ControlTimestamp.decode(json)).isEqualTo(c);
  }

  @Test
  void exactlyOneNullIsRejectedByTheConstructor() {
    assertThatThrownBy(() -> new ControlTimestamp(5L, 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ControlTimestamp: contentTime and timelineSpeedMultiplier must both be null or both"
                + " not null, were 5 and null");
    assertThatThrownBy(() -> new ControlTimestamp(null, 1, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> ControlTimestamp.available(1, 1, d))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ControlTimestamp: timelineSpeedMultiplier must be finite, was " + d);
    }
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

  static Stream<Arguments> badControlTimestamps() {
    String p = "CSS-TS control timestamp: ";
    return Stream.of(
        Arguments.of("plig", p + "not valid JSON: "),
        Arguments.of("{", p + "not valid JSON: "),
        Arguments.of("null", p + "must be a JSON object, was null"),
        Arguments.of("\"x\"", p + "must be a JSON object, was \"x\""),
        Arguments.of(
            "{\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":null}",
            p + "contentTime is missing"),
        Arguments.of(
            "{\"contentTime\":null,\"timelineSpeedMultiplier\":null}",
            p + "wallClockTime is missing"),
        Arguments.of(
            "{\"contentTime\":null,\"wallClockTime\":\"1\"}",
            p + "timelineSpeedMultiplier is missing"),
        Arguments.of(
            ct("\"" + BIG + "\"", "\"1\"", "1.0"),
            p + "contentTime must fit in 64 bits, was \"" + BIG + "\""),
        Arguments.of(
            ct("\"1\"", "\"" + BIG + "\"", "1.0"),
            p + "wallClockTime must fit in 64 bits, was \"" + BIG + "\""),
        Arguments.of(
            ct("\"9223372036854775808\"", "\"1\"", "1.0"),
            p + "contentTime must fit in 64 bits, was \"9223372036854775808\""),
        Arguments.of(
            ct("\"1\"", "\"-9223372036854775809\"", "1.0"),
            p + "wallClockTime must fit in 64 bits, was \"-9223372036854775809\""),
        Arguments.of(
            ct("\"1\"", "null", "1.0"),
            p + "wallClockTime must be an integer as a string of decimal digits, was null"),
        Arguments.of(
            ct("5", "\"1\"", "1.0"),
            p + "contentTime must be an integer as a string of decimal digits or null, was 5"),
        Arguments.of(
            ct("\"5\"", "\"1\"", "null"),
            p
                + "contentTime and timelineSpeedMultiplier must both be null or both not null,"
                + " were \"5\" and null"),
        Arguments.of(
            ct("null", "\"1\"", "1.0"),
            p
                + "contentTime and timelineSpeedMultiplier must both be null or both not null,"
                + " were null and 1.0"),
        Arguments.of(
            ct("\"5\"", "\"1\"", "\"2\""),
            p + "timelineSpeedMultiplier must be a number or null, was \"2\""),
        Arguments.of(
            ct("\"5\"", "\"1\"", "true"),
            p + "timelineSpeedMultiplier must be a number or null, was true"),
        Arguments.of(
            ct("\"5\"", "\"1\"", "1e309"),
            p + "timelineSpeedMultiplier must be within the range of a double, was 1E+309"),
        Arguments.of(
            ct("\"5\"", "\"1\"", "-1e999999999"),
            p + "timelineSpeedMultiplier must be within the range of a double, was -1E+999999999"));
  }

  @ParameterizedTest
  @MethodSource("badControlTimestamps")
  void badControlTimestampsAreRejected(String json, String message) {
    assertThatThrownBy(() -> ControlTimestamp.decode(json))
        .isInstanceOf(ProtocolException.class)
        .message()
        .startsWith(message);
    if (!message.endsWith(": ")) {
      assertThatThrownBy(() -> ControlTimestamp.decode(json)).hasMessage(message);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"05\"",
        "\"-0\"",
        "\"+5\"",
        "\"1.0\"",
        "\" 5\"",
        "\"5 \"",
        "\"5\\n\"",
        "\"\"",
        "\"-\"",
        "\"1e3\"",
        "\"0x10\"",
        "\"\\u0665\"",
        "5",
        "-5",
        "0",
        "1.0",
        "true",
        "[]",
        "{}"
      })
  void integersAreParsedStrictly(String value) {
    String p = "CSS-TS control timestamp: ";
    assertThatThrownBy(() -> ControlTimestamp.decode(ct(value, "\"1\"", "1")))
        .isInstanceOf(ProtocolException.class)
        .message()
        .startsWith(
            p + "contentTime must be an integer as a string of decimal digits or null, was ");
    assertThatThrownBy(() -> ControlTimestamp.decode(ct("\"1\"", value, "1")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(
            p + "wallClockTime must be an integer as a string of decimal digits, was ");
    String t =
        "{\"earliest\":{\"contentTime\":"
            + value
            + ",\"wallClockTime\":\"1\"},"
            + "\"latest\":{\"contentTime\":\"1\",\"wallClockTime\":"
            + value
            + "}}";
    assertThatThrownBy(() -> AptEptLpt.decode(t))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(
            "CSS-TS timestamps: earliest.contentTime must be an integer as a string of decimal"
                + " digits, was ");
  }

  // ---- isChanged (pydvbcss TSServer isControlTimestampChanged)

  @Test
  void isChangedFollowsTheReferenceRule() {
    ControlTimestamp a = ControlTimestamp.available(100, 5000, 1.0);
    ControlTimestamp u = ControlTimestamp.unavailable(5000);
    assertThat(ControlTimestamp.isChanged(null, a)).isTrue();
    assertThat(ControlTimestamp.isChanged(null, u)).isTrue();
    assertThat(ControlTimestamp.isChanged(a, ControlTimestamp.available(100, 5000, 1.0))).isFalse();
    assertThat(ControlTimestamp.isChanged(u, ControlTimestamp.unavailable(9999))).isFalse();
    assertThat(ControlTimestamp.isChanged(a, u)).isTrue();
    assertThat(ControlTimestamp.isChanged(u, a)).isTrue();
    assertThat(ControlTimestamp.isChanged(a, ControlTimestamp.available(101, 5000, 1.0))).isTrue();
    assertThat(ControlTimestamp.isChanged(a, ControlTimestamp.available(100, 5001, 1.0))).isTrue();
    assertThat(ControlTimestamp.isChanged(a, ControlTimestamp.available(100, 5000, 0.0))).isTrue();
    assertThat(
            ControlTimestamp.isChanged(
                ControlTimestamp.available(1, 1, 0.0), ControlTimestamp.available(1, 1, -0.0)))
        .isFalse();
  }

  // ---- AptEptLpt (Test_AptEptLpt)

  @Test
  void aptEptLptEncodesWithInfinities() {
    AptEptLpt m =
        new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0));
    String json =
        "{\"earliest\":{\"contentTime\":\"0\",\"wallClockTime\":\"minusinfinity\"},"
            + "\"latest\":{\"contentTime\":\"0\",\"wallClockTime\":\"plusinfinity\"}}";
    assertThat(m.encode()).isEqualTo(json);
    assertThat(AptEptLpt.decode(json)).isEqualTo(m);
  }

  @Test
  void aptEptLptWithActualAndFiniteTimes() {
    AptEptLpt m =
        new AptEptLpt(
            Presence.of(Timestamp.of(1000, -2000)),
            Timestamp.of(-3000, 4000),
            Timestamp.of(Long.MAX_VALUE, Long.MIN_VALUE));
    String json =
        "{\"actual\":{\"contentTime\":\"1000\",\"wallClockTime\":\"-2000\"},"
            + "\"earliest\":{\"contentTime\":\"-3000\",\"wallClockTime\":\"4000\"},"
            + "\"latest\":{\"contentTime\":\"9223372036854775807\","
            + "\"wallClockTime\":\"-9223372036854775808\"}}";
    assertThat(m.encode()).isEqualTo(json);
    assertThat(AptEptLpt.decode(json)).isEqualTo(m);
  }

  @Test
  void aptEptLptDecodesInAnyOrderIgnoringUnknownKeys() {
    AptEptLpt m =
        AptEptLpt.decode(
            "{ \"latest\": {\"wallClockTime\": \"plusinfinity\", \"contentTime\": \"7\", \"q\": 1},"
                + " \"zz\": null, \"earliest\": {\"contentTime\": \"-7\", \"wallClockTime\": \"3\"} }");
    assertThat(m)
        .isEqualTo(
            new AptEptLpt(Presence.absent(), Timestamp.of(-7, 3), Timestamp.plusInfinity(7)));
  }

  @Test
  void timestampInfinities() {
    assertThat(Timestamp.of(1, 2).isFinite()).isTrue();
    assertThat(Timestamp.minusInfinity(1).isFinite()).isFalse();
    assertThat(Timestamp.plusInfinity(1).infinity()).isEqualTo(Timestamp.Infinity.PLUS);
    assertThat(new Timestamp(1, 99, Timestamp.Infinity.MINUS))
        .isEqualTo(Timestamp.minusInfinity(1));
    assertThat(Timestamp.minusInfinity(1).wallClockTime()).isZero();
  }

  @Test
  void aptEptLptConstructorRejectsWrongInfinities() {
    Timestamp f = Timestamp.of(1, 2);
    assertThatThrownBy(() -> new AptEptLpt(Presence.of(Timestamp.plusInfinity(1)), f, f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AptEptLpt: actual must be finite, was ");
    assertThatThrownBy(() -> new AptEptLpt(Presence.nullValue(), f, f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AptEptLpt: actual must be absent or a timestamp");
    assertThatThrownBy(() -> new AptEptLpt(Presence.absent(), Timestamp.plusInfinity(1), f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AptEptLpt: earliest must not be at plus infinity");
    assertThatThrownBy(() -> new AptEptLpt(Presence.absent(), f, Timestamp.minusInfinity(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AptEptLpt: latest must not be at minus infinity");
  }

  private static String ts(String contentTime, String wallClockTime) {
    return "{\"contentTime\":" + contentTime + ",\"wallClockTime\":" + wallClockTime + "}";
  }

  private static final String E = ts("\"1\"", "\"minusinfinity\"");
  private static final String L = ts("\"1\"", "\"plusinfinity\"");

  static Stream<Arguments> badAptEptLpt() {
    String p = "CSS-TS timestamps: ";
    String wcE = " must be an integer as a string of decimal digits, or \"minusinfinity\", was ";
    String wcL = " must be an integer as a string of decimal digits, or \"plusinfinity\", was ";
    return Stream.of(
        Arguments.of("plig", p + "not valid JSON: "),
        Arguments.of("[1]", p + "must be a JSON object, was [1]"),
        Arguments.of("{}", p + "earliest is missing"),
        Arguments.of("{\"latest\":" + L + "}", p + "earliest is missing"),
        Arguments.of("{\"earliest\":" + E + "}", p + "latest is missing"),
        Arguments.of(
            "{\"actual\":" + ts("\"1\"", "\"2\"") + ",\"latest\":" + L + "}",
            p + "earliest is missing"),
        Arguments.of(
            "{\"earliest\":null,\"latest\":" + L + "}", p + "earliest must be an object, was null"),
        Arguments.of(
            "{\"actual\":null,\"earliest\":" + E + ",\"latest\":" + L + "}",
            p + "actual must be an object, was null"),
        Arguments.of(
            "{\"earliest\":{\"wallClockTime\":\"1\"},\"latest\":" + L + "}",
            p + "earliest.contentTime is missing"),
        Arguments.of(
            "{\"earliest\":" + E + ",\"latest\":{\"contentTime\":\"1\"}}",
            p + "latest.wallClockTime is missing"),
        Arguments.of(
            "{\"earliest\":" + ts("\"" + BIG + "\"", "\"1\"") + ",\"latest\":" + L + "}",
            p + "earliest.contentTime must fit in 64 bits, was \"" + BIG + "\""),
        Arguments.of(
            "{\"earliest\":" + E + ",\"latest\":" + ts("\"1\"", "\"" + BIG + "\"") + "}",
            p + "latest.wallClockTime must fit in 64 bits, was \"" + BIG + "\""),
        Arguments.of(
            "{\"actual\":"
                + ts("\"1\"", "\"-" + BIG + "\"")
                + ",\"earliest\":"
                + E
                + ",\"latest\":"
                + L
                + "}",
            p + "actual.wallClockTime must fit in 64 bits, was \"-" + BIG + "\""),
        Arguments.of(
            "{\"earliest\":" + ts("\"1\"", "\"plusinfinity\"") + ",\"latest\":" + L + "}",
            p + "earliest.wallClockTime" + wcE + "\"plusinfinity\""),
        Arguments.of(
            "{\"earliest\":" + E + ",\"latest\":" + ts("\"1\"", "\"minusinfinity\"") + "}",
            p + "latest.wallClockTime" + wcL + "\"minusinfinity\""),
        Arguments.of(
            "{\"actual\":" + E + ",\"earliest\":" + E + ",\"latest\":" + L + "}",
            p
                + "actual.wallClockTime must be an integer as a string of decimal digits, was"
                + " \"minusinfinity\""),
        Arguments.of(
            "{\"actual\":" + L + ",\"earliest\":" + E + ",\"latest\":" + L + "}",
            p
                + "actual.wallClockTime must be an integer as a string of decimal digits, was"
                + " \"plusinfinity\""),
        Arguments.of(
            "{\"earliest\":" + ts("\"1\"", "\"MinusInfinity\"") + ",\"latest\":" + L + "}",
            p + "earliest.wallClockTime" + wcE + "\"MinusInfinity\""),
        Arguments.of(
            "{\"earliest\":" + ts("\"1\"", "\"-inf\"") + ",\"latest\":" + L + "}",
            p + "earliest.wallClockTime" + wcE + "\"-inf\""),
        Arguments.of(
            "{\"earliest\":" + ts("\"1\"", "null") + ",\"latest\":" + L + "}",
            p + "earliest.wallClockTime" + wcE + "null"));
  }

  @ParameterizedTest
  @MethodSource("badAptEptLpt")
  void badAptEptLptIsRejected(String json, String message) {
    assertThatThrownBy(() -> AptEptLpt.decode(json))
        .isInstanceOf(ProtocolException.class)
        .message()
        .startsWith(message);
    if (!message.endsWith(": ")) {
      assertThatThrownBy(() -> AptEptLpt.decode(json)).hasMessage(message);
    }
  }
}
