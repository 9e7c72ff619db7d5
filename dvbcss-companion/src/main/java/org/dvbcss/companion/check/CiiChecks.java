package org.dvbcss.companion.check;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.CiiProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The CSS-CII rules (R-CII-*). Stateless; each run on the checker's thread. */
final class CiiChecks {
  static final long FIRST_MESSAGE_LIMIT_NANOS = 5_000_000_000L;
  private static final long FIRST_MESSAGE_GOOD_NANOS = 1_000_000_000L;
  private static final long JUNK_WAIT_NANOS = 1_000_000_000L;

  private CiiChecks() {}

  /**
   * Connects to CSS-CII, reads the first message, publishes it ({@link CheckContext#cii}) and
   * applies the CII rules that need no change of the TV.
   *
   * @return whether the TV was reached (a first message arrived)
   */
  static boolean run(CheckContext ctx, HttpClient http) throws InterruptedException {
    CheckConfig config = ctx.config();
    String url = config.ciiUrl();
    TextSocket socket;
    try {
      socket = TextSocket.open(http, url, config.connectTimeout());
    } catch (TextSocket.Refused e) {
      ctx.report(
          RuleResult.of(
                  Rules.CII_1,
                  Status.FAIL,
                  "could not connect to " + url + ": " + e.getMessage(),
                  "a WebSocket connection to the CII URL and a first message within 1 s")
              .with("http_status", e.status()));
      return false;
    }
    try {
      long opened = System.nanoTime();
      TextSocket.Message first = socket.next(FIRST_MESSAGE_LIMIT_NANOS);
      if (first == null) {
        TextSocket.Ending end = socket.ending(0);
        ctx.report(
            RuleResult.of(
                    Rules.CII_1,
                    Status.FAIL,
                    end == null
                        ? "connected, but no message within 5 s"
                        : "connected, but the connection ended before any message (code "
                            + end.code()
                            + ", "
                            + end.reason()
                            + ")",
                    "a first message within 1 s, without any client message")
                .with("elapsed_ms", (System.nanoTime() - opened) / 1e6));
        return false;
      }
      // a first message sent with the handshake's answer arrives before the client returns: 0
      long took = Math.max(0, first.atNanos() - opened);
      ctx.cii(new CiiSnapshot(first.text(), took, decode(first.text())));
      reportFirst(ctx, first.text(), took);
      junk(ctx, http, socket);
    } finally {
      socket.close();
    }
    notGuided(ctx);
    return true;
  }

  /**
   * The state a message gives, read tolerantly; the readable string properties if even that fails.
   */
  static Cii decode(String text) {
    try {
      return Cii.decode(text, ReadMode.TOLERANT).value();
    } catch (ProtocolException | IllegalArgumentException e) {
      // keep every property that can be read on its own, so that the other checks still run
      Map<String, JsonNode> m = CiiMessageRules.properties(text).orElse(Map.of());
      tools.jackson.databind.node.ObjectNode kept = KEEP.createObjectNode();
      for (Map.Entry<String, JsonNode> p : m.entrySet()) {
        tools.jackson.databind.node.ObjectNode one = KEEP.createObjectNode();
        one.set(p.getKey(), p.getValue());
        try {
          Cii.decode(one.toString(), ReadMode.TOLERANT);
          kept.set(p.getKey(), p.getValue());
        } catch (ProtocolException | IllegalArgumentException bad) {
          // this property is left out
        }
      }
      try {
        return Cii.decode(kept.toString(), ReadMode.TOLERANT).value();
      } catch (ProtocolException | IllegalArgumentException again) {
        return Cii.empty();
      }
    }
  }

  private static final tools.jackson.databind.json.JsonMapper KEEP =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static void reportFirst(CheckContext ctx, String text, long tookNanos) {
    double ms = tookNanos / 1e6;
    Status timing = tookNanos <= FIRST_MESSAGE_GOOD_NANOS ? Status.PASS : Status.WARN;
    ctx.report(
        RuleResult.of(
                Rules.CII_1,
                timing,
                String.format(
                    java.util.Locale.ROOT, "first message %.1f ms after the handshake", ms),
                "a first message within 1 s, without any client message")
            .with("elapsed_ms", ms));
    Map<Rule, List<CiiMessageRules.Finding>> found = byRule(CiiMessageRules.judge(text, true));
    Map<String, JsonNode> m = CiiMessageRules.properties(text).orElse(Map.of());
    String quoted = text;
    verdict(
        ctx,
        Rules.CII_2,
        found,
        "\"protocolVersion\":\"1.1\"",
        "the first message carries \"protocolVersion\":\"1.1\"",
        quoted);
    List<String> absent = new ArrayList<>();
    for (CiiProperty p : CiiProperty.values()) {
      if (p != CiiProperty.PRIVATE && !m.containsKey(p.wireName())) {
        absent.add(p.wireName());
      }
    }
    ctx.report(
        RuleResult.of(
                Rules.CII_3,
                Status.PASS,
                absent.isEmpty()
                    ? "the first message carries every property"
                    : "the first message leaves out " + absent + " (read as null)",
                "every property with a value in the first message")
            .with("absent", absent));
    verdict(
        ctx,
        Rules.CII_4,
        found,
        "one JSON object of CII properties",
        "one JSON object whose keys are CII properties",
        quoted);
    verdict(
        ctx,
        Rules.CII_5,
        found,
        "contentIdStatus accompanies contentId",
        "contentIdStatus in every message with contentId",
        quoted);
    verdict(
        ctx,
        Rules.CII_6,
        found,
        "contentIdStatus " + m.get("contentIdStatus"),
        "\"partial\", \"final\" or null",
        quoted);
    verdict(
        ctx,
        Rules.CII_7,
        found,
        "presentationStatus " + m.get("presentationStatus"),
        "a string of tokens starting with okay, transitioning or fault",
        quoted);
    verdict(
        ctx,
        Rules.CII_8,
        found,
        "every value has its type and URL scheme",
        "schema types; udp:// wcUrl, ws:// or wss:// tsUrl",
        quoted);
    CiiSnapshot snap = ctx.cii();
    boolean master = snap.wcUrl().isPresent() && snap.tsUrl().isPresent();
    JsonNode te = m.get("teUrl");
    ctx.report(
        RuleResult.of(
                Rules.CII_9,
                Status.INFO,
                (master ? "advertises wcUrl and tsUrl" : "does not advertise both wcUrl and tsUrl")
                    + (te == null || te.isNull() ? "; no teUrl" : "; teUrl " + te),
                "a sync master advertises wcUrl and tsUrl")
            .with("wcUrl", snap.wcUrl().orElse(null))
            .with("tsUrl", snap.tsUrl().orElse(null)));
    hosts(ctx, snap);
    List<Map<String, Object>> tl = new ArrayList<>();
    snap.timelines()
        .forEach(
            t ->
                tl.add(
                    Map.of(
                        "selector", t.timelineSelector(),
                        "unitsPerTick", t.unitsPerTick(),
                        "unitsPerSecond", t.unitsPerSecond())));
    verdictOrInfo(
        ctx,
        Rules.CII_11,
        found,
        m.containsKey("timelines"),
        tl.size() + " timeline(s) well formed",
        "no timelines advertised",
        quoted,
        tl);
    verdictOrInfo(
        ctx,
        Rules.CII_12,
        found,
        !tl.isEmpty(),
        "selectors well formed",
        "no timelines advertised",
        quoted,
        tl);
    Optional<String> cid = CiiMessageRules.string(m, "contentId");
    JsonNode ps = m.get("presentationStatus");
    boolean presenting = ps != null && ps.isString() && ps.stringValue().startsWith("okay");
    if (found.containsKey(Rules.CII_15)) {
      verdict(ctx, Rules.CII_15, found, "", "a dvb:// URI or an MPD URL", quoted);
    } else if (cid.isEmpty() && presenting) {
      ctx.report(
          RuleResult.of(
                  Rules.CII_15,
                  Status.WARN,
                  "presentationStatus is okay but there is no contentId",
                  "a contentId while content is presented")
              .with("message", quoted));
    } else {
      ctx.report(
          RuleResult.of(
                  Rules.CII_15,
                  cid.isPresent() ? Status.PASS : Status.INFO,
                  cid.map(c -> "contentId " + c).orElse("no contentId (nothing presented)"),
                  "a dvb:// URI or an MPD URL while content is presented")
              .with("contentId", cid.orElse(null)));
    }
    ctx.report(
        RuleResult.of(
                Rules.CII_16,
                Status.INFO,
                "contentId "
                    + cid.orElse("(none)")
                    + ", contentIdStatus "
                    + CiiMessageRules.quote(m.get("contentIdStatus")),
                "the content id as announced")
            .with("contentId", cid.orElse(null))
            .with("contentIdStatus", CiiMessageRules.string(m, "contentIdStatus").orElse(null)));
  }

  private static void hosts(CheckContext ctx, CiiSnapshot snap) {
    String reached = URI.create(ctx.config().ciiUrl()).getHost();
    List<String> bad = new ArrayList<>();
    Map<String, Object> rewritten = new java.util.LinkedHashMap<>();
    for (Optional<String> u : List.of(snap.wcUrl(), snap.tsUrl())) {
      if (u.isEmpty()) {
        continue;
      }
      String host;
      try {
        host = URI.create(u.get()).getHost();
      } catch (IllegalArgumentException e) {
        host = null;
      }
      if (org.dvbcss.protocol.UriHosts.unusable(host, reached)) {
        bad.add(u.get());
        rewritten.put(u.get(), ctx.reachable(u.get()));
      }
    }
    if (snap.wcUrl().isEmpty() && snap.tsUrl().isEmpty()) {
      ctx.report(
          RuleResult.of(
              Rules.CII_10, Status.INFO, "not checked: no wcUrl or tsUrl", "reachable hosts"));
    } else if (bad.isEmpty()) {
      ctx.report(
          RuleResult.of(
              Rules.CII_10,
              Status.PASS,
              "the hosts in wcUrl and tsUrl are usable",
              "reachable hosts in wcUrl and tsUrl"));
    } else {
      ctx.report(
          RuleResult.of(
                  Rules.CII_10,
                  Status.WARN,
                  "unusable host in " + bad + "; the checker uses " + rewritten.values(),
                  "hosts a companion can reach (not 0.0.0.0, empty, or loopback)")
              .with("advertised", bad)
              .with("rewritten", rewritten));
    }
  }

  /** R-CII-14: junk from the client is ignored, and a fresh connection still works. */
  private static void junk(CheckContext ctx, HttpClient http, TextSocket socket)
      throws InterruptedException {
    String sent;
    List<String> after = new ArrayList<>();
    TextSocket.Ending end = null;
    try {
      sent = "{\"junk\":true}";
      socket.send(sent, true);
      socket.send("this is not JSON", true);
    } catch (java.io.IOException e) {
      // the TV may have closed after the first: then that close is the verdict
      end = socket.ending(JUNK_WAIT_NANOS);
      if (end == null) {
        ctx.report(
            RuleResult.of(
                Rules.CII_14,
                Status.FAIL,
                "sending a client message failed: " + e.getMessage(),
                "client messages ignored, connection kept open"));
        return;
      }
    }
    long deadline = end != null ? System.nanoTime() : System.nanoTime() + JUNK_WAIT_NANOS;
    while (System.nanoTime() < deadline) {
      end = socket.ending(0);
      if (end != null) {
        break;
      }
      TextSocket.Message m = socket.next(Math.min(50_000_000L, deadline - System.nanoTime()));
      if (m != null) {
        after.add(m.text());
      }
    }
    if (end == null) {
      end = socket.ending(0);
    }
    String expected = "client messages ignored: the connection stays open and no state changes";
    if (end != null) {
      ctx.report(
          RuleResult.of(
                  Rules.CII_14,
                  Status.FAIL,
                  "the TV ended the connection after client messages (code "
                      + end.code()
                      + (WsChecks.noCloseFrame(end) ? ", no close frame" : "")
                      + ")",
                  expected)
              .with("sent", List.of("{\"junk\":true}", "this is not JSON"))
              .with("close_code", end.code()));
      return;
    }
    TextSocket fresh;
    try {
      fresh = TextSocket.open(http, ctx.config().ciiUrl(), ctx.config().connectTimeout());
    } catch (TextSocket.Refused e) {
      ctx.report(
          RuleResult.of(
              Rules.CII_14,
              Status.FAIL,
              "after client messages a fresh connection was refused: " + e.getMessage(),
              expected));
      return;
    }
    try {
      TextSocket.Message m = fresh.next(FIRST_MESSAGE_LIMIT_NANOS);
      // the state unaffected: the fresh first message breaks no rule the original one kept
      boolean good = m != null && failedRules(m.text()).equals(failedRules(ctx.cii().firstText()));
      if (!good) {
        ctx.report(
            RuleResult.of(
                    Rules.CII_14,
                    Status.FAIL,
                    m == null
                        ? "after client messages a fresh connection got no first message"
                        : "after client messages a fresh connection got a broken first message",
                    expected)
                .with("message", m == null ? null : CiiMessageRules.quote(m.text())));
      } else if (!after.isEmpty()) {
        ctx.report(
            RuleResult.of(
                    Rules.CII_14,
                    Status.WARN,
                    "the TV sent " + after.size() + " message(s) right after client messages",
                    expected)
                .with("messages", after));
      } else {
        ctx.report(
            RuleResult.of(
                    Rules.CII_14,
                    Status.PASS,
                    "client messages were ignored for 1 s; a fresh connection got a first message",
                    expected)
                .with("sent", List.of("{\"junk\":true}", "this is not JSON")));
      }
    } finally {
      fresh.close();
    }
  }

  /** The rules only the guided steps check, when they will not run. */
  private static void notGuided(CheckContext ctx) {
    CheckConfig c = ctx.config();
    boolean guided = c.guide() != null;
    if (!guided || !c.steps().contains(GuidedStep.CHANGE_CONTENT)) {
      for (Rule r : List.of(Rules.CII_13, Rules.CII_18)) {
        ctx.report(
            RuleResult.of(
                r, Status.INFO, "not checked: needs a guided content change", r.statement()));
      }
    }
    if (!guided || !c.steps().contains(GuidedStep.STOP_SYNC)) {
      ctx.report(
          RuleResult.of(
              Rules.CII_17,
              Status.INFO,
              "not checked: needs the guided step that stops sync",
              Rules.CII_17.statement()));
    }
  }

  static Map<Rule, List<CiiMessageRules.Finding>> byRule(List<CiiMessageRules.Finding> all) {
    Map<Rule, List<CiiMessageRules.Finding>> m = new java.util.LinkedHashMap<>();
    for (CiiMessageRules.Finding f : all) {
      m.computeIfAbsent(f.rule(), k -> new ArrayList<>()).add(f);
    }
    return m;
  }

  /** Reports the worst finding of a rule, or PASS with {@code ok}. */
  private static void verdict(
      CheckContext ctx,
      Rule rule,
      Map<Rule, List<CiiMessageRules.Finding>> found,
      String ok,
      String expected,
      String quoted) {
    List<CiiMessageRules.Finding> fs = found.get(rule);
    if (fs == null) {
      ctx.report(RuleResult.of(rule, Status.PASS, ok, expected));
      return;
    }
    ctx.report(result(rule, fs, expected).with("message", quoted));
  }

  static RuleResult result(Rule rule, List<CiiMessageRules.Finding> fs, String expected) {
    Status worst = fs.stream().anyMatch(f -> f.status() == Status.FAIL) ? Status.FAIL : Status.WARN;
    StringBuilder detail = new StringBuilder();
    for (CiiMessageRules.Finding f : fs) {
      if (detail.length() > 0) {
        detail.append("; ");
      }
      detail.append(f.detail());
    }
    return RuleResult.of(rule, worst, detail.toString(), expected);
  }

  private static void verdictOrInfo(
      CheckContext ctx,
      Rule rule,
      Map<Rule, List<CiiMessageRules.Finding>> found,
      boolean checkable,
      String ok,
      String notChecked,
      String quoted,
      @Nullable Object evidence) {
    if (found.containsKey(rule)) {
      ctx.report(result(rule, found.get(rule), rule.statement()).with("message", quoted));
    } else if (!checkable) {
      ctx.report(RuleResult.of(rule, Status.INFO, "not checked: " + notChecked, rule.statement()));
    } else {
      ctx.report(
          RuleResult.of(rule, Status.PASS, ok, rule.statement()).with("timelines", evidence));
    }
  }

  /** The rules a first message breaks (FAIL findings only). */
  static java.util.Set<Rule> failedRules(String text) {
    java.util.Set<Rule> out = new java.util.HashSet<>();
    for (CiiMessageRules.Finding f : CiiMessageRules.judge(text, true)) {
      if (f.status() == Status.FAIL) {
        out.add(f.rule());
      }
    }
    return out;
  }
}
