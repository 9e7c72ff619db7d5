package org.dvbcss.companion.check;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Runs the CII and WS checks (and the CII step watcher) and keeps every result. */
final class CiiCheckRig {
  final List<RuleResult> results = Collections.synchronizedList(new ArrayList<>());
  final CheckContext ctx;
  final HttpClient http;
  boolean reached;

  CiiCheckRig(CheckConfig config) {
    ctx = new CheckContext(config, results::add);
    http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** CII checks, then (if reached and asked) the WS checks, then the guided steps if any. */
  CiiCheckRig run(boolean ws) throws InterruptedException {
    reached = CiiChecks.run(ctx, http);
    if (reached && ws) {
      WsChecks.run(ctx, http);
    }
    Guide guide = ctx.config().guide();
    if (reached && guide != null) {
      try (CiiStepWatcher w = new CiiStepWatcher(ctx, http)) {
        w.open();
        for (GuidedStep step : ctx.config().steps()) {
          w.before(step);
          guide.perform(step);
          w.after(step, System.nanoTime());
        }
      }
    }
    ctx.wallClock(Optional.empty());
    return this;
  }

  List<RuleResult> of(String id) {
    synchronized (results) {
      return results.stream().filter(r -> r.id().equals(id)).toList();
    }
  }

  List<Status> statuses(String id) {
    return of(id).stream().map(RuleResult::status).toList();
  }

  List<RuleResult> area(Area area) {
    synchronized (results) {
      return results.stream().filter(r -> r.rule().area() == area).toList();
    }
  }
}
