package org.dvbcss.tv;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockWebSocketEndpoint;
import org.dvbcss.net.ws.WebSocketSession;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.protocol.ts.TsServerCore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One snapshot of the TV for its page, as the JSON text pushed on {@code /status} (described in
 * {@code docs/tv-page.md}): what is presented, each timeline's position, who is connected, and the
 * faults. Built from plain values, with no socket, so it can be checked on its own.
 *
 * <p>Units: {@code wallClockNs} and every wall clock time are wall clock nanoseconds; {@code
 * positionSeconds} seconds; {@code ticks} and content times timeline ticks; speeds multiples of
 * normal speed; the window bounds nanoseconds relative to {@code wallClockNs}.
 *
 * <p>Threading: immutable.
 *
 * @param wallClockNs the TV's wall clock when the snapshot was taken, nanoseconds
 * @param state what the TV presents
 * @param ticks each timeline's position at {@code wallClockNs}, ticks
 * @param cii the companions connected to CSS-CII
 * @param ts the companions connected to CSS-TS
 * @param wcUdpRequestsPerSecond CSS-WC requests answered on UDP per second, lately
 * @param wcWebSocketRequestsPerSecond CSS-WC requests answered over WebSocket ({@code /wc}) per
 *     second, lately
 * @param wcSessions the companions connected to CSS-WC over WebSocket
 * @param faults the faults this TV was started with
 * @param urls the TV's URLs as bound, by name ({@code cii}, {@code ts}, {@code wc}, ...)
 */
record StatusSnapshot(
    long wallClockNs,
    TvModel.State state,
    Map<Timeline, Double> ticks,
    List<WebSocketSession> cii,
    List<TsServer.Connection> ts,
    double wcUdpRequestsPerSecond,
    double wcWebSocketRequestsPerSecond,
    List<WallClockWebSocketEndpoint.SessionInfo> wcSessions,
    Faults faults,
    Map<String, String> urls) {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Copies the lists. */
  StatusSnapshot {
    Objects.requireNonNull(state, "state");
    ticks = Map.copyOf(ticks);
    cii = List.copyOf(cii);
    ts = List.copyOf(ts);
    wcSessions = List.copyOf(wcSessions);
    Objects.requireNonNull(faults, "faults");
    urls = Collections.unmodifiableMap(new LinkedHashMap<>(urls));
  }

  /**
   * The snapshot as the feed's JSON text.
   *
   * @return a JSON object with {@code "type":"status"}
   */
  String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", "status");
    root.put("wallClockNs", wallClockNs);
    root.put("contentId", state.contentId());
    root.put("contentIdStatus", state.contentIdStatus().wireName());
    ArrayNode status = root.putArray("presentationStatus");
    state.presentationStatus().forEach(status::add);
    root.put("speed", state.speed());
    root.put("positionSeconds", state.positionSeconds());
    ObjectNode urlNode = root.putObject("urls");
    urls.forEach(urlNode::put);
    ArrayNode timelines = root.putArray("timelines");
    state
        .served()
        .forEach(
            (timeline, served) -> {
              ObjectNode t = timelines.addObject();
              t.put("name", timeline.shortName());
              t.put("selector", timeline.selector());
              t.put("tickRate", timeline.tickRate());
              t.put("served", served);
              t.put("ticks", ticks.getOrDefault(timeline, 0.0));
            });
    ObjectNode companions = root.putObject("companions");
    ArrayNode ciiNode = companions.putArray("cii");
    cii.forEach(s -> session(ciiNode, s.id(), s.remoteAddress()));
    ArrayNode tsNode = companions.putArray("ts");
    ts.forEach(c -> tsNode.add(ts(c)));
    ObjectNode wc = companions.putObject("wc");
    wc.put("udpRequestsPerSecond", wcUdpRequestsPerSecond);
    wc.put("webSocketRequestsPerSecond", wcWebSocketRequestsPerSecond);
    ArrayNode wcNode = wc.putArray("webSocketSessions");
    wcSessions.forEach(s -> session(wcNode, s.id(), s.remote()));
    ArrayNode faultNode = root.putArray("faults");
    for (Fault fault : Fault.values()) {
      ObjectNode f = faultNode.addObject();
      f.put("name", fault.shortName());
      f.put("description", fault.description());
      f.put("active", faults.has(fault));
    }
    return MAPPER.writeValueAsString(root);
  }

  private static ObjectNode session(ArrayNode into, String id, InetSocketAddress remote) {
    ObjectNode s = into.addObject();
    s.put("id", id);
    s.put("remote", address(remote));
    return s;
  }

  /** {@code host:port}, IPv6 bracketed. */
  static String address(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private ObjectNode ts(TsServer.Connection c) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", c.id());
    node.put("remote", address(c.remoteAddress()));
    SetupData setup = c.setup();
    if (setup == null) {
      node.putNull("stem");
      node.putNull("selector");
    } else {
      node.put("stem", setup.contentIdStem());
      node.put("selector", setup.timelineSelector());
    }
    TsServerCore.TimingReport report = c.timingReport();
    if (report == null) {
      node.putNull("timing");
      node.putNull("window");
      return node;
    }
    ObjectNode timing = node.putObject("timing");
    if (report.timestamps().actual().isPresent()) {
      timestamp(timing.putObject("actual"), report.timestamps().actual().value());
    } else {
      timing.putNull("actual");
    }
    timestamp(timing.putObject("earliest"), report.timestamps().earliest());
    timestamp(timing.putObject("latest"), report.timestamps().latest());
    timing.put("receivedAtNs", report.receivedAt());
    window(node, report);
    return node;
  }

  private static void timestamp(ObjectNode into, Timestamp t) {
    into.put("contentTime", t.contentTime());
    if (t.isFinite()) {
      into.put("wallClockTime", t.wallClockTime());
    } else {
      into.put("wallClockTime", t.infinity() == Timestamp.Infinity.PLUS ? "+inf" : "-inf");
    }
  }

  /**
   * The companion's presentation window for its timeline's position now: its earliest and latest
   * timestamps moved along normal play to the timeline's current ticks, relative to {@code
   * wallClockNs} (negative: the companion could have presented it already). Unbounded ends are
   * null; no window for a selector that is not one of this TV's timelines.
   */
  private void window(ObjectNode node, TsServerCore.TimingReport report) {
    Timeline timeline = timelineOf(report.setup().timelineSelector());
    Double now = timeline == null ? null : ticks.get(timeline);
    if (timeline == null || now == null) {
      node.putNull("window");
      return;
    }
    ObjectNode w = node.putObject("window");
    w.put("contentTime", now);
    bound(w, "earliestNs", report.timestamps().earliest(), now, timeline.tickRate());
    bound(w, "latestNs", report.timestamps().latest(), now, timeline.tickRate());
  }

  private void bound(ObjectNode w, String name, Timestamp t, double now, double tickRate) {
    if (!t.isFinite()) {
      w.putNull(name);
      return;
    }
    double moved = t.wallClockTime() + (now - t.contentTime()) / tickRate * 1e9;
    w.put(name, Math.round(moved - wallClockNs));
  }

  private static @Nullable Timeline timelineOf(String selector) {
    for (Timeline t : Timeline.values()) {
      if (t.selector().equals(selector)) {
        return t;
      }
    }
    return null;
  }
}
