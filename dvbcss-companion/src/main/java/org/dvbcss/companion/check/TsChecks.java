package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.TimelineOption;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * The CSS-TS rules (R-TS-*) that need no change of the TV. Runs on the checker's thread while the
 * wall clock is measured on another, and ends about two seconds after the measuring span ({@link
 * CheckConfig#duration()} from the start of the check).
 *
 * <p>Threading: one call of {@link #run} at a time per context.
 */
final class TsChecks {
  static final String UNKNOWN_SELECTOR = "urn:dvb:css:timeline:temi:99:99";
  static final String UNKNOWN_STEM = "nonexistent:";
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private final CheckContext ctx;
  private final HttpClient http;
  private final String url;
  private final String stem;
  private final List<TimelineOption> timelines;
  private final Duration timeout;
  private final TsAudit audit = new TsAudit();
  private final List<Stream> streams = new ArrayList<>();
  private final Series firstSeries;
  private final java.util.Set<Rule> reported = new java.util.HashSet<>();

  /** A long-lived connection per advertised timeline, opened at the start. */
  private static final class Stream {
    final TimelineOption option;
    final TsLink link;
    TsLink.@Nullable Received firstAvailable;
    final List<TsLink.Received> all = new ArrayList<>();

    Stream(TimelineOption option, TsLink link) {
      this.option = option;
      this.link = link;
    }
  }

  private TsChecks(CheckContext ctx, HttpClient http, String url) {
    this.ctx = ctx;
    this.http = http;
    this.url = url;
    this.stem = ctx.cii().contentId().orElse("");
    this.timelines = ctx.cii().timelines();
    this.timeout = ctx.config().connectTimeout();
    this.firstSeries = ctx.series("CSS-TS time to first control timestamp", "ms", Rules.TS_2.id());
  }

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    if (ctx.config().guide() == null || ctx.config().steps().isEmpty()) {
      ctx.report(
          RuleResult.of(
              Rules.TS_8,
              Status.INFO,
              "not checked: needs the guided steps (pause, play, change of content)",
              "a control timestamp promptly after each change"));
    }
    Optional<String> ts = ctx.cii().tsUrl();
    if (ts.isEmpty()) {
      for (Rule r : Rules.all()) {
        if (r.area() == Area.TS && r != Rules.TS_8) {
          ctx.report(
              RuleResult.of(
                  r, Status.INFO, "not checked: CII gives no tsUrl", "CII to give a tsUrl"));
        }
      }
      return;
    }
    TsChecks c = new TsChecks(ctx, http, ctx.reachable(ts.get()));
    try {
      c.go();
    } finally {
      for (Stream s : c.streams) {
        s.link.close();
      }
    }
  }

  private void go() throws InterruptedException {
    ctx.progress("CSS-TS: connecting to " + url);
    openStreams();
    if (timelines.isEmpty()) {
      for (Rule r : List.of(Rules.TS_2, Rules.TS_5, Rules.TS_6, Rules.TS_7, Rules.TS_9)) {
        info(r, "not checked: CII advertises no timelines");
      }
      info(Rules.TS_11, "not checked: CII advertises no timelines");
      info(Rules.TS_12, "not checked: CII advertises no timelines");
    }
    checkUnavailable();
    Stream main = streams.stream().filter(s -> s.firstAvailable != null).findFirst().orElse(null);
    if (!timelines.isEmpty()) {
      checkWallClock(main);
      checkTimestampsAccepted(main);
    }
    checkInvalidSetup();
    if (!timelines.isEmpty()) {
      checkManyClients();
      long end = ctx.startNanos() + ctx.config().durationNanos() - 2 * S;
      long wait = end - System.nanoTime();
      if (wait > 0) {
        ctx.progress("CSS-TS: watching the timelines until the end of the span");
        for (Stream s : streams) {
          drain(s, System.nanoTime() + wait / Math.max(1, streams.size()));
        }
      }
      for (Stream s : streams) {
        drain(s, System.nanoTime());
        checkRate(s);
      }
      checkJitter();
    }
    report(audit.result("on the checks' CSS-TS connections"));
    for (Rule r : Rules.all()) {
      if (r.area() == Area.TS && r != Rules.TS_8 && !reported.contains(r)) {
        info(r, "not checked: no CSS-TS connection got that far");
      }
    }
  }

  private String firstSelector() {
    return timelines.isEmpty() ? UNKNOWN_SELECTOR : timelines.get(0).timelineSelector();
  }

  private void report(RuleResult r) {
    reported.add(r.rule());
    ctx.report(r);
  }

  private void info(Rule r, String message) {
    report(RuleResult.of(r, Status.INFO, message, r.statement()));
  }

  private void drain(Stream s, long untilNanos) throws InterruptedException {
    while (true) {
      TsLink.Received r = s.link.nextBy(untilNanos);
      if (r == null) {
        return;
      }
      s.all.add(r);
    }
  }

  // R-TS-1, R-TS-2, R-TS-4 (a), R-TS-11
  private void openStreams() throws InterruptedException {
    List<String> early = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    int opened = 0;
    List<TimelineOption> options =
        timelines.isEmpty() ? List.of(new TimelineOption(UNKNOWN_SELECTOR, 1, 1000)) : timelines;
    for (TimelineOption o : options) {
      String sel = o.timelineSelector();
      TsLink link;
      try {
        link = TsLink.open(http, url, timeout, sel, audit);
      } catch (TextSocket.Refused e) {
        refused.add(sel + ": " + e.getMessage());
        unavailable.add(sel + " (connection refused)");
        continue;
      }
      opened++;
      TextSocket.Message m = link.socket.next(300 * MS);
      if (m != null) {
        early.add(TsMessages.brief(m.text()));
      }
      if (timelines.isEmpty()) {
        link.close();
        continue;
      }
      Stream s = new Stream(o, link);
      streams.add(s);
      try {
        link.setup(stem);
      } catch (IOException e) {
        refused.add(sel + ": sending setup data failed: " + e.getMessage());
        continue;
      }
      TsLink.Received first = link.nextBy(link.setupNanos + 5 * S);
      if (first == null) {
        report(
            RuleResult.of(
                    Rules.TS_2,
                    Status.FAIL,
                    "no control timestamp within 5 s of the setup data for " + sel,
                    "a first control timestamp within 500 ms")
                .with("selector", sel));
        unavailable.add(sel + " (no control timestamp)");
        info(Rules.TS_11, "not measured for " + sel + ": no control timestamp at all");
        continue;
      }
      s.all.add(first);
      long elapsed = first.atNanos() - link.setupNanos;
      firstSeries.add(ctx.elapsedSeconds(), elapsed / 1e6);
      Status st = elapsed > 5 * S ? Status.FAIL : elapsed > 500 * MS ? Status.WARN : Status.PASS;
      report(
          RuleResult.of(
                  Rules.TS_2,
                  st,
                  "first control timestamp for " + sel + " " + (elapsed / MS) + " ms after setup",
                  "a first control timestamp within 500 ms")
              .with("selector", sel)
              .with("elapsed_ms", elapsed / 1e6));
      TsLink.Received avail = first.available() ? first : null;
      long waitEnd = link.setupNanos + ctx.config().availabilityWait().toNanos();
      while (avail == null && System.nanoTime() < waitEnd) {
        TsLink.Received r = link.nextBy(waitEnd);
        if (r == null) {
          break;
        }
        s.all.add(r);
        if (r.available()) {
          avail = r;
        }
      }
      s.firstAvailable = avail;
      if (avail == null) {
        unavailable.add(sel);
        report(
            RuleResult.of(
                    Rules.TS_11,
                    Status.INFO,
                    sel
                        + " not available within "
                        + ctx.config().availabilityWait().toMillis()
                        + " ms",
                    "each advertised timeline available")
                .with("selector", sel));
      } else {
        report(
            RuleResult.of(
                    Rules.TS_11,
                    Status.INFO,
                    sel
                        + " available "
                        + ((avail.atNanos() - link.setupNanos) / MS)
                        + " ms after setup",
                    "each advertised timeline available")
                .with("selector", sel)
                .with("elapsed_ms", (avail.atNanos() - link.setupNanos) / 1e6));
      }
    }
    String exp1 = "the connection accepted, and nothing sent before the setup data";
    if (!refused.isEmpty() && opened == 0) {
      report(
          RuleResult.of(Rules.TS_1, Status.FAIL, "connection refused: " + refused.get(0), exp1)
              .with("refused", refused));
    } else if (!early.isEmpty()) {
      report(
          RuleResult.of(
                  Rules.TS_1,
                  Status.FAIL,
                  "the server sent before the setup data: " + early.get(0),
                  exp1)
              .with("messages", early));
    } else if (!refused.isEmpty()) {
      report(
          RuleResult.of(Rules.TS_1, Status.FAIL, "connection refused: " + refused.get(0), exp1)
              .with("refused", refused));
    } else {
      report(
          RuleResult.of(
                  Rules.TS_1,
                  Status.PASS,
                  opened + " connections accepted; nothing sent in the 300 ms before setup data",
                  exp1)
              .with("connections", opened));
    }
    if (!timelines.isEmpty()) {
      String exp4 = "each advertised timeline available with the contentId as stem";
      if (unavailable.isEmpty()) {
        report(
            RuleResult.of(
                    Rules.TS_4,
                    Status.PASS,
                    "a: every advertised timeline is available with stem " + quote(stem),
                    exp4)
                .with("selectors", timelines.stream().map(t -> t.timelineSelector()).toList()));
      } else {
        report(
            RuleResult.of(
                    Rules.TS_4,
                    Status.FAIL,
                    "a: not available with stem " + quote(stem) + ": " + unavailable,
                    exp4)
                .with("unavailable", unavailable));
      }
    }
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  // R-TS-4 (b), (c): both probes at once, so that the wait for a close is shared
  private void checkUnavailable() throws InterruptedException {
    String exp = "a control timestamp with null contentTime and speed, the connection open";
    String[][] probes = {
      {UNKNOWN_STEM, firstSelector(), "b: a stem that is no prefix of the contentId"},
      {stem, UNKNOWN_SELECTOR, "c: a selector of no timeline of the content"}
    };
    TsLink[] links = new TsLink[probes.length];
    String[] failed = new String[probes.length];
    try {
      for (int i = 0; i < probes.length; i++) {
        try {
          links[i] = TsLink.open(http, url, timeout, probes[i][1], audit);
          links[i].setup(probes[i][0]);
        } catch (IOException e) {
          failed[i] = e.getMessage();
        }
      }
      TsLink.Received[] got = new TsLink.Received[probes.length];
      for (int i = 0; i < probes.length; i++) {
        if (failed[i] == null) {
          got[i] = links[i].nextBy(links[i].setupNanos + 5 * S);
        }
      }
      long closeBy = System.nanoTime() + S;
      for (int i = 0; i < probes.length; i++) {
        String what = probes[i][2];
        RuleResult res;
        if (failed[i] != null) {
          res = RuleResult.of(Rules.TS_4, Status.FAIL, what + ": " + failed[i], exp);
        } else {
          TsLink.Received r = got[i];
          TextSocket.Ending end = links[i].socket.ending(closeBy - System.nanoTime());
          if (r == null) {
            res =
                RuleResult.of(
                    Rules.TS_4,
                    end != null ? Status.FAIL : Status.WARN,
                    what
                        + ": no control timestamp within 5 s"
                        + (end != null ? ", the connection closed (" + end.code() + ")" : ""),
                    exp);
          } else if (r.available()) {
            res =
                RuleResult.of(
                    Rules.TS_4, Status.FAIL, what + ": served as available: " + r.text(), exp);
          } else if (end != null) {
            res =
                RuleResult.of(
                    Rules.TS_4,
                    Status.FAIL,
                    what + ": unavailable, but the connection closed (" + end.code() + ")",
                    exp);
          } else {
            res =
                RuleResult.of(
                    Rules.TS_4,
                    Status.PASS,
                    what + ": unavailable, connection kept: " + r.text(),
                    exp);
          }
        }
        report(res.with("stem", probes[i][0]).with("selector", probes[i][1]));
      }
    } finally {
      for (TsLink l : links) {
        if (l != null) {
          l.close();
        }
      }
    }
  }

  // R-TS-5
  private void checkWallClock(@Nullable Stream main) throws InterruptedException {
    String exp =
        "the first control timestamp's wallClockTime within 1 s plus the wall clock's error bound"
            + " of the companion's estimate, or an older correlation repeated unchanged (at most"
            + " a day old); never in the future";
    if (main == null) {
      info(Rules.TS_5, "not checked: no timeline available");
      return;
    }
    Optional<Clock> wc = ctx.awaitWallClock(Math.max(5 * S, timeout.toNanos()));
    if (wc.isEmpty()) {
      info(Rules.TS_5, "not checked: no estimate of the TV's wall clock");
      return;
    }
    Clock clock = wc.get();
    String sel = main.option.timelineSelector();
    double[] first = sampleWallClock(sel, clock);
    if (first == null) {
      info(Rules.TS_5, "not checked: no control timestamp on a fresh connection for " + sel);
      return;
    }
    double diff = first[0] - first[1];
    double bound = 1e9 + first[2];
    RuleResult base = null;
    if (Math.abs(diff) <= bound) {
      base =
          RuleResult.of(
              Rules.TS_5,
              Status.PASS,
              "wallClockTime " + String.format("%.1f", diff / 1e6) + " ms from the estimate",
              exp);
    } else if (diff > bound) {
      base =
          RuleResult.of(
              Rules.TS_5,
              Status.FAIL,
              "wallClockTime "
                  + String.format("%.3f", diff / 1e9)
                  + " s ahead of the companion's estimate of the wall clock: not on the wall clock",
              exp);
    } else {
      Thread.sleep(1000);
      double[] second = sampleWallClock(sel, clock);
      boolean same = second != null && second[0] == first[0] && second[3] == first[3];
      if (same && -diff <= 86_400e9) {
        base =
            RuleResult.of(
                Rules.TS_5,
                Status.PASS,
                "wallClockTime "
                    + String.format("%.3f", -diff / 1e9)
                    + " s old, repeated unchanged on a second connection: an older correlation",
                exp);
      } else {
        base =
            RuleResult.of(
                Rules.TS_5,
                Status.FAIL,
                "wallClockTime "
                    + String.format("%.3f", -diff / 1e9)
                    + " s behind the companion's estimate"
                    + (same ? " (more than a day)" : ", and not a repeated older correlation"),
                exp);
      }
    }
    report(
        base.with("selector", sel)
            .with("offset_ms", diff / 1e6)
            .with("bound_ms", bound / 1e6)
            .with("wall_clock_time", (long) first[0]));
  }

  /** {wallClockTime, estimate at receipt, dispersion (ns), contentTime}, or null. */
  private double @Nullable [] sampleWallClock(String sel, Clock clock) throws InterruptedException {
    try (TsLink link = TsLink.open(http, url, timeout, sel, audit)) {
      link.setup(stem);
      TsLink.Received r;
      long deadline = link.setupNanos + 5 * S;
      do {
        r = link.nextBy(deadline);
      } while (r != null && (r.stamp() == null || r.stamp().wallClockTime() == null));
      if (r == null) {
        return null;
      }
      double now = clock.ticks();
      double estimate = now - (System.nanoTime() - r.atNanos()) * clock.tickRate() / 1e9;
      double disp = clock.dispersionAtTime(now) * 1e9; // seconds to wall clock nanoseconds
      Long ct = r.stamp().contentTime();
      return new double[] {r.stamp().wallClockTime(), estimate, disp, ct == null ? Double.NaN : ct};
    } catch (IOException e) {
      return null;
    }
  }

  // R-TS-9
  private void checkTimestampsAccepted(@Nullable Stream main) throws InterruptedException {
    String exp = "the connection open and answering after the presentation timestamps";
    String sel = main == null ? firstSelector() : main.option.timelineSelector();
    try (TsLink link = TsLink.open(http, url, timeout, sel, audit)) {
      link.setup(stem);
      TsLink.Received first = link.nextBy(link.setupNanos + 5 * S);
      long wall =
          first != null && first.stamp() != null && first.stamp().wallClockTime() != null
              ? first.stamp().wallClockTime()
              : 0;
      long content =
          first != null && first.stamp() != null && first.stamp().contentTime() != null
              ? first.stamp().contentTime()
              : 0;
      link.socket.send(
          new AptEptLpt(
                  Presence.absent(),
                  Timestamp.minusInfinity(content),
                  Timestamp.plusInfinity(content))
              .encode(),
          true);
      link.socket.send(
          new AptEptLpt(
                  Presence.of(Timestamp.of(content, wall)),
                  Timestamp.minusInfinity(content),
                  Timestamp.plusInfinity(content))
              .encode(),
          true);
      TextSocket.Ending end = link.socket.ending(1 * S);
      if (end != null) {
        report(
            RuleResult.of(
                    Rules.TS_9,
                    Status.FAIL,
                    "the connection closed ("
                        + end.code()
                        + " "
                        + end.reason()
                        + ") after actual, earliest and latest presentation timestamps",
                    exp)
                .with("close_code", end.code()));
        return;
      }
      link.socket.ping(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
      boolean pong = link.socket.pong(1 * S) != null;
      report(
          RuleResult.of(
                  Rules.TS_9,
                  pong ? Status.PASS : Status.FAIL,
                  pong
                      ? "connection kept open and answering after the presentation timestamps"
                      : "connection open but no pong within 1 s after the presentation timestamps",
                  exp)
              .with("selector", sel));
    } catch (IOException e) {
      report(RuleResult.of(Rules.TS_9, Status.FAIL, "failed: " + e.getMessage(), exp));
    }
  }

  // R-TS-10
  private void checkInvalidSetup() throws InterruptedException {
    String exp = "no control timestamp for invalid setup data, and still serving valid setups";
    String sel = firstSelector();
    List<String> started = new ArrayList<>();
    List<String> junks =
        List.of("this is not JSON {", "{\"contentIdStem\":" + jsonString(stem) + "}", "[]");
    List<TsLink> opened = new ArrayList<>();
    try {
      for (String junk : junks) {
        try {
          TsLink link = TsLink.open(http, url, timeout, sel, new TsAudit());
          opened.add(link);
          link.send(junk);
        } catch (IOException e) {
          // refusing or closing is a fine answer
        }
      }
      long by = System.nanoTime() + S;
      for (int i = 0; i < opened.size(); i++) {
        TextSocket.Message m = opened.get(i).socket.next(by - System.nanoTime());
        if (m != null) {
          started.add(TsMessages.brief(junks.get(i)) + " -> " + TsMessages.brief(m.text()));
        }
      }
    } finally {
      for (TsLink l : opened) {
        l.close();
      }
    }
    boolean serving = false;
    try (TsLink link = TsLink.open(http, url, timeout, sel, audit)) {
      link.setup(stem);
      serving = link.nextBy(link.setupNanos + 5 * S) != null;
    } catch (IOException e) {
      serving = false;
    }
    RuleResult r;
    if (!started.isEmpty()) {
      r =
          RuleResult.of(
                  Rules.TS_10, Status.WARN, "invalid setup data answered: " + started.get(0), exp)
              .with("answered", started);
    } else if (!serving) {
      r =
          RuleResult.of(
              Rules.TS_10,
              Status.WARN,
              "after invalid setup data a valid setup got no control timestamp within 5 s",
              exp);
    } else {
      r =
          RuleResult.of(
              Rules.TS_10,
              Status.PASS,
              "invalid setup data (junk, a missing member, an array) was not answered; a valid setup"
                  + " afterwards was",
              exp);
    }
    report(r);
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // R-TS-12
  private void checkManyClients() throws InterruptedException {
    int n = ctx.config().tsClients();
    String exp = n + " simultaneous clients each with a control timestamp within 5 s";
    List<TsLink> links = new ArrayList<>();
    int got = 0;
    try {
      for (int i = 0; i < n; i++) {
        String sel = timelines.get(i % timelines.size()).timelineSelector();
        try {
          TsLink l = TsLink.open(http, url, timeout, sel, audit);
          links.add(l);
          l.setup(stem);
        } catch (IOException e) {
          // counted as not served
        }
      }
      for (TsLink l : links) {
        if (l.setupNanos != 0 && l.nextBy(l.setupNanos + 5 * S) != null) {
          got++;
        }
      }
    } finally {
      for (TsLink l : links) {
        l.close();
      }
    }
    report(
        RuleResult.of(
                Rules.TS_12,
                got == n ? Status.PASS : Status.WARN,
                got + " of " + n + " simultaneous clients got a control timestamp within 5 s",
                exp)
            .with("clients", n)
            .with("served", got));
  }

  // R-TS-6
  private void checkRate(Stream s) {
    String sel = s.option.timelineSelector();
    TsLink.Received a = s.firstAvailable;
    if (a == null) {
      info(Rules.TS_6, "not checked for " + sel + ": not available");
      return;
    }
    TsMessages.Stamp sa = a.stamp();
    if (sa.speed() != 1.0) {
      info(Rules.TS_6, "not checked for " + sel + ": speed " + sa.speed() + ", not 1");
      return;
    }
    TsMessages.Stamp sb = null;
    try (TsLink link = TsLink.open(http, url, timeout, sel, audit)) {
      link.setup(stem);
      TsLink.Received b = link.nextBy(link.setupNanos + 5 * S);
      if (b != null && b.available()) {
        sb = b.stamp();
      }
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      sb = null;
    }
    if (sb == null) {
      info(Rules.TS_6, "not checked for " + sel + ": no available control timestamp at the end");
      return;
    }
    boolean changed = false;
    for (TsLink.Received r : s.all) {
      if (r.atNanos() > a.atNanos()
          && (r.stamp() == null || !r.available() || r.stamp().speed() != 1.0)) {
        changed = true;
      }
    }
    if (changed || sb.speed() != 1.0) {
      info(Rules.TS_6, "not checked for " + sel + ": the timeline changed during the span");
      return;
    }
    RuleResult r =
        TsRate.judge(sel, s.option.tickRate(), sa, sb, "a fresh setup at the end of the span");
    if (r.evidence().get("rate_ppm") instanceof Double ppm) {
      ctx.series("CSS-TS rate deviation " + sel, "ppm", Rules.TS_6.id())
          .add(ctx.elapsedSeconds(), ppm);
    }
    report(r);
  }

  // R-TS-7
  private void checkJitter() {
    int total = 0;
    double worstMs = 0;
    double secs = 0;
    Series jitter = null;
    for (Stream s : streams) {
      List<TsLink.Received> list = s.all;
      if (list.size() >= 2) {
        secs += (list.get(list.size() - 1).atNanos() - list.get(0).atNanos()) / 1e9;
      }
      total += list.size();
      for (int i = 1; i < list.size(); i++) {
        TsMessages.Stamp p = list.get(i - 1).stamp();
        TsMessages.Stamp q = list.get(i).stamp();
        if (p == null
            || q == null
            || !p.available()
            || !q.available()
            || !p.speed().equals(q.speed())) {
          continue;
        }
        double predicted =
            p.contentTime()
                + (q.wallClockTime() - p.wallClockTime()) / 1e9 * p.speed() * s.option.tickRate();
        double ms = Math.abs(q.contentTime() - predicted) / s.option.tickRate() * 1000;
        if (jitter == null) {
          jitter = ctx.series("CSS-TS control timestamp jitter", "ms", Rules.TS_7.id());
        }
        jitter.add(ctx.elapsedSeconds(), ms);
        worstMs = Math.max(worstMs, ms);
      }
    }
    String exp = "consecutive control timestamps at one speed within 40 ms of each other";
    report(
        RuleResult.of(
                Rules.TS_7,
                worstMs > 40 ? Status.WARN : Status.INFO,
                total
                    + " control timestamps on "
                    + streams.size()
                    + " connections; largest departure from the previous one's extrapolation "
                    + String.format("%.3f", worstMs)
                    + " ms",
                exp)
            .with("timestamps", total)
            .with("rate_per_s", secs > 0 ? (total - streams.size()) / secs : 0)
            .with("jitter_ms", worstMs));
  }
}
