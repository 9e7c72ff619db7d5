package org.dvbcss.companion.check;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that need the TV to change: each {@link GuidedStep} is asked of the {@link Guide} while
 * a CSS-CII watcher and a CSS-TS watcher listen.
 */
final class GuidedChecks {
  private static final Logger log = LoggerFactory.getLogger(GuidedChecks.class);

  private GuidedChecks() {}

  static void run(CheckContext ctx, HttpClient http) throws InterruptedException {
    Guide guide = ctx.config().guide();
    if (guide == null) {
      return;
    }
    List<StepWatcher> watchers = new ArrayList<>();
    watchers.add(new CiiStepWatcher(ctx, http));
    watchers.add(new TsStepWatcher(ctx, http));
    try {
      for (StepWatcher w : watchers) {
        w.open();
      }
      for (GuidedStep step : ctx.config().steps()) {
        for (StepWatcher w : watchers) {
          w.before(step);
        }
        ctx.progress("guided step: " + step.instruction());
        guide.perform(step);
        long done = System.nanoTime();
        for (StepWatcher w : watchers) {
          w.after(step, done);
        }
      }
    } finally {
      for (StepWatcher w : watchers) {
        try {
          w.close();
        } catch (RuntimeException e) {
          log.warn("closing a step watcher failed", e);
        }
      }
    }
  }
}
