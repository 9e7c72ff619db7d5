package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CII and WebSocket checks, and the CII step watcher, against the simulated TV. */
class CiiChecksTest {
  private Tv tv;

  @AfterEach
  void stop() {
    if (tv != null) {
      tv.close();
    }
  }

  private Tv start(Fault... faults) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(lo, 0))
                .wallClockAddress(new InetSocketAddress(lo, 0))
                .transition(Duration.ofMillis(100))
                .faults(Faults.of(faults))
                .build());
    return tv;
  }

  private static CheckConfig.Builder config(String url) {
    return CheckConfig.builder(url)
        .duration(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(2))
        .rapidConnections(20);
  }

  private Guide guide() {
    return step -> {
      switch (step) {
        case CHANGE_CONTENT -> tv.nextContent();
        case STOP_SYNC -> tv.close();
        default -> {}
      }
    };
  }

  @Test
  void aCleanTvKeepsEveryCiiAndWebSocketRule() throws Exception {
    start();
    CiiCheckRig rig =
        new CiiCheckRig(
                config(tv.ciiUrl())
                    .guide(guide())
                    .steps(List.of(GuidedStep.CHANGE_CONTENT, GuidedStep.STOP_SYNC))
                    .build())
            .run(true);
    assertThat(rig.reached).isTrue();
    for (Rule rule : Rules.all()) {
      if (rule.area() != Area.CII && rule.area() != Area.WS) {
        continue;
      }
      assertThat(rig.of(rule.id())).as(rule.id()).isNotEmpty();
      for (RuleResult r : rig.of(rule.id())) {
        assertThat(r.status()).as(r.id() + ": " + r.message()).isIn(Status.PASS, Status.INFO);
      }
    }
    for (String id :
        List.of(
            "R-CII-1",
            "R-CII-2",
            "R-CII-4",
            "R-CII-5",
            "R-CII-6",
            "R-CII-7",
            "R-CII-8",
            "R-CII-10",
            "R-CII-11",
            "R-CII-13",
            "R-CII-14",
            "R-CII-17",
            "R-WS-1",
            "R-WS-2",
            "R-WS-3",
            "R-WS-4",
            "R-WS-5")) {
      assertThat(rig.statuses(id)).as(id).contains(Status.PASS);
    }
    assertThat(rig.statuses("R-WS-6")).contains(Status.PASS);
  }

  @Test
  void presentationStatusAsAnArrayFailsCii7() throws Exception {
    start(Fault.PRESENTATION_STATUS_ARRAY);
    CiiCheckRig rig = new CiiCheckRig(config(tv.ciiUrl()).build()).run(false);
    assertThat(rig.statuses("R-CII-7")).containsExactly(Status.FAIL);
    assertThat(rig.of("R-CII-7").get(0).message()).contains("[\"okay\"]");
  }

  @Test
  void anInvalidOptionalPropertyFailsCii8() throws Exception {
    start(Fault.INVALID_OPTIONAL_PROPERTY);
    CiiCheckRig rig = new CiiCheckRig(config(tv.ciiUrl()).build()).run(false);
    assertThat(rig.statuses("R-CII-8")).containsExactly(Status.FAIL);
    assertThat(rig.of("R-CII-8").get(0).message()).contains("teUrl");
    // the tolerant reading still gives the URLs
    assertThat(rig.ctx.cii().tsUrl()).isPresent();
  }

  @Test
  void anUnknownPropertyWarnsCii4() throws Exception {
    start(Fault.UNKNOWN_PROPERTY);
    CiiCheckRig rig = new CiiCheckRig(config(tv.ciiUrl()).build()).run(false);
    assertThat(rig.statuses("R-CII-4")).containsExactly(Status.WARN);
    assertThat(rig.of("R-CII-4").get(0).message()).contains("vendorInfo");
  }

  @Test
  void refusingByClosingWarnsWs2() throws Exception {
    start(Fault.REFUSE_BY_CLOSE);
    CiiCheckRig rig = new CiiCheckRig(config(tv.ciiUrl()).build()).run(true);
    assertThat(rig.statuses("R-WS-2")).containsExactly(Status.WARN);
    assertThat(rig.statuses("R-WS-5")).containsExactly(Status.PASS);
  }

  @Test
  void fullStateUpdatesWarnCii13() throws Exception {
    start(Fault.FULL_STATE);
    CiiCheckRig rig =
        new CiiCheckRig(
                config(tv.ciiUrl())
                    .guide(guide())
                    .steps(List.of(GuidedStep.CHANGE_CONTENT))
                    .build())
            .run(false);
    assertThat(rig.statuses("R-CII-13")).containsExactly(Status.WARN);
    assertThat(rig.of("R-CII-13").get(0).message()).contains("unchanged");
    assertThat(rig.statuses("R-CII-18")).containsExactly(Status.INFO);
  }

  @Test
  void droppingTcpWithoutACloseFrameWarnsWs6() throws Exception {
    start(Fault.NO_CLOSE_FRAME);
    CiiCheckRig rig =
        new CiiCheckRig(
                config(tv.ciiUrl()).guide(guide()).steps(List.of(GuidedStep.STOP_SYNC)).build())
            .run(false);
    assertThat(rig.statuses("R-WS-6")).as(rig.of("R-WS-6").toString()).containsExactly(Status.WARN);
    assertThat(rig.statuses("R-CII-17")).containsExactly(Status.WARN);
  }

  @Test
  void aTvThatCannotBeReachedStopsTheCheck() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port + "/cii";
    CiiCheckRig rig = new CiiCheckRig(config(url).build()).run(true);
    assertThat(rig.reached).isFalse();
    assertThat(rig.statuses("R-CII-1")).containsExactly(Status.FAIL);
  }
}
