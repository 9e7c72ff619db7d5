package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dvbcss.protocol.cii.TimelineOption;
import org.jspecify.annotations.Nullable;

/**
 * Watches CSS-TS through the guided steps (rule R-TS-8): one connection per advertised timeline,
 * set up before the first step. After a pause each should get a control timestamp with speed 0,
 * after play one with a speed other than 0 (PASS within 500 ms of the step, WARN within 5 s, FAIL
 * when none comes in 5 s); after a change of content each should be told its timeline is
 * unavailable (PASS within 2 s, WARN within 5 s, FAIL otherwise). When sync is stopped, how the
 * connections ended is reported (INFO). Every control timestamp received is checked against R-TS-3.
 *
 * <p>Threading: called on the checker's thread only, as {@link StepWatcher} says.
 */
final class TsStepWatcher implements StepWatcher {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private final CheckContext ctx;
  private final HttpClient http;
  private final TsAudit audit = new TsAudit();
  private final List<Watched> links = new ArrayList<>();
  private @Nullable String skip;
  private boolean contentChanged;
  private double stepStartWall = Double.NaN;

  private static final class Watched {
    final TsLink link;
    final TimelineOption option;
    TsLink.@Nullable Received last;
    boolean ended;

    Watched(TsLink link, TimelineOption option) {
      this.link = link;
      this.option = option;
    }
  }

  TsStepWatcher(CheckContext ctx, HttpClient http) {
    this.ctx = ctx;
    this.http = http;
  }

  @Override
  public void open() throws InterruptedException {
    Optional<String> ts = ctx.cii().tsUrl();
    List<TimelineOption> timelines = ctx.cii().timelines();
    if (ts.isEmpty()) {
      skip = "CII gives no tsUrl";
      return;
    }
    if (timelines.isEmpty()) {
      skip = "CII advertises no timelines";
      return;
    }
    String url = ctx.reachable(ts.get());
    String stem = ctx.cii().contentId().orElse("");
    for (TimelineOption o : timelines) {
      try {
        TsLink l =
            TsLink.open(http, url, ctx.config().connectTimeout(), o.timelineSelector(), audit);
        links.add(new Watched(l, o));
        l.setup(stem);
      } catch (IOException e) {
        // this timeline is not watched
      }
    }
    for (Watched w : links) {
      if (w.link.setupNanos == 0) {
        continue;
      }
      long deadline =
          w.link.setupNanos + Math.max(2 * S, ctx.config().availabilityWait().toNanos());
      while (w.last == null || !w.last.available()) {
        TsLink.Received r = w.link.nextBy(deadline);
        if (r == null) {
          break;
        }
        w.last = r;
      }
    }
    if (links.stream().noneMatch(w -> w.last != null && w.last.available())) {
      skip = "no advertised timeline is available";
    }
  }

  @Override
  public void before(GuidedStep step) throws InterruptedException {
    stepStartWall = Double.NaN;
    Optional<org.dvbcss.clock.Clock> wall = ctx.awaitWallClock(0);
    if (wall.isPresent()) {
      double now = wall.get().ticks();
      // the earliest the TV's wall clock can read now, nanoseconds
      stepStartWall = now - wall.get().dispersionAtTime(now) * 1e9;
    }
    for (Watched w : links) {
      while (true) {
        TsLink.Received r = w.link.next(0);
        if (r == null) {
          break;
        }
        w.last = r;
      }
    }
  }

  @Override
  public void after(GuidedStep step, long doneNanos) throws InterruptedException {
    if (skip != null) {
      if (step != GuidedStep.STOP_SYNC) {
        info(step, "not checked: " + skip);
      }
      return;
    }
    switch (step) {
      case PAUSE ->
          speedChange(
              step, doneNanos, s -> s.speed() != null && s.speed() == 0.0, "speed 0", 500 * MS);
      case PLAY ->
          speedChange(
              step,
              doneNanos,
              s -> s.speed() != null && s.speed() != 0.0,
              "a speed other than 0",
              500 * MS);
      case CHANGE_CONTENT -> contentChange(doneNanos);
      case STOP_SYNC -> stopSync(doneNanos);
    }
  }

  private void info(GuidedStep step, String message) {
    ctx.report(
        RuleResult.of(
            Rules.TS_8,
            Status.INFO,
            step.name().toLowerCase() + ": " + message,
            Rules.TS_8.statement()));
  }

  private void speedChange(
      GuidedStep step, long doneNanos, Predicate<TsMessages.Stamp> wanted, String what, long pass)
      throws InterruptedException {
    String name = step.name().toLowerCase();
    if (contentChanged) {
      info(step, "not checked: the content was changed before");
      return;
    }
    String exp = "a control timestamp with " + what + " within 500 ms of the " + name;
    for (Watched w : links) {
      if (w.last == null || !w.last.available()) {
        continue;
      }
      TsLink.Received before = w.last;
      TsLink.Received hit =
          awaitStamp(
              w,
              doneNanos + 5 * S,
              r -> r.stamp() != null && r.available() && wanted.test(r.stamp()));
      String sel = w.link.selector;
      if (hit == null) {
        ctx.report(
            RuleResult.of(
                    Rules.TS_8,
                    Status.FAIL,
                    name + ": no control timestamp with " + what + " within 5 s for " + sel,
                    exp)
                .with("selector", sel)
                .with("step", name));
        continue;
      }
      long late = Math.max(0, hit.atNanos() - doneNanos);
      Status st = late <= pass ? Status.PASS : Status.WARN;
      ctx.report(
          RuleResult.of(
                  Rules.TS_8,
                  st,
                  name
                      + ": "
                      + what
                      + " for "
                      + sel
                      + " "
                      + (late / MS)
                      + " ms after the step: "
                      + TsMessages.brief(hit.text()),
                  exp)
              .with("selector", sel)
              .with("step", name)
              .with("elapsed_ms", late / 1e6));
      if (step == GuidedStep.PAUSE
          && before.stamp().speed() != 0.0
          && hit.stamp().wallClockTime() > before.stamp().wallClockTime()) {
        // the pause gives the position the timeline reached on the TV's clock: R-TS-6
        // it paused between the step's start and the wall clock time the control timestamp names
        ctx.report(
            TsRate.judgeBetween(
                sel,
                w.option.tickRate(),
                before.stamp(),
                hit.stamp().contentTime(),
                stepStartWall,
                hit.stamp().wallClockTime(),
                "measured up to the pause"));
      }
    }
  }

  private TsLink.@Nullable Received awaitStamp(
      Watched w, long deadline, Predicate<TsLink.Received> wanted) throws InterruptedException {
    while (true) {
      TsLink.Received r = w.link.nextBy(deadline);
      if (r == null) {
        return null;
      }
      w.last = r;
      if (wanted.test(r)) {
        return r;
      }
    }
  }

  private void contentChange(long doneNanos) throws InterruptedException {
    contentChanged = true;
    String exp = "the old content's connections told within 2 s that the timeline is unavailable";
    for (Watched w : links) {
      if (w.last == null || !w.last.available()) {
        continue;
      }
      String sel = w.link.selector;
      TsLink.Received before = w.last;
      TsLink.Received hit =
          awaitStamp(w, doneNanos + 5 * S, r -> r.stamp() != null && !r.available());
      if (hit == null) {
        ctx.report(
            RuleResult.of(
                    Rules.TS_8,
                    Status.FAIL,
                    "change of content: no unavailable control timestamp within 5 s for "
                        + sel
                        + (w.last != null
                            ? "; last received " + TsMessages.brief(w.last.text())
                            : ""),
                    exp)
                .with("selector", sel)
                .with("step", "change_content"));
        continue;
      }
      long late = Math.max(0, hit.atNanos() - doneNanos);
      ctx.report(
          RuleResult.of(
                  Rules.TS_8,
                  late <= 2 * S ? Status.PASS : Status.WARN,
                  "change of content: "
                      + sel
                      + " unavailable "
                      + (late / MS)
                      + " ms after the step",
                  exp)
              .with("selector", sel)
              .with("step", "change_content")
              .with("elapsed_ms", late / 1e6));
    }
  }

  private void stopSync(long doneNanos) throws InterruptedException {
    List<String> endings = new ArrayList<>();
    for (Watched w : links) {
      TextSocket.Ending e = w.link.socket.ending(doneNanos + 5 * S - System.nanoTime());
      if (e == null) {
        endings.add(w.link.selector + ": still open after 5 s");
      } else {
        w.ended = true;
        endings.add(
            w.link.selector
                + ": "
                + (e.code() < 0 ? "ended without a close frame" : "closed with " + e.code())
                + " "
                + ((e.atNanos() - doneNanos) / MS)
                + " ms after the step");
      }
    }
    ctx.report(
        RuleResult.of(
                Rules.TS_8,
                Status.INFO,
                "stop of sync: " + String.join("; ", endings),
                "connections closed with a close frame")
            .with("step", "stop_sync")
            .with("endings", endings));
  }

  @Override
  public void close() {
    for (Watched w : links) {
      w.link.close();
    }
    if (skip == null || audit.seen() > 0) {
      ctx.report(audit.result("while watching the guided steps"));
    }
  }
}
