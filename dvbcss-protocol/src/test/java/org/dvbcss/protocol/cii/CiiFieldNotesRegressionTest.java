package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

/**
 * One test for each CSS-CII defect found in other implementations (shared field notes) and in
 * pydvbcss 0.5.2, so none of them comes back.
 */
class CiiFieldNotesRegressionTest {

  /** dvbcss-protocols (JS) read {@code msrUrl}, so {@code mrsUrl} was always null. */
  @Test
  void mrsUrlKeyIsSpelledRight() {
    Cii c = Cii.decode("{\"mrsUrl\":\"http://mrs.example/\"}");
    assertThat(c.mrsUrl()).isEqualTo(Presence.of("http://mrs.example/"));
    assertThat(Cii.decode("{\"msrUrl\":\"http://mrs.example/\"}").mrsUrl().isAbsent()).isTrue();
    assertThat(Cii.builder().mrsUrl("http://m/").build().encode())
        .isEqualTo("{\"mrsUrl\":\"http://m/\"}");
  }

  /** dvbcss-protocols (JS) swapped the change flags of {@code wcUrl} and {@code tsUrl}. */
  @Test
  void wcUrlAndTsUrlAreNotSwapped() {
    Cii c = Cii.decode("{\"wcUrl\":\"udp://h:6677\",\"tsUrl\":\"ws://h:7681/ts\"}");
    assertThat(c.wcUrl()).isEqualTo(Presence.of("udp://h:6677"));
    assertThat(c.tsUrl()).isEqualTo(Presence.of("ws://h:7681/ts"));
    Cii onlyWc = Cii.decode("{\"wcUrl\":\"udp://h:1\"}");
    assertThat(Cii.changedProperties(c, onlyWc)).containsExactly(CiiProperty.WC_URL);
    Cii onlyTs = Cii.decode("{\"tsUrl\":\"ws://h:2/ts\"}");
    assertThat(Cii.changedProperties(c, onlyTs)).containsExactly(CiiProperty.TS_URL);
    assertThat(Cii.update(c, onlyTs).wcUrl()).isEqualTo(Presence.of("udp://h:6677"));
  }

  /**
   * dvbcss-protocols (JS) wiped the known timelines on a message that omits {@code timelines}; the
   * spec says an omitted property keeps its value.
   */
  @Test
  void aPartialMessageKeepsTheTimelines() {
    Cii state =
        Cii.decode(
            "{\"protocolVersion\":\"1.1\",\"contentId\":\"dvb://a\",\"timelines\":[{"
                + "\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
                + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}}]}");
    Cii partial = Cii.decode("{\"presentationStatus\":\"transitioning\"}");
    Cii next = Cii.update(state, partial);
    assertThat(next.timelines()).isEqualTo(state.timelines());
    assertThat(next.timelines().value()).hasSize(1);
    assertThat(next.contentId()).isEqualTo(Presence.of("dvb://a"));
    assertThat(Cii.changedProperties(state, partial))
        .containsExactly(CiiProperty.PRESENTATION_STATUS);
    // an explicit null does clear them
    assertThat(Cii.update(state, Cii.decode("{\"timelines\":null}")).timelines().isNull()).isTrue();
  }

  /** dvbcss-protocols (JS) did not model {@code teUrl} or {@code private}. */
  @Test
  void teUrlAndPrivateAreModelled() {
    Cii c =
        Cii.decode(
            "{\"teUrl\":\"ws://h/te\",\"private\":[{\"type\":\"urn:x\",\"v\":[1,{\"a\":null}]}]}");
    assertThat(c.teUrl()).isEqualTo(Presence.of("ws://h/te"));
    assertThat(c.privateData().value())
        .containsExactly(PrivateData.fromJson("{\"type\":\"urn:x\",\"v\":[1,{\"a\":null}]}"));
    assertThat(c.encode())
        .isEqualTo(
            "{\"teUrl\":\"ws://h/te\",\"private\":[{\"type\":\"urn:x\",\"v\":[1,{\"a\":null}]}]}");
    assertThat(Cii.changedProperties(Cii.empty(), c))
        .containsExactly(CiiProperty.TE_URL, CiiProperty.PRIVATE);
  }

  /**
   * dvbcss-protocols (JS) kept {@code presentationStatus} as a raw string; pydvbcss packed a
   * unicode string as {@code "o k a y"}. Here it is a list of tokens both ways.
   */
  @Test
  void presentationStatusIsModelledAsTokens() {
    Cii c = Cii.decode("{\"presentationStatus\":\"okay x-muted\"}");
    assertThat(c.presentationStatus().value()).containsExactly("okay", "x-muted");
    assertThat(Cii.builder().presentationStatus(List.of("okay")).build().encode())
        .isEqualTo("{\"presentationStatus\":\"okay\"}")
        .doesNotContain("o k a y");
  }

  /** A React Native companion used contentIdStatus values outside partial/final. */
  @Test
  void contentIdStatusOutsidePartialAndFinalIsRejected() {
    for (String bad : List.of("done", "Final", "complete", "", "partial ")) {
      assertThatThrownBy(() -> Cii.decode("{\"contentIdStatus\":\"" + bad + "\"}"))
          .isExactlyInstanceOf(ProtocolException.class)
          .hasMessage(
              "CII message: contentIdStatus must be \"partial\" or \"final\", was \"" + bad + "\"");
    }
  }

  /** pydvbcss 0.5.2 decoded a JSON array as an empty CII. */
  @Test
  void aJsonArrayIsNotAnEmptyCii() {
    assertThatThrownBy(() -> Cii.decode("[]"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("CII message: must be a JSON object, was []");
  }
}
