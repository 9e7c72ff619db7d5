package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dvbcss.protocol.Presence;
import org.junit.jupiter.api.Test;

/** diff, update, combine and changedProperties on hand-made states. */
class CiiStateTest {

  static final TimelineOption PTS = new TimelineOption("urn:dvb:css:timeline:pts", 1, 90000);

  static final Cii FULL =
      Cii.builder()
          .protocolVersion()
          .setNull(CiiProperty.MRS_URL)
          .contentId("dvb://233a.1004.1044")
          .contentIdStatus(ContentIdStatus.FINAL)
          .presentationStatus(List.of("okay"))
          .wcUrl("udp://10.0.0.1:6677")
          .tsUrl("ws://10.0.0.1:7681/ts")
          .setNull(CiiProperty.TE_URL)
          .timelines(List.of(PTS))
          .privateData(List.of())
          .build();

  @Test
  void diffHoldsOnlyChangedProperties() {
    Cii to = FULL.toBuilder().presentationStatus(List.of("transitioning")).build();
    Cii d = Cii.diff(FULL, to);
    assertThat(d).isEqualTo(Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(Cii.changedProperties(FULL, to)).containsExactly(CiiProperty.PRESENTATION_STATUS);
    assertThat(Cii.diff(FULL, FULL)).isEqualTo(Cii.empty());
    assertThat(Cii.changedProperties(FULL, FULL)).isEmpty();
  }

  @Test
  void aChangeToNullIsAChange() {
    Cii to = FULL.toBuilder().setNull(CiiProperty.TIMELINES).build();
    assertThat(Cii.diff(FULL, to)).isEqualTo(Cii.builder().setNull(CiiProperty.TIMELINES).build());
    assertThat(Cii.diff(FULL, to).encode()).isEqualTo("{\"timelines\":null}");
  }

  @Test
  void absentInTheNewStateIsNeverInTheDiff() {
    Cii to = FULL.toBuilder().omit(CiiProperty.WC_URL).build();
    assertThat(Cii.diff(FULL, to)).isEqualTo(Cii.empty());
  }

  @Test
  void aChangedContentIdBringsItsStatusEvenWhenTheStatusIsUnchanged() {
    Cii to = FULL.toBuilder().contentId("dvb://233a.1168.122a").build();
    Cii d = Cii.diff(FULL, to);
    assertThat(d.definedProperties())
        .containsExactly(CiiProperty.CONTENT_ID, CiiProperty.CONTENT_ID_STATUS);
    assertThat(d.encode())
        .isEqualTo("{\"contentId\":\"dvb://233a.1168.122a\",\"contentIdStatus\":\"final\"}");
    // but only the content id changed
    assertThat(Cii.changedProperties(FULL, to)).containsExactly(CiiProperty.CONTENT_ID);
    // without a status in the new state there is none to send
    Cii noStatus = to.toBuilder().omit(CiiProperty.CONTENT_ID_STATUS).build();
    assertThat(Cii.diff(FULL, noStatus).definedProperties())
        .containsExactly(CiiProperty.CONTENT_ID);
  }

  @Test
  void updateAppliesPresentPropertiesAndKeepsTheRest() {
    Cii msg =
        Cii.builder()
            .contentId("dvb://next")
            .contentIdStatus(ContentIdStatus.PARTIAL)
            .setNull(CiiProperty.TS_URL)
            .build();
    Cii s = Cii.update(FULL, msg);
    assertThat(s.contentId()).isEqualTo(Presence.of("dvb://next"));
    assertThat(s.contentIdStatus()).isEqualTo(Presence.of(ContentIdStatus.PARTIAL));
    assertThat(s.tsUrl().isNull()).isTrue();
    assertThat(s.timelines()).isEqualTo(Presence.of(List.of(PTS)));
    assertThat(s.wcUrl()).isEqualTo(FULL.wcUrl());
    assertThat(s.isFullState()).isTrue();
    assertThat(FULL.combine(msg)).isEqualTo(s);
    assertThat(Cii.update(FULL, Cii.empty())).isEqualTo(FULL);
    assertThat(Cii.update(Cii.empty(), FULL)).isEqualTo(FULL);
  }

  @Test
  void aClientMirrorFollowsAServer() {
    // pydvbcss's CIIClient: state starts all absent; each message is a partial update
    Cii state = Cii.empty();
    Cii first = FULL;
    assertThat(Cii.changedProperties(state, first)).hasSize(10);
    state = state.combine(first);
    assertThat(state).isEqualTo(FULL);
    Cii resend = Cii.builder().presentationStatus(List.of("okay")).build();
    assertThat(Cii.changedProperties(state, resend)).isEmpty();
    state = state.combine(resend);
    assertThat(state).isEqualTo(FULL);
  }
}
