package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dvbcss.protocol.ts.SetupData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Watches CSS-CII through the guided steps: one connection, opened before the first step, whose
 * every message is judged by {@link CiiMessageRules} and applied to the state it follows. Grades
 * R-CII-13 and R-CII-18 on a content change, R-CII-17 and R-WS-6 when sync is stopped.
 *
 * <p>Threading: the JDK's WebSocket threads queue the messages (timestamped as they arrive); the
 * checker's thread reads them in {@link #before} and {@link #after}.
 */
final class CiiStepWatcher implements StepWatcher {
  private static final long STEP_WAIT_NANOS = 5_000_000_000L;
  private static final long SETTLE_NANOS = 500_000_000L;
  private static final long TS_PROBE_NANOS = 2_000_000_000L;

  private final CheckContext ctx;
  private final HttpClient http;
  private @Nullable TextSocket socket;
  private final Map<String, JsonNode> state = new LinkedHashMap<>();
  private final Set<Rule> reported = new HashSet<>();
  private final List<Received> sinceMark = new ArrayList<>();
  private boolean changeSeen;
  private boolean stopSeen;

  /** One message as applied: when, its text, and its properties. */
  private record Received(
      long atNanos,
      String text,
      Map<String, JsonNode> properties,
      List<String> unchanged,
      boolean wiped) {}

  CiiStepWatcher(CheckContext ctx, HttpClient http) {
    this.ctx = ctx;
    this.http = http;
  }

  @Override
  public void open() throws InterruptedException {
    try {
      TextSocket s = TextSocket.open(http, ctx.config().ciiUrl(), ctx.config().connectTimeout());
      socket = s;
      TextSocket.Message first = s.next(CiiChecks.FIRST_MESSAGE_LIMIT_NANOS);
      if (first != null) {
        apply(first, true);
      }
    } catch (TextSocket.Refused e) {
      socket = null;
      ctx.progress("CSS-CII watcher could not connect: " + e.getMessage());
    }
  }

  @Override
  public void before(GuidedStep step) throws InterruptedException {
    drain(0);
    sinceMark.clear();
  }

  @Override
  public void after(GuidedStep step, long doneNanos) throws InterruptedException {
    TextSocket s = socket;
    switch (step) {
      case CHANGE_CONTENT -> {
        changeSeen = true;
        if (s == null) {
          notConnected(List.of(Rules.CII_13, Rules.CII_18));
        } else {
          contentChange(doneNanos);
        }
      }
      case STOP_SYNC -> {
        stopSeen = true;
        if (s == null) {
          notConnected(List.of(Rules.CII_17, Rules.WS_6));
        } else {
          stop(s, doneNanos);
        }
      }
      default -> drain(0);
    }
  }

  @Override
  public void close() {
    TextSocket s = socket;
    if (s != null) {
      s.close();
      socket = null;
    }
    if (!changeSeen && ctx.config().steps().contains(GuidedStep.CHANGE_CONTENT)) {
      notConnected(List.of(Rules.CII_13, Rules.CII_18));
    }
    if (!stopSeen && ctx.config().steps().contains(GuidedStep.STOP_SYNC)) {
      notConnected(List.of(Rules.CII_17));
    }
  }

  private void notConnected(List<Rule> rules) {
    for (Rule r : rules) {
      ctx.report(
          RuleResult.of(
              r,
              Status.INFO,
              "not checked: the CSS-CII watcher had no connection for the step",
              r.statement()));
    }
  }

  /** Reads what has come, waiting at most {@code timeoutNanos} for the first. */
  private @Nullable Received drain(long timeoutNanos) throws InterruptedException {
    TextSocket s = socket;
    if (s == null) {
      return null;
    }
    Received last = null;
    TextSocket.Message m = s.next(timeoutNanos);
    while (m != null) {
      last = apply(m, false);
      m = s.next(0);
    }
    return last;
  }

  private Received apply(TextSocket.Message m, boolean first) {
    Map<String, JsonNode> props = CiiMessageRules.properties(m.text()).orElse(Map.of());
    if (!first) {
      for (Map.Entry<Rule, List<CiiMessageRules.Finding>> e :
          CiiChecks.byRule(CiiMessageRules.judge(m.text(), false)).entrySet()) {
        if (reported.add(e.getKey())) {
          ctx.report(
              CiiChecks.result(e.getKey(), e.getValue(), e.getKey().statement())
                  .with("update", CiiMessageRules.quote(m.text())));
        }
      }
    }
    Map<String, JsonNode> prev = new LinkedHashMap<>(state);
    List<String> unchanged = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : props.entrySet()) {
      boolean paired = e.getKey().equals("contentIdStatus") && props.containsKey("contentId");
      if (!first
          && !paired
          && prev.containsKey(e.getKey())
          && Objects.equals(prev.get(e.getKey()), e.getValue())) {
        unchanged.add(e.getKey());
      }
      state.put(e.getKey(), e.getValue());
    }
    JsonNode tl = props.get("timelines");
    boolean sameContent = Objects.equals(text(prev.get("contentId")), text(state.get("contentId")));
    boolean wiped =
        !first && tl != null && (tl.isNull() || (tl.isArray() && tl.isEmpty())) && sameContent;
    Received r = new Received(m.atNanos(), m.text(), props, List.copyOf(unchanged), wiped);
    sinceMark.add(r);
    return r;
  }

  private void contentChange(long doneNanos) throws InterruptedException {
    Map<String, JsonNode> before = new LinkedHashMap<>(state);
    sinceMark.clear();
    String oldId = text(before.get("contentId"));
    long deadline = doneNanos + STEP_WAIT_NANOS;
    long settledAt = -1;
    List<String> resent = new ArrayList<>();
    List<String> wiped = new ArrayList<>();
    List<String> sequence = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      long wait = settledAt >= 0 ? settledAt + SETTLE_NANOS - System.nanoTime() : 50_000_000L;
      if (settledAt >= 0 && wait <= 0) {
        break;
      }
      int n = sinceMark.size();
      drain(Math.max(0, Math.min(wait, deadline - System.nanoTime())));
      for (Received r : sinceMark.subList(n, sinceMark.size())) {
        if (!r.unchanged().isEmpty()) {
          resent.add(r.unchanged() + " in " + CiiMessageRules.quote(r.text()));
        }
        if (r.wiped()) {
          wiped.add(CiiMessageRules.quote(r.text()));
        }
        sequence.add(
            String.format("+%.0f ms %s", (r.atNanos() - doneNanos) / 1e6, r.properties().keySet())
                + " "
                + CiiMessageRules.quote(r.text()));
      }
      String nowId = text(state.get("contentId"));
      String ps = text(state.get("presentationStatus"));
      if (settledAt < 0 && !Objects.equals(oldId, nowId) && ps != null && ps.startsWith("okay")) {
        settledAt = System.nanoTime();
      }
    }
    String newId = text(state.get("contentId"));
    boolean changed = !Objects.equals(oldId, newId);
    String expected = Rules.CII_13.statement();
    List<String> dropped = droppedSelectors(before, state);
    List<String> stillServed =
        wiped.isEmpty() && changed && newId != null ? stillServed(newId, dropped) : List.of();
    RuleResult r13;
    if (!wiped.isEmpty()) {
      r13 =
          RuleResult.of(
                  Rules.CII_13,
                  Status.FAIL,
                  "timelines wiped while contentId stayed " + oldId,
                  expected)
              .with("updates", wiped);
    } else if (!stillServed.isEmpty()) {
      r13 =
          RuleResult.of(
                  Rules.CII_13,
                  Status.FAIL,
                  "timelines dropped " + stillServed + ", which CSS-TS still serves for " + newId,
                  expected)
              .with("dropped", stillServed);
    } else if (!changed) {
      r13 =
          RuleResult.of(
              Rules.CII_13,
              Status.WARN,
              "no new contentId within 5 s of the content change (still " + oldId + ")",
              expected);
    } else if (!resent.isEmpty()) {
      r13 =
          RuleResult.of(
                  Rules.CII_13,
                  Status.WARN,
                  "updates resend unchanged properties (the whole state, not the changes): "
                      + resent.get(0),
                  expected)
              .with("resent", resent);
    } else {
      r13 =
          RuleResult.of(
              Rules.CII_13,
              Status.PASS,
              "the updates carried only the changed properties",
              expected);
    }
    ctx.report(r13.with("old_contentId", oldId).with("new_contentId", newId));
    ctx.report(
        RuleResult.of(
                Rules.CII_18,
                Status.INFO,
                sequence.isEmpty()
                    ? "no update within 5 s of the content change"
                    : sequence.size()
                        + " update(s) after the content change, settled "
                        + (settledAt < 0
                            ? "never (within 5 s)"
                            : String.format("after %.0f ms", (settledAt - doneNanos) / 1e6)),
                "the sequence of CII updates on a content change")
            .with("sequence", sequence)
            .with("settled_ms", settledAt < 0 ? null : (settledAt - doneNanos) / 1e6));
    sinceMark.clear();
  }

  private static List<String> droppedSelectors(
      Map<String, JsonNode> before, Map<String, JsonNode> after) {
    List<String> old = selectors(before.get("timelines"));
    List<String> now = selectors(after.get("timelines"));
    List<String> dropped = new ArrayList<>(old);
    dropped.removeAll(now);
    return dropped.size() > 2 ? dropped.subList(0, 2) : dropped;
  }

  private static List<String> selectors(@Nullable JsonNode tl) {
    List<String> out = new ArrayList<>();
    if (tl != null && tl.isArray()) {
      for (JsonNode t : tl) {
        String s = t.isObject() ? text(t.get("timelineSelector")) : null;
        if (s != null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Which of the dropped selectors CSS-TS still serves for the new content (a quick probe). */
  private List<String> stillServed(String contentId, List<String> dropped)
      throws InterruptedException {
    String tsUrl = text(state.get("tsUrl"));
    if (tsUrl == null || dropped.isEmpty()) {
      return List.of();
    }
    String url = ctx.reachable(tsUrl);
    List<String> served = new ArrayList<>();
    for (String selector : dropped) {
      try (TextSocket ts = TextSocket.open(http, url, ctx.config().connectTimeout())) {
        ts.send(new SetupData(contentId, selector).encode(), true);
        long deadline = System.nanoTime() + TS_PROBE_NANOS;
        while (System.nanoTime() < deadline) {
          TextSocket.Message m = ts.next(deadline - System.nanoTime());
          if (m == null) {
            break;
          }
          Map<String, JsonNode> p = CiiMessageRules.properties(m.text()).orElse(Map.of());
          JsonNode ct = p.get("contentTime");
          if (ct != null && !ct.isNull()) {
            served.add(selector);
            break;
          }
          if (ct != null) {
            break;
          }
        }
      } catch (TextSocket.Refused e) {
        return served;
      } catch (IOException e) {
        // not served as far as can be told
      }
    }
    return served;
  }

  private void stop(TextSocket s, long doneNanos) throws InterruptedException {
    TextSocket.Ending end = null;
    long deadline = doneNanos + STEP_WAIT_NANOS;
    while (end == null && System.nanoTime() < deadline) {
      drain(0);
      end = s.ending(Math.min(100_000_000L, Math.max(0, deadline - System.nanoTime())));
    }
    if (end == null) {
      ctx.report(
          RuleResult.of(
              Rules.CII_17,
              Status.WARN,
              "the CII connection is still open 5 s after sync was stopped",
              Rules.CII_17.statement()));
      ctx.report(
          RuleResult.of(
              Rules.WS_6,
              Status.INFO,
              "not checked: the TV did not close the connection",
              Rules.WS_6.statement()));
      return;
    }
    double ms = Math.max(0, end.atNanos() - doneNanos) / 1e6;
    if (WsChecks.noCloseFrame(end)) {
      ctx.report(
          RuleResult.of(
                  Rules.WS_6,
                  Status.WARN,
                  "TCP ended without a close frame (code " + end.code() + ", " + end.reason() + ")",
                  "a close frame with a status code, 1001 when going away")
              .with("elapsed_ms", ms));
      ctx.report(
          RuleResult.of(
                  Rules.CII_17,
                  Status.WARN,
                  "the CII connection was dropped without a close frame",
                  Rules.CII_17.statement())
              .with("elapsed_ms", ms));
      return;
    }
    ctx.report(
        RuleResult.of(
                Rules.WS_6,
                Status.PASS,
                "closed with code "
                    + end.code()
                    + (end.code() == 1001 ? "" : " (1001 is usual when going away)"),
                "a close frame with a status code, 1001 when going away")
            .with("close_code", end.code())
            .with("reason", end.reason())
            .with("elapsed_ms", ms));
    String fresh = refusesNew();
    ctx.report(
        RuleResult.of(
                Rules.CII_17,
                fresh == null ? Status.PASS : Status.WARN,
                fresh == null
                    ? String.format(
                        "closed with a close frame %.0f ms after sync stopped; new connections"
                            + " refused",
                        ms)
                    : fresh,
                Rules.CII_17.statement())
            .with("close_code", end.code())
            .with("elapsed_ms", ms));
    socket = null;
    s.close();
  }

  /** Null if a new CII connection is refused or gets no first message; else what happened. */
  private @Nullable String refusesNew() throws InterruptedException {
    try (TextSocket t =
        TextSocket.open(http, ctx.config().ciiUrl(), ctx.config().connectTimeout())) {
      TextSocket.Message m = t.next(1_000_000_000L);
      return m == null ? null : "after sync was stopped a new connection got " + m.text();
    } catch (TextSocket.Refused e) {
      return null;
    }
  }

  private static @Nullable String text(@Nullable JsonNode v) {
    return v != null && v.isString() ? v.stringValue() : null;
  }
}
