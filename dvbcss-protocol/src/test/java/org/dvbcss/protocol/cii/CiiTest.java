package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases of pydvbcss's test_cii.py, and more, with exact JSON and exact error messages. */
class CiiTest {

  private static void assertOnly(Cii c, CiiProperty... present) {
    EnumSet<CiiProperty> expected = EnumSet.noneOf(CiiProperty.class);
    expected.addAll(List.of(present));
    assertThat(c.definedProperties()).containsExactlyElementsOf(expected);
    for (CiiProperty p : CiiProperty.values()) {
      assertThat(c.get(p).isAbsent()).as(p.wireName()).isEqualTo(!expected.contains(p));
    }
  }

  @Test
  void createEmpty() {
    Cii c = Cii.builder().build();
    assertOnly(c);
    assertThat(c).isEqualTo(Cii.empty());
    assertThat(c.protocolVersion()).isEqualTo(Presence.absent());
    assertThat(c.privateData()).isEqualTo(Presence.absent());
  }

  @Test
  void encodeEmpty() {
    assertThat(Cii.empty().encode()).isEqualTo("{}");
  }

  @Test
  void decodeEmpty() {
    assertOnly(Cii.decode("{}"));
    assertOnly(Cii.decode(" \n{ }\t"));
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertOnly(Cii.decode("{ \"flurble\" : 5 }"));
    Cii c = Cii.decode("{\"flurble\":{\"a\":[1,2]},\"contentId\":\"dvb://x\",\"MRSURL\":\"y\"}");
    assertOnly(c, CiiProperty.CONTENT_ID);
    assertThat(c.contentId().value()).isEqualTo("dvb://x");
  }

  static Stream<Arguments> singleProperties() {
    return Stream.of(
        Arguments.of(
            Cii.builder().protocolVersion("1.1").build(),
            CiiProperty.PROTOCOL_VERSION,
            "{\"protocolVersion\":\"1.1\"}"),
        Arguments.of(
            Cii.builder().contentId("dvb://a.b.c.d").build(),
            CiiProperty.CONTENT_ID,
            "{\"contentId\":\"dvb://a.b.c.d\"}"),
        Arguments.of(
            Cii.builder().contentIdStatus(ContentIdStatus.PARTIAL).build(),
            CiiProperty.CONTENT_ID_STATUS,
            "{\"contentIdStatus\":\"partial\"}"),
        Arguments.of(
            Cii.builder().contentIdStatus(ContentIdStatus.FINAL).build(),
            CiiProperty.CONTENT_ID_STATUS,
            "{\"contentIdStatus\":\"final\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("okay")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"okay\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("transitioning")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"transitioning\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("fault")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"fault\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("other")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"other\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("okay", "sub")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"okay sub\"}"),
        Arguments.of(
            Cii.builder().presentationStatus(List.of("transitioning", "sub1", "sub2")).build(),
            CiiProperty.PRESENTATION_STATUS,
            "{\"presentationStatus\":\"transitioning sub1 sub2\"}"),
        Arguments.of(
            Cii.builder().mrsUrl("http://blah.com").build(),
            CiiProperty.MRS_URL,
            "{\"mrsUrl\":\"http://blah.com\"}"),
        Arguments.of(
            Cii.builder().wcUrl("udp://1.2.3.4:1234").build(),
            CiiProperty.WC_URL,
            "{\"wcUrl\":\"udp://1.2.3.4:1234\"}"),
        Arguments.of(
            Cii.builder().tsUrl("ws://1.2.3.4:5678/blah/").build(),
            CiiProperty.TS_URL,
            "{\"tsUrl\":\"ws://1.2.3.4:5678/blah/\"}"),
        Arguments.of(
            Cii.builder().teUrl("ws://1.2.3.4:5678/seilgr").build(),
            CiiProperty.TE_URL,
            "{\"teUrl\":\"ws://1.2.3.4:5678/seilgr\"}"),
        Arguments.of(
            Cii.builder().timelines(List.of()).build(),
            CiiProperty.TIMELINES,
            "{\"timelines\":[]}"),
        Arguments.of(
            Cii.builder()
                .timelines(
                    List.of(
                        new TimelineOption("urn:dvb:css:timeline:pts", 1, 1000).withAccuracy(0.2)))
                .build(),
            CiiProperty.TIMELINES,
            "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1000,\"accuracy\":0.2}}]}"),
        Arguments.of(
            Cii.builder()
                .timelines(
                    List.of(
                        new TimelineOption("urn:dvb:css:timeline:pts", 1, 1000).withAccuracy(0.2),
                        new TimelineOption("urn:dvb:css:timeline:temi:1:5", 1001, 30000)
                            .withPrivateData(List.of()),
                        new TimelineOption("urn:dvb:css:timeline:temi:1:6", 1, 25)
                            .withPrivateData(
                                List.of(
                                    PrivateData.fromJson("{\"type\":\"blah\",\"abc\":5}"),
                                    PrivateData.fromJson("{\"type\":\"bbc\",\"pqr\":null}")))))
                .build(),
            CiiProperty.TIMELINES,
            "{\"timelines\":["
                + "{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1000,\"accuracy\":0.2}},"
                + "{\"timelineSelector\":\"urn:dvb:css:timeline:temi:1:5\","
                + "\"timelineProperties\":{\"unitsPerTick\":1001,\"unitsPerSecond\":30000},\"private\":[]},"
                + "{\"timelineSelector\":\"urn:dvb:css:timeline:temi:1:6\","
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":25},"
                + "\"private\":[{\"type\":\"blah\",\"abc\":5},{\"type\":\"bbc\",\"pqr\":null}]}]}"),
        Arguments.of(
            Cii.builder().privateData(List.of()).build(), CiiProperty.PRIVATE, "{\"private\":[]}"),
        Arguments.of(
            Cii.builder()
                .privateData(
                    List.of(
                        PrivateData.ofType("urn:a"),
                        PrivateData.fromJson("{\"type\":\"urn:b\",\"x\":{\"y\":[true,1.5]}}")))
                .build(),
            CiiProperty.PRIVATE,
            "{\"private\":[{\"type\":\"urn:a\"},{\"type\":\"urn:b\",\"x\":{\"y\":[true,1.5]}}]}"));
  }

  @ParameterizedTest
  @MethodSource("singleProperties")
  void encodesAndDecodesEachPropertyAlone(Cii c, CiiProperty p, String json) {
    assertOnly(c, p);
    assertThat(c.encode()).isEqualTo(json);
    Cii d = Cii.decode(json);
    assertOnly(d, p);
    assertThat(d).isEqualTo(c);
    assertThat(d.get(p)).isEqualTo(c.get(p));
  }

  static Stream<CiiProperty> nullableProperties() {
    return Stream.of(CiiProperty.values()).filter(CiiProperty::isNullable);
  }

  @ParameterizedTest
  @MethodSource("nullableProperties")
  void nullIsAValueDistinctFromAbsent(CiiProperty p) {
    Cii c = Cii.builder().setNull(p).build();
    assertOnly(c, p);
    assertThat(c.get(p).isNull()).isTrue();
    String json = "{\"" + p.wireName() + "\":null}";
    assertThat(c.encode()).isEqualTo(json);
    assertThat(Cii.decode(json)).isEqualTo(c).isNotEqualTo(Cii.empty());
  }

  @Test
  void typedAccessors() {
    Cii c =
        Cii.decode(
            "{\"presentationStatus\":\"okay sub\",\"contentIdStatus\":\"final\",\"timelines\":null}");
    assertThat(c.presentationStatus().value()).containsExactly("okay", "sub");
    assertThat(c.contentIdStatus().value()).isEqualTo(ContentIdStatus.FINAL);
    assertThat(c.timelines().isNull()).isTrue();
  }

  @Test
  void encodesAllPropertiesInSpecOrder() {
    Cii c =
        Cii.builder()
            .privateData(List.of())
            .timelines(List.of())
            .teUrl("ws://h/te")
            .tsUrl("ws://h/ts")
            .wcUrl("udp://h:6677")
            .presentationStatus(List.of("okay"))
            .contentIdStatus(ContentIdStatus.FINAL)
            .contentId("dvb://1")
            .mrsUrl("http://m")
            .protocolVersion()
            .build();
    assertThat(c.isFullState()).isTrue();
    assertThat(c.encode())
        .isEqualTo(
            "{\"protocolVersion\":\"1.1\",\"mrsUrl\":\"http://m\",\"contentId\":\"dvb://1\","
                + "\"contentIdStatus\":\"final\",\"presentationStatus\":\"okay\","
                + "\"wcUrl\":\"udp://h:6677\",\"tsUrl\":\"ws://h/ts\",\"teUrl\":\"ws://h/te\","
                + "\"timelines\":[],\"private\":[]}");
    assertThat(Cii.decode(c.encode())).isEqualTo(c);
    assertThat(c.toString()).isEqualTo("Cii" + c.encode());
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void builderCanOmitAndUsePresence() {
    Cii c =
        Cii.builder()
            .contentId("dvb://x")
            .omit(CiiProperty.CONTENT_ID)
            .mrsUrl(Presence.nullValue())
            .wcUrl(Presence.of("udp://a:1"))
            .tsUrl(Presence.absent())
            .teUrl(Presence.nullValue())
            .protocolVersion(Presence.of("1.1"))
            .contentId(Presence.nullValue())
            .contentIdStatus(Presence.nullValue())
            .presentationStatus(Presence.of(List.of("fault")))
            .timelines(Presence.nullValue())
            .privateData(Presence.of(List.of()))
            .build();
    assertOnly(
        c,
        CiiProperty.PROTOCOL_VERSION,
        CiiProperty.MRS_URL,
        CiiProperty.CONTENT_ID,
        CiiProperty.CONTENT_ID_STATUS,
        CiiProperty.PRESENTATION_STATUS,
        CiiProperty.WC_URL,
        CiiProperty.TE_URL,
        CiiProperty.TIMELINES,
        CiiProperty.PRIVATE);
    assertThat(c.isFullState()).isFalse();
  }

  // The reference's test_pack_presentationStatus_not_a_string: a plain string where a list is
  // required. In Java the builder takes List<String> (a String does not compile); what can still
  // go wrong is a whole status string passed as one token, and that is rejected.
  @Test
  void presentationStatusAsOneStringTokenIsRejected() {
    assertThatThrownBy(() -> Cii.builder().presentationStatus(List.of("okay sub")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cii: presentationStatus must be one or more non-empty tokens without spaces, was [okay sub]");
    assertThatThrownBy(() -> Cii.builder().presentationStatus(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cii.builder().presentationStatus(List.of("okay", "")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorRejectsWhatTheSchemaForbids() {
    assertThatThrownBy(() -> Cii.builder().protocolVersion("1.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cii: protocolVersion must be \"1.1\", was Presence[1.0]");
    assertThatThrownBy(() -> Cii.builder().setNull(CiiProperty.PROTOCOL_VERSION).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cii: protocolVersion must be \"1.1\", was null");
    assertThatThrownBy(() -> Cii.builder().setNull(CiiProperty.PRESENTATION_STATUS).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cii: presentationStatus must not be null");
    assertThatThrownBy(() -> Cii.builder().setNull(CiiProperty.PRIVATE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cii: privateData must not be null");
  }

  @Test
  void timelineOptionValidation() {
    TimelineOption t = new TimelineOption("urn:dvb:css:timeline:pts", 1, 90000);
    assertThat(t.tickRate()).isEqualTo(90000.0);
    assertThat(new TimelineOption("s", 1001, 30000).tickRate()).isEqualTo(30000.0 / 1001);
    assertThat(t.accuracy()).isEqualTo(Presence.absent());
    assertThat(t.privateData()).isEqualTo(Presence.absent());
    assertThatThrownBy(() -> new TimelineOption("s", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TimelineOption: unitsPerTick must be positive, was 0");
    assertThatThrownBy(() -> new TimelineOption("s", 1, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TimelineOption: unitsPerSecond must be positive, was -5");
    assertThatThrownBy(() -> t.withAccuracy(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TimelineOption: accuracy must be a finite number >= 0, was -0.1");
    assertThatThrownBy(() -> t.withAccuracy(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TimelineOption("s", 1, 1, Presence.nullValue(), Presence.absent()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TimelineOption: accuracy must not be null");
    assertThatThrownBy(() -> new TimelineOption("s", 1, 1, Presence.absent(), Presence.nullValue()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TimelineOption: privateData must not be null");
  }

  @Test
  void accuracyKeepsItsExactDoubleValue() {
    for (double d : new double[] {0.0, 1e-9, 0.1, 1.0 / 3, 123456.789, 1e300, Double.MIN_VALUE}) {
      Cii c =
          Cii.builder().timelines(List.of(new TimelineOption("s", 1, 1).withAccuracy(d))).build();
      assertThat(Cii.decode(c.encode())).isEqualTo(c);
    }
    Cii c =
        Cii.decode(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":"
                + "{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":5}}]}");
    assertThat(c.timelines().value().get(0).accuracy()).isEqualTo(Presence.of(5.0));
  }

  @Test
  void unknownKeysInsideTimelinesAreIgnored() {
    Cii c =
        Cii.decode(
            "{\"timelines\":[{\"x\":1,\"timelineSelector\":\"s\",\"timelineProperties\":"
                + "{\"unitsPerTick\":2,\"unitsPerSecond\":3,\"y\":[]}}]}");
    assertThat(c.timelines().value()).containsExactly(new TimelineOption("s", 2, 3));
  }

  @Test
  void propertyNames() {
    assertThat(Stream.of(CiiProperty.values()).map(CiiProperty::wireName))
        .containsExactly(
            "protocolVersion",
            "mrsUrl",
            "contentId",
            "contentIdStatus",
            "presentationStatus",
            "wcUrl",
            "tsUrl",
            "teUrl",
            "timelines",
            "private");
    for (CiiProperty p : CiiProperty.values()) {
      assertThat(CiiProperty.fromWireName(p.wireName())).contains(p);
    }
    assertThat(CiiProperty.fromWireName("msrUrl")).isEmpty();
    assertThat(ContentIdStatus.fromWireName("final")).contains(ContentIdStatus.FINAL);
    assertThat(ContentIdStatus.fromWireName("FINAL")).isEmpty();
  }

  static Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of("[]", "CII message: must be a JSON object, was []"),
        Arguments.of(
            "[{\"contentId\":\"x\"}]",
            "CII message: must be a JSON object, was [{\"contentId\":\"x\"}]"),
        Arguments.of("\"okay\"", "CII message: must be a JSON object, was \"okay\""),
        Arguments.of("null", "CII message: must be a JSON object, was null"),
        Arguments.of("5", "CII message: must be a JSON object, was 5"),
        Arguments.of("", "CII message: not valid JSON: no value"),
        Arguments.of(
            "{\"contentIdStatus\":\"done\"}",
            "CII message: contentIdStatus must be \"partial\" or \"final\", was \"done\""),
        Arguments.of(
            "{\"contentIdStatus\":\"FINAL\"}",
            "CII message: contentIdStatus must be \"partial\" or \"final\", was \"FINAL\""),
        Arguments.of(
            "{\"contentIdStatus\":1}",
            "CII message: contentIdStatus must be \"partial\" or \"final\", was 1"),
        Arguments.of(
            "{\"protocolVersion\":\"1.0\"}",
            "CII message: protocolVersion must be \"1.1\", was \"1.0\""),
        Arguments.of(
            "{\"protocolVersion\":1.1}", "CII message: protocolVersion must be \"1.1\", was 1.1"),
        Arguments.of(
            "{\"protocolVersion\":null}", "CII message: protocolVersion must be \"1.1\", was null"),
        Arguments.of("{\"mrsUrl\":5}", "CII message: mrsUrl must be a string or null, was 5"),
        Arguments.of(
            "{\"contentId\":{}}", "CII message: contentId must be a string or null, was {}"),
        Arguments.of(
            "{\"wcUrl\":[\"udp://a:1\"]}",
            "CII message: wcUrl must be a string or null, was [\"udp://a:1\"]"),
        Arguments.of("{\"tsUrl\":true}", "CII message: tsUrl must be a string or null, was true"),
        Arguments.of("{\"teUrl\":1e3}", "CII message: teUrl must be a string or null, was 1E+3"),
        Arguments.of(
            "{\"presentationStatus\":\"\"}",
            "CII message: presentationStatus must be tokens separated by single spaces, was \"\""),
        Arguments.of(
            "{\"presentationStatus\":\"okay  sub\"}",
            "CII message: presentationStatus must be tokens separated by single spaces, was \"okay  sub\""),
        Arguments.of(
            "{\"presentationStatus\":\" okay\"}",
            "CII message: presentationStatus must be tokens separated by single spaces, was \" okay\""),
        Arguments.of(
            "{\"presentationStatus\":\"okay \"}",
            "CII message: presentationStatus must be tokens separated by single spaces, was \"okay \""),
        Arguments.of(
            "{\"presentationStatus\":[\"okay\"]}",
            "CII message: presentationStatus must be a string, was [\"okay\"]"),
        Arguments.of(
            "{\"presentationStatus\":null}",
            "CII message: presentationStatus must be a string, was null"),
        Arguments.of(
            "{\"timelines\":{}}", "CII message: timelines must be an array or null, was {}"),
        Arguments.of("{\"timelines\":[5]}", "CII message: timelines[0] must be an object, was 5"),
        Arguments.of(
            "{\"timelines\":[{\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1}}]}",
            "CII message: timelines[0].timelineSelector is missing"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":null,\"timelineProperties\":{}}]}",
            "CII message: timelines[0].timelineSelector must be a string, was null"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\"}]}",
            "CII message: timelines[0].timelineProperties is missing"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":[]}]}",
            "CII message: timelines[0].timelineProperties must be an object, was []"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerSecond\":1}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerTick is missing"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerSecond is missing"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":0,\"unitsPerSecond\":1}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerTick must be an integer in 1..9223372036854775807, was 0"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":\"90000\"}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerSecond must be an integer in 1..9223372036854775807, was \"90000\""),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1.0,\"unitsPerSecond\":1}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerTick must be an integer in 1..9223372036854775807, was 1.0"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":9223372036854775808,\"unitsPerSecond\":1}}]}",
            "CII message: timelines[0].timelineProperties.unitsPerTick must be an integer in 1..9223372036854775807, was 9223372036854775808"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":-1}}]}",
            "CII message: timelines[0].timelineProperties.accuracy must be a finite number >= 0, was -1"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":null}}]}",
            "CII message: timelines[0].timelineProperties.accuracy must be a finite number >= 0, was null"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1,\"accuracy\":1e400}}]}",
            "CII message: timelines[0].timelineProperties.accuracy must be a finite number >= 0, was 1E+400"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1},\"private\":null}]}",
            "CII message: timelines[0].private must be an array, was null"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"s\",\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1},\"private\":[{}]}]}",
            "CII message: timelines[0].private[0].type is missing"),
        Arguments.of("{\"private\":null}", "CII message: private must be an array, was null"),
        Arguments.of(
            "{\"private\":{\"type\":\"x\"}}",
            "CII message: private must be an array, was {\"type\":\"x\"}"),
        Arguments.of("{\"private\":[[]]}", "CII message: private[0] must be an object, was []"),
        Arguments.of(
            "{\"private\":[{\"type\":\"a\"},{\"type\":7}]}",
            "CII message: private[1].type must be a string, was 7"));
  }

  @ParameterizedTest
  @MethodSource("badMessages")
  void rejectsWithAnExactMessage(String json, String message) {
    assertThatThrownBy(() -> Cii.decode(json))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsMalformedJson() {
    for (String s :
        List.of("{", "{\"a\":}", "{} {}", "{}x", "{'a':1}", "{\"contentId\":\"x\",}", "nul")) {
      assertThatThrownBy(() -> Cii.decode(s))
          .as(s)
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("CII message: not valid JSON: ");
    }
  }

  // found by mutatedMessagesDecodeOrFailWithAProtocolException: Jackson throws
  // NumberFormatException, not JacksonException, for numbers beyond BigDecimal's limits
  @Test
  void numbersBeyondBigDecimalAreAProtocolException() {
    for (String s :
        List.of(
            "{\"private\":[{\"type\":\"x\",\"k\":-1.3E+19899610436904030E+19}]}",
            "{\"private\":[{\"type\":\"x\",\"k\":1.3E+19899610436904030}]}",
            "{\"x\":9223372e036854775807}")) {
      assertThatThrownBy(() -> Cii.decode(s))
          .as(s)
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("CII message: not valid JSON: ");
    }
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> Cii.decode("{\"contentId\":\"a\",\"contentId\":\"b\"}"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(
            "CII message: not valid JSON: Duplicate Object property \"contentId\"");
  }

  @Test
  void longValuesAreCutInMessages() {
    String longId = "x".repeat(500);
    assertThatThrownBy(() -> Cii.decode("{\"contentIdStatus\":\"" + longId + "\"}"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage(
            "CII message: contentIdStatus must be \"partial\" or \"final\", was \""
                + "x".repeat(79)
                + "...");
  }
}
