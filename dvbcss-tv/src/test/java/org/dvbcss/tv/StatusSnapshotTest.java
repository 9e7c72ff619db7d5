package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockWebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.protocol.ts.TsServerCore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StatusSnapshotTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final long NOW = 50_000_000_000L; // 50 s on the wall clock
  private static final InetSocketAddress TV = new InetSocketAddress("127.0.0.1", 7681);
  private static final WebSocketEndpoint NOTHING = (session, text) -> {};

  private final List<FakeSession.Sent> log = new ArrayList<>();

  private static TvModel.State state(double speed) {
    Map<Timeline, Boolean> served = new EnumMap<>(Timeline.class);
    served.put(Timeline.PTS, true);
    served.put(Timeline.TEMI, false);
    served.put(Timeline.DASH, true);
    return new TvModel.State(
        "dvb://233a.1004.1044", ContentIdStatus.FINAL, List.of("okay"), 12.5, speed, served);
  }

  private static Map<Timeline, Double> ticks() {
    Map<Timeline, Double> ticks = new EnumMap<>(Timeline.class);
    ticks.put(Timeline.PTS, 1_125_000.0);
    ticks.put(Timeline.TEMI, 12_500.0);
    return ticks;
  }

  private static TsServer.Connection reporting(String id, String selector, AptEptLpt report) {
    SetupData setup = new SetupData("dvb://233a", selector);
    return new TsServer.Connection(
        id,
        new InetSocketAddress("127.0.0.1", 40_000),
        setup,
        new TsServerCore.TimingReport(id, setup, report, NOW - 1_000_000));
  }

  private JsonNode json(StatusSnapshot snapshot) {
    return MAPPER.readTree(snapshot.toJson());
  }

  @Test
  void carriesWhatTheTvPresents() {
    JsonNode s =
        json(
            new StatusSnapshot(
                NOW,
                state(1.0),
                ticks(),
                List.of(),
                List.of(),
                2.5,
                4.0,
                List.of(),
                Faults.of(Fault.IGNORE_STEM),
                Map.of("cii", "ws://127.0.0.1:7681/cii")));
    assertThat(s.get("type").asString()).isEqualTo("status");
    assertThat(s.get("wallClockNs").asLong()).isEqualTo(NOW);
    assertThat(s.get("contentId").asString()).isEqualTo("dvb://233a.1004.1044");
    assertThat(s.get("contentIdStatus").asString()).isEqualTo("final");
    assertThat(s.get("presentationStatus").get(0).asString()).isEqualTo("okay");
    assertThat(s.get("speed").asDouble()).isEqualTo(1.0);
    assertThat(s.get("positionSeconds").asDouble()).isEqualTo(12.5);
    assertThat(s.get("urls").get("cii").asString()).isEqualTo("ws://127.0.0.1:7681/cii");
    JsonNode timelines = s.get("timelines");
    assertThat(timelines).hasSize(3);
    assertThat(timelines.get(0).get("name").asString()).isEqualTo("pts");
    assertThat(timelines.get(0).get("selector").asString()).isEqualTo(Timeline.PTS.selector());
    assertThat(timelines.get(0).get("tickRate").asDouble()).isEqualTo(90_000);
    assertThat(timelines.get(0).get("ticks").asDouble()).isEqualTo(1_125_000);
    assertThat(timelines.get(1).get("served").asBoolean()).isFalse();
    assertThat(timelines.get(2).get("ticks").asDouble()).isZero(); // not given
    JsonNode wc = s.get("companions").get("wc");
    assertThat(wc.get("udpRequestsPerSecond").asDouble()).isEqualTo(2.5);
    assertThat(wc.get("webSocketRequestsPerSecond").asDouble()).isEqualTo(4.0);
    assertThat(wc.get("webSocketSessions")).isEmpty();
    JsonNode faults = s.get("faults");
    assertThat(faults).hasSize(Fault.values().length);
    for (JsonNode f : faults) {
      Fault fault = Fault.named(f.get("name").asString());
      assertThat(f.get("description").asString()).isEqualTo(fault.description());
      assertThat(f.get("active").asBoolean()).isEqualTo(fault == Fault.IGNORE_STEM);
    }
  }

  @Test
  void listsTheCompanionsWithTheirReportsAndWindows() throws Exception {
    WebSocketSession cii = FakeSession.open(NOTHING, "/cii", TV, log);
    WallClockWebSocketEndpoint.SessionInfo wcSession =
        new WallClockWebSocketEndpoint.SessionInfo(
            "wc-7", new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_002));
    // content time 1_125_000 (12.5 s) can be presented from NOW-100 ms to NOW+200 ms
    AptEptLpt bounded =
        new AptEptLpt(
            Presence.of(Timestamp.of(1_035_000, NOW - 1_000_000_000L)),
            Timestamp.of(1_035_000, NOW - 1_100_000_000L),
            Timestamp.of(1_035_000, NOW - 800_000_000L));
    AptEptLpt open =
        new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0));
    List<TsServer.Connection> ts =
        List.of(
            reporting("ts-1", Timeline.PTS.selector(), bounded),
            reporting("ts-2", Timeline.TEMI.selector(), open),
            reporting("ts-3", "urn:other", open),
            reporting("ts-4", Timeline.DASH.selector(), open), // no ticks for DASH given
            new TsServer.Connection(
                "ts-5", new InetSocketAddress(InetAddress.getByName("::1"), 40_001), null, null));
    JsonNode c =
        json(new StatusSnapshot(
                NOW,
                state(0),
                ticks(),
                List.of(cii),
                ts,
                0,
                0,
                List.of(wcSession),
                Faults.NONE,
                Map.of()))
            .get("companions");
    assertThat(c.get("cii").get(0).get("id").asString()).isEqualTo(cii.id());
    assertThat(c.get("cii").get(0).get("remote").asString())
        .isEqualTo(StatusSnapshot.address(cii.remoteAddress()));
    assertThat(c.get("wc").get("webSocketSessions").get(0).get("id").asString()).isEqualTo("wc-7");
    assertThat(c.get("wc").get("webSocketSessions").get(0).get("remote").asString())
        .isEqualTo("127.0.0.1:40002");
    JsonNode t1 = c.get("ts").get(0);
    assertThat(t1.get("id").asString()).isEqualTo("ts-1");
    assertThat(t1.get("stem").asString()).isEqualTo("dvb://233a");
    assertThat(t1.get("selector").asString()).isEqualTo(Timeline.PTS.selector());
    JsonNode timing = t1.get("timing");
    assertThat(timing.get("actual").get("contentTime").asLong()).isEqualTo(1_035_000);
    assertThat(timing.get("actual").get("wallClockTime").asLong()).isEqualTo(NOW - 1_000_000_000L);
    assertThat(timing.get("earliest").get("wallClockTime").asLong())
        .isEqualTo(NOW - 1_100_000_000L);
    assertThat(timing.get("receivedAtNs").asLong()).isEqualTo(NOW - 1_000_000);
    assertThat(t1.get("window").get("contentTime").asDouble()).isEqualTo(1_125_000);
    assertThat(t1.get("window").get("earliestNs").asLong()).isEqualTo(-100_000_000L);
    assertThat(t1.get("window").get("latestNs").asLong()).isEqualTo(200_000_000L);
    JsonNode t2 = c.get("ts").get(1);
    assertThat(t2.get("timing").get("actual").isNull()).isTrue();
    assertThat(t2.get("timing").get("earliest").get("wallClockTime").asString()).isEqualTo("-inf");
    assertThat(t2.get("timing").get("latest").get("wallClockTime").asString()).isEqualTo("+inf");
    assertThat(t2.get("window").get("earliestNs").isNull()).isTrue();
    assertThat(t2.get("window").get("latestNs").isNull()).isTrue();
    assertThat(c.get("ts").get(2).get("window").isNull()).isTrue();
    assertThat(c.get("ts").get(3).get("window").isNull()).isTrue();
    JsonNode t5 = c.get("ts").get(4);
    assertThat(t5.get("remote").asString()).isEqualTo("[0:0:0:0:0:0:0:1]:40001");
    assertThat(t5.get("stem").isNull()).isTrue();
    assertThat(t5.get("selector").isNull()).isTrue();
    assertThat(t5.get("timing").isNull()).isTrue();
    assertThat(t5.get("window").isNull()).isTrue();
  }

  @Test
  void anUnresolvedAddressIsShownByName() {
    assertThat(StatusSnapshot.address(InetSocketAddress.createUnresolved("tv.local", 80)))
        .isEqualTo("tv.local:80");
  }
}
