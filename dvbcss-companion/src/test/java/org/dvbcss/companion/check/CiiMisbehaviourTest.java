package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CII checks against small hand-made servers that each misbehave in one way. */
class CiiMisbehaviourTest {
  private static final String TIMELINES =
      "[{\"timelineSelector\":\"urn:dvb:css:timeline:pts\","
          + "\"timelineProperties\":{\"unitsPerTick\":1,\"unitsPerSecond\":90000}}]";

  private FixedCiiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String first(String contentPart, String urls) {
    return "{\"protocolVersion\":\"1.1\",\"mrsUrl\":null,"
        + contentPart
        + ",\"presentationStatus\":\"okay\","
        + urls
        + ",\"teUrl\":null,\"timelines\":"
        + TIMELINES
        + "}";
  }

  private static final String CONTENT =
      "\"contentId\":\"dvb://233a.1004.1044\",\"contentIdStatus\":\"final\"";
  private static final String URLS =
      "\"wcUrl\":\"udp://127.0.0.1:1\",\"tsUrl\":\"ws://127.0.0.1:1/ts\"";

  private CiiCheckRig check(String first, long delayMillis, boolean closeOnText, Guide guide)
      throws Exception {
    server = new FixedCiiServer(first, delayMillis, closeOnText);
    CheckConfig.Builder b =
        CheckConfig.builder(server.url())
            .duration(Duration.ofSeconds(2))
            .connectTimeout(Duration.ofSeconds(2))
            .rapidConnections(20);
    if (guide != null) {
      b.guide(guide).steps(List.of(GuidedStep.CHANGE_CONTENT));
    }
    return new CiiCheckRig(b.build()).run(false);
  }

  @Test
  void aWellBehavedServerBreaksNoRuleOfOneMessage() throws Exception {
    CiiCheckRig rig = check(first(CONTENT, URLS), 0, false, null);
    for (RuleResult r : rig.area(Area.CII)) {
      assertThat(r.status()).as(r.id() + ": " + r.message()).isIn(Status.PASS, Status.INFO);
    }
  }

  @Test
  void noProtocolVersionFailsCii2() throws Exception {
    String m = first(CONTENT, URLS).replace("\"protocolVersion\":\"1.1\",", "");
    assertThat(check(m, 0, false, null).statuses("R-CII-2")).containsExactly(Status.FAIL);
  }

  @Test
  void aContentIdWithoutItsStatusFailsCii5() throws Exception {
    String m = first("\"contentId\":\"dvb://233a.1004.1044\"", URLS);
    assertThat(check(m, 0, false, null).statuses("R-CII-5")).containsExactly(Status.FAIL);
  }

  @Test
  void aWrongContentIdStatusFailsCii6() throws Exception {
    String m = first(CONTENT.replace("final", "complete"), URLS);
    CiiCheckRig rig = check(m, 0, false, null);
    assertThat(rig.statuses("R-CII-6")).containsExactly(Status.FAIL);
    assertThat(rig.of("R-CII-6").get(0).message()).contains("complete");
  }

  @Test
  void wildcardHostsWarnCii10WithTheRewrite() throws Exception {
    String m =
        first(CONTENT, "\"wcUrl\":\"udp://0.0.0.0:6677\",\"tsUrl\":\"ws://0.0.0.0:7681/ts\"");
    CiiCheckRig rig = check(m, 0, false, null);
    assertThat(rig.statuses("R-CII-10")).containsExactly(Status.WARN);
    Map<String, Object> ev = rig.of("R-CII-10").get(0).evidence();
    assertThat(ev.get("rewritten").toString())
        .contains("udp://127.0.0.1:6677")
        .contains("ws://127.0.0.1:7681/ts");
    assertThat(ev.get("advertised").toString()).contains("0.0.0.0");
  }

  @Test
  void aLateFirstMessageWarnsCii1() throws Exception {
    CiiCheckRig rig = check(first(CONTENT, URLS), 1500, false, null);
    assertThat(rig.reached).isTrue();
    assertThat(rig.statuses("R-CII-1")).containsExactly(Status.WARN);
    assertThat((Double) rig.of("R-CII-1").get(0).evidence().get("elapsed_ms"))
        .isGreaterThan(1000.0);
  }

  @Test
  void noFirstMessageWithinFiveSecondsFailsCii1AndStops() throws Exception {
    CiiCheckRig rig = check(first(CONTENT, URLS), 60_000, false, null);
    assertThat(rig.reached).isFalse();
    assertThat(rig.statuses("R-CII-1")).containsExactly(Status.FAIL);
  }

  @Test
  void closingOnAClientMessageFailsCii14() throws Exception {
    CiiCheckRig rig = check(first(CONTENT, URLS), 0, true, null);
    assertThat(rig.statuses("R-CII-14")).containsExactly(Status.FAIL);
    assertThat(rig.of("R-CII-14").get(0).evidence()).containsEntry("close_code", 1008);
  }

  @Test
  void wipedTimelinesWhileTheContentStaysFailCii13() throws Exception {
    Guide guide =
        step -> {
          server.sendToAll("{\"timelines\":[]}");
          server.sendToAll(
              "{\"contentId\":\"dvb://233a.1004.1045\",\"contentIdStatus\":\"final\"}");
        };
    CiiCheckRig rig = check(first(CONTENT, URLS), 0, false, guide);
    assertThat(rig.statuses("R-CII-13")).containsExactly(Status.FAIL);
    assertThat(rig.of("R-CII-13").get(0).message()).contains("wiped");
    assertThat(rig.statuses("R-CII-18")).containsExactly(Status.INFO);
  }

  @Test
  void aBrokenUpdateIsReportedOncePerRule() throws Exception {
    Guide guide =
        step -> {
          server.sendToAll("{\"presentationStatus\":[\"transitioning\"]}");
          server.sendToAll("{\"teUrl\":5}");
          server.sendToAll(
              "{\"contentId\":\"dvb://233a.1004.1045\",\"contentIdStatus\":\"final\","
                  + "\"presentationStatus\":\"okay\"}");
        };
    CiiCheckRig rig = check(first(CONTENT, URLS), 0, false, guide);
    assertThat(rig.statuses("R-CII-7")).containsExactly(Status.PASS, Status.FAIL);
    assertThat(rig.statuses("R-CII-8")).containsExactly(Status.PASS, Status.FAIL);
    assertThat(rig.statuses("R-CII-13")).containsExactly(Status.PASS);
  }
}
