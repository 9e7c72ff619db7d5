package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading CII messages in both modes: each deviation that tolerant reading accepts is rejected by
 * strict reading with a message naming the property, and read tolerantly as its one reading with
 * exactly its kind reported; what needs a guess is an error in both.
 */
class CiiTolerantTest {

  private static final String PTS_ENTRY =
      "{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
          + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}}";
  private static final TimelineOption PTS =
      new TimelineOption("urn:dvb:css:timeline:pts", 1, 90000);
  private static final TimelineOption TEMI =
      new TimelineOption("urn:dvb:css:timeline:temi:1:1", 1, 50);
  private static final String TEMI_ENTRY =
      "{\"timelineSelector\":\"urn:dvb:css:timeline:temi:1:1\","
          + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":50}}";

  private static Decoded<Cii> tolerant(String json) {
    return Cii.decode(json, ReadMode.TOLERANT);
  }

  private static void strictRejects(String json, String message) {
    assertThatThrownBy(() -> Cii.decode(json, ReadMode.STRICT))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> Cii.decode(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  // ---- presentationStatus as an array of tokens

  @Test
  void presentationStatusAsAnArrayOfOneToken() {
    String json = "{\"presentationStatus\":[\"okay\"]}";
    strictRejects(json, "CII message: presentationStatus must be a string, was [\"okay\"]");
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value()).isEqualTo(Cii.builder().presentationStatus(List.of("okay")).build());
    assertThat(d.deviations()).containsExactly(Deviation.CII_PRESENTATION_STATUS_ARRAY);
    assertThat(d.deviated()).isTrue();
  }

  @Test
  void presentationStatusAsAnArrayOfSeveralTokens() {
    Decoded<Cii> d = tolerant("{\"presentationStatus\":[\"transitioning\",\"x-sub\",\"2\"]}");
    assertThat(d.value().presentationStatus())
        .isEqualTo(Presence.of(List.of("transitioning", "x-sub", "2")));
    assertThat(d.deviations()).containsExactly(Deviation.CII_PRESENTATION_STATUS_ARRAY);
    // encoding stays strict
    assertThat(d.value().encode()).isEqualTo("{\"presentationStatus\":\"transitioning x-sub 2\"}");
  }

  static Stream<Arguments> presentationStatusArraysThatStayErrors() {
    return Stream.of(
        Arguments.of(
            "[]",
            "CII message: presentationStatus must be a string (or an array of tokens), was []"),
        Arguments.of(
            "[1]",
            "CII message: presentationStatus[0] must be a token (a non-empty string without"
                + " spaces), was 1"),
        Arguments.of(
            "[\"okay\",null]",
            "CII message: presentationStatus[1] must be a token (a non-empty string without"
                + " spaces), was null"),
        Arguments.of(
            "[\"okay sub\"]",
            "CII message: presentationStatus[0] must be a token (a non-empty string without"
                + " spaces), was \"okay sub\""),
        Arguments.of(
            "[\"\"]",
            "CII message: presentationStatus[0] must be a token (a non-empty string without"
                + " spaces), was \"\""),
        Arguments.of(
            "[[\"okay\"]]",
            "CII message: presentationStatus[0] must be a token (a non-empty string without"
                + " spaces), was [\"okay\"]"),
        Arguments.of(
            "[\"okay\",{}]",
            "CII message: presentationStatus[1] must be a token (a non-empty string without"
                + " spaces), was {}"));
  }

  @ParameterizedTest
  @MethodSource("presentationStatusArraysThatStayErrors")
  void presentationStatusArraysThatNeedAGuessStayErrors(String value, String message) {
    String json = "{\"presentationStatus\":" + value + "}";
    assertThatThrownBy(() -> tolerant(json))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> Cii.decode(json, ReadMode.STRICT))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("CII message: presentationStatus must be a string, was " + value);
  }

  // ---- a valid message with invalid optional properties

  static Stream<Arguments> invalidOptionalProperties() {
    return Stream.of(
        Arguments.of("teUrl", "5", "CII message: teUrl must be a string or null, was 5"),
        Arguments.of("teUrl", "{}", "CII message: teUrl must be a string or null, was {}"),
        Arguments.of("mrsUrl", "true", "CII message: mrsUrl must be a string or null, was true"),
        Arguments.of(
            "mrsUrl", "[\"x\"]", "CII message: mrsUrl must be a string or null, was [\"x\"]"),
        Arguments.of("private", "null", "CII message: private must be an array, was null"),
        Arguments.of("private", "{}", "CII message: private must be an array, was {}"),
        Arguments.of("private", "[5]", "CII message: private[0] must be an object, was 5"),
        Arguments.of(
            "private", "[{\"type\":1}]", "CII message: private[0].type must be a string, was 1"),
        Arguments.of("private", "[{}]", "CII message: private[0].type is missing"));
  }

  @ParameterizedTest
  @MethodSource("invalidOptionalProperties")
  void anInvalidOptionalPropertyIsLeftOut(String key, String value, String message) {
    String json =
        "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://1\",\"" + key + "\":" + value + "}";
    strictRejects(json, message);
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value()).isEqualTo(Cii.builder().protocolVersion().contentId("dvb://1").build());
    assertThat(d.value().get(CiiProperty.fromWireName(key).orElseThrow()).isAbsent()).isTrue();
    assertThat(d.deviations()).containsExactly(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
  }

  @Test
  void aMalformedTimelineEntryIsLeftOutOfTheList() {
    String bad =
        "{\"timelineSelector\":\"urn:x\",\"timelineProperties\":{\"unitsPerTick\":\"1\","
            + "\"unitsPerSecond\":90000}}";
    String json = "{\"timelines\":[" + PTS_ENTRY + "," + bad + "," + TEMI_ENTRY + "]}";
    strictRejects(
        json,
        "CII message: timelines[1].timelineProperties.unitsPerTick must be an integer in"
            + " 1..9223372036854775807, was \"1\"");
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value().timelines()).isEqualTo(Presence.of(List.of(PTS, TEMI)));
    assertThat(d.deviations()).containsExactly(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
  }

  @Test
  void everyTimelineEntryMalformedLeavesAnEmptyList() {
    Decoded<Cii> d = tolerant("{\"timelines\":[5,{},{\"timelineSelector\":\"urn:x\"}]}");
    assertThat(d.value().timelines()).isEqualTo(Presence.of(List.of()));
    assertThat(d.deviations()).containsExactly(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
  }

  @Test
  void anInvalidAccuracyIsLeftOutOfItsTimeline() {
    String json =
        "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
            + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000,"
            + "\"accuracy\":-0.5}}]}";
    strictRejects(
        json,
        "CII message: timelines[0].timelineProperties.accuracy must be a finite number >= 0,"
            + " was -0.5");
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value().timelines()).isEqualTo(Presence.of(List.of(PTS)));
    assertThat(d.deviations()).containsExactly(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
  }

  @Test
  void anInvalidPrivateIsLeftOutOfItsTimeline() {
    String json =
        "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
            + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000,"
            + "\"accuracy\":0.5},\"private\":[{\"id\":1}]}]}";
    strictRejects(json, "CII message: timelines[0].private[0].type is missing");
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value().timelines()).isEqualTo(Presence.of(List.of(PTS.withAccuracy(0.5))));
    assertThat(d.deviations()).containsExactly(Deviation.CII_INVALID_OPTIONAL_PROPERTY);
  }

  /** The properties that decide what a companion follows: an invalid one needs a guess. */
  static Stream<Arguments> invalidPropertiesThatStayErrors() {
    return Stream.of(
        Arguments.of(
            "{\"protocolVersion\":\"1.0\",\"teUrl\":5}",
            "CII message: protocolVersion must be \"1.1\", was \"1.0\""),
        Arguments.of(
            "{\"protocolVersion\":null}", "CII message: protocolVersion must be \"1.1\", was null"),
        Arguments.of(
            "{\"protocolVersion\":1.1}", "CII message: protocolVersion must be \"1.1\", was 1.1"),
        Arguments.of("{\"contentId\":5}", "CII message: contentId must be a string or null, was 5"),
        Arguments.of(
            "{\"contentIdStatus\":\"done\"}",
            "CII message: contentIdStatus must be \"partial\" or \"final\", was \"done\""),
        Arguments.of(
            "{\"contentIdStatus\":\"Final\"}",
            "CII message: contentIdStatus must be \"partial\" or \"final\", was \"Final\""),
        Arguments.of(
            "{\"presentationStatus\":5}",
            "CII message: presentationStatus must be a string, was 5"),
        Arguments.of(
            "{\"presentationStatus\":null}",
            "CII message: presentationStatus must be a string, was null"),
        Arguments.of(
            "{\"presentationStatus\":\"okay  sub\"}",
            "CII message: presentationStatus must be tokens separated by single spaces, was"
                + " \"okay  sub\""),
        Arguments.of(
            "{\"wcUrl\":[\"udp://h:1\"]}",
            "CII message: wcUrl must be a string or null, was [\"udp://h:1\"]"),
        Arguments.of("{\"tsUrl\":7681}", "CII message: tsUrl must be a string or null, was 7681"),
        Arguments.of("{\"timelines\":5}", "CII message: timelines must be an array or null, was 5"),
        Arguments.of(
            "{\"timelines\":" + PTS_ENTRY + "}",
            "CII message: timelines must be an array or null, was "
                + PTS_ENTRY.substring(0, 80)
                + "..."),
        Arguments.of("[]", "CII message: must be a JSON object, was []"),
        Arguments.of("{\"teUrl\":5", null));
  }

  @ParameterizedTest
  @MethodSource("invalidPropertiesThatStayErrors")
  void whatNeedsAGuessStaysAnErrorInBothModes(String json, String message) {
    for (ReadMode mode : ReadMode.values()) {
      var thrown =
          assertThatThrownBy(() -> Cii.decode(json, mode)).isInstanceOf(ProtocolException.class);
      if (message != null) {
        thrown.hasMessage(message);
      }
    }
  }

  // ---- unknown properties

  @ParameterizedTest
  @EnumSource(ReadMode.class)
  void unknownPropertiesAreIgnoredAndReportedInBothModes(ReadMode mode) {
    Decoded<Cii> d =
        Cii.decode(
            "{\"msrUrl\":\"http://mrs\",\"contentId\":\"dvb://1\",\"x-vendor\":{\"a\":[1]}}", mode);
    assertThat(d.value()).isEqualTo(Cii.builder().contentId("dvb://1").build());
    assertThat(d.deviations()).containsExactly(Deviation.CII_UNKNOWN_PROPERTY);
    assertThat(Cii.decode("{\"contentId\":\"dvb://1\"}", mode).deviations()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ReadMode.class)
  void unknownKeysInsideATimelineAreNotReported(ReadMode mode) {
    Decoded<Cii> d =
        Cii.decode(
            "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\",\"x\":1,"
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000,\"y\":2}}]}",
            mode);
    assertThat(d.value().timelines()).isEqualTo(Presence.of(List.of(PTS)));
    assertThat(d.deviations()).isEmpty();
  }

  // ---- several at once, and none

  /** What an emulator in use today sends as its whole state, with an invalid teUrl added. */
  @Test
  void severalDeviationsInOneMessage() {
    String json =
        "{\"protocolVersion\":\"1.1\",\"contentId\":\"https://example.com/a.mpd\","
            + "\"contentIdStatus\":\"final\",\"presentationStatus\":[\"okay\"],\"mrsUrl\":null,"
            + "\"wcUrl\":\"udp://192.168.1.2:6677\",\"tsUrl\":\"ws://192.168.1.2:7681/ts\","
            + "\"timelines\":["
            + PTS_ENTRY
            + ",7],\"teUrl\":5,\"private\":[{\"type\":\"urn:x\"}],\"vendorState\":\"on\"}";
    assertThatThrownBy(() -> Cii.decode(json, ReadMode.STRICT))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("presentationStatus");
    Decoded<Cii> d = tolerant(json);
    assertThat(d.value())
        .isEqualTo(
            Cii.builder()
                .protocolVersion()
                .contentId("https://example.com/a.mpd")
                .contentIdStatus(ContentIdStatus.FINAL)
                .presentationStatus(List.of("okay"))
                .setNull(CiiProperty.MRS_URL)
                .wcUrl("udp://192.168.1.2:6677")
                .tsUrl("ws://192.168.1.2:7681/ts")
                .timelines(List.of(PTS))
                .privateData(List.of(PrivateData.ofType("urn:x")))
                .build());
    assertThat(d.deviations())
        .containsExactly(
            Deviation.CII_PRESENTATION_STATUS_ARRAY,
            Deviation.CII_INVALID_OPTIONAL_PROPERTY,
            Deviation.CII_UNKNOWN_PROPERTY);
  }

  @Test
  void aMessageThatFollowsTheSpecHasNoDeviationsAndTheSameValueInBothModes() {
    Cii c =
        Cii.builder()
            .protocolVersion()
            .contentId("dvb://233a.1004.1044")
            .contentIdStatus(ContentIdStatus.PARTIAL)
            .presentationStatus(List.of("okay"))
            .setNull(CiiProperty.TE_URL)
            .timelines(List.of(PTS, TEMI.withAccuracy(0.01)))
            .privateData(List.of())
            .build();
    for (ReadMode mode : ReadMode.values()) {
      Decoded<Cii> d = Cii.decode(c.encode(), mode);
      assertThat(d.value()).isEqualTo(c);
      assertThat(d.deviations()).isEmpty();
      assertThat(d.deviated()).isFalse();
    }
  }

  @Test
  void theOptionalPropertiesAreTheOnesThatDoNotDecideWhatIsFollowed() {
    assertThat(Stream.of(CiiProperty.values()).filter(CiiCodec::isOptional))
        .containsExactlyInAnyOrder(CiiProperty.MRS_URL, CiiProperty.TE_URL, CiiProperty.PRIVATE);
  }

  @Test
  void aModeIsNeeded() {
    assertThatThrownBy(() -> Cii.decode("{}", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void decodedCopiesItsSet() {
    java.util.EnumSet<Deviation> kinds = java.util.EnumSet.of(Deviation.CII_UNKNOWN_PROPERTY);
    Decoded<Cii> d = new Decoded<>(Cii.empty(), kinds);
    kinds.add(Deviation.TS_INTEGER_AS_NUMBER);
    assertThat(d.deviations()).containsExactly(Deviation.CII_UNKNOWN_PROPERTY);
    assertThatThrownBy(() -> d.deviations().add(Deviation.TS_INTEGER_AS_NUMBER))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(d).isEqualTo(new Decoded<>(Cii.empty(), Set.of(Deviation.CII_UNKNOWN_PROPERTY)));
    assertThat(Decoded.of(Cii.empty()).deviated()).isFalse();
  }
}
