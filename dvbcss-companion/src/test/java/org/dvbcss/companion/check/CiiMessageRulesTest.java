package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CiiMessageRulesTest {
  private static final String GOOD =
      "{\"protocolVersion\":\"1.1\",\"mrsUrl\":null,\"contentId\":\"dvb://233a.1004.1044\","
          + "\"contentIdStatus\":\"final\",\"presentationStatus\":\"okay\","
          + "\"wcUrl\":\"udp://192.168.1.2:6677\",\"tsUrl\":\"ws://192.168.1.2:7681/ts\","
          + "\"teUrl\":null,\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
          + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}},"
          + "{\"timelineSelector\":\"urn:dvb:css:timeline:temi:1:1\","
          + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":50,\"accuracy\":0.5}}]}";

  @Test
  void aCorrectFirstMessageBreaksNothing() {
    assertThat(CiiMessageRules.judge(GOOD, true)).isEmpty();
  }

  @Test
  void anUpdateNeedsNoProtocolVersion() {
    assertThat(CiiMessageRules.judge("{\"presentationStatus\":\"transitioning\"}", false))
        .isEmpty();
    assertThat(rules(CiiMessageRules.judge("{\"presentationStatus\":\"okay\"}", true)))
        .containsExactly("R-CII-2 FAIL");
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("[1,2]", "R-CII-4 FAIL"),
        Arguments.of("not json", "R-CII-4 FAIL"),
        Arguments.of("{\"vendorInfo\":\"x\"}", "R-CII-4 WARN"),
        Arguments.of("{\"contentId\":\"dvb://1.2.3\"}", "R-CII-5 FAIL"),
        Arguments.of(
            "{\"contentId\":\"dvb://1.2.3\",\"contentIdStatus\":\"done\"}", "R-CII-6 FAIL"),
        Arguments.of("{\"contentIdStatus\":5}", "R-CII-6 FAIL"),
        Arguments.of("{\"presentationStatus\":[\"okay\"]}", "R-CII-7 FAIL"),
        Arguments.of("{\"presentationStatus\":\"playing\"}", "R-CII-7 FAIL"),
        Arguments.of("{\"presentationStatus\":\"okay  muted\"}", "R-CII-7 FAIL"),
        Arguments.of("{\"teUrl\":5}", "R-CII-8 FAIL"),
        Arguments.of("{\"wcUrl\":\"ws://1.2.3.4:6677\"}", "R-CII-8 FAIL"),
        Arguments.of("{\"wcUrl\":\"udp://1.2.3.4\"}", "R-CII-8 FAIL"),
        Arguments.of("{\"tsUrl\":\"http://1.2.3.4/ts\"}", "R-CII-8 FAIL"),
        Arguments.of("{\"timelines\":{}}", "R-CII-8 FAIL"),
        Arguments.of("{\"contentId\":7,\"contentIdStatus\":\"final\"}", "R-CII-8 FAIL"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
                + "\"timelineProperties\":{\"unitsPerTick\":\"1\",\"unitsPerSecond\":90000}}]}",
            "R-CII-11 FAIL"),
        Arguments.of(
            "{\"timelines\":[{\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":0}}]}",
            "R-CII-11 FAIL"),
        Arguments.of(
            "{\"timelines\":[{\"timelineSelector\":\"urn:dvb:css:timeline:temi:x\","
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":50}}]}",
            "R-CII-12 WARN"),
        Arguments.of(
            "{\"contentId\":\"channel 4\",\"contentIdStatus\":\"final\"}", "R-CII-15 WARN"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void eachDeviationNamesItsRule(String message, String expected) {
    assertThat(rules(CiiMessageRules.judge(message, false))).containsExactly(expected);
  }

  @Test
  void privateTimelineSelectorsAreAccepted() {
    String m =
        "{\"timelines\":[{\"timelineSelector\":\"tag:example.com,2024:mine\","
            + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":1000}}]}";
    assertThat(CiiMessageRules.judge(m, false)).isEmpty();
  }

  private static List<String> rules(List<CiiMessageRules.Finding> fs) {
    return fs.stream().map(f -> f.rule().id() + " " + f.status()).toList();
  }
}
