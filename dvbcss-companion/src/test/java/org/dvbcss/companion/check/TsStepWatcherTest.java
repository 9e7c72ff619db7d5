package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.companion.check.TsTestSupport.context;
import static org.dvbcss.companion.check.TsTestSupport.http;
import static org.dvbcss.companion.check.TsTestSupport.of;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.junit.jupiter.api.Test;

class TsStepWatcherTest {
  private static CheckContext ctx(Tv tv, List<RuleResult> results) {
    Cii cii = tv.cii().toBuilder().tsUrl(tv.tsUrl()).wcUrl(tv.wcUrl()).build();
    CheckConfig config =
        CheckConfig.builder(tv.ciiUrl()).availabilityWait(Duration.ofSeconds(3)).build();
    return context(config, cii, results, true);
  }

  @Test
  void aCleanTvReportsEveryChangePromptly() throws Exception {
    List<RuleResult> results = TsTestSupport.results();
    Tv tv = TsTestSupport.tv(Faults.NONE);
    try (TsStepWatcher w = new TsStepWatcher(ctx(tv, results), http())) {
      w.open();
      step(w, GuidedStep.PAUSE, tv::pause);
      step(w, GuidedStep.PLAY, tv::play);
      step(w, GuidedStep.CHANGE_CONTENT, tv::nextContent);
      step(w, GuidedStep.STOP_SYNC, tv::close);
    } finally {
      tv.close();
    }
    List<RuleResult> ts8 = of(results, Rules.TS_8);
    int timelines = tv.cii().timelines().value().size();
    assertThat(ts8).hasSize(3 * timelines + 1);
    assertThat(ts8)
        .allSatisfy(r -> assertThat(r.status()).as(r.message()).isIn(Status.PASS, Status.INFO));
    assertThat(ts8.get(ts8.size() - 1).message()).contains("closed with 1001");
    assertThat(of(results, Rules.TS_3))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(Status.PASS));
  }

  @Test
  void slowTimestampsMakeAPauseLate() throws Exception {
    List<RuleResult> results = TsTestSupport.results();
    HttpClient http = http();
    try (Tv tv = TsTestSupport.tv(Faults.of(Fault.SLOW_TIMESTAMPS));
        TsStepWatcher w = new TsStepWatcher(ctx(tv, results), http)) {
      w.open();
      String sel = tv.cii().timelines().value().get(0).timelineSelector();
      try (TsLink sync = TsLink.open(http, tv.tsUrl(), Duration.ofSeconds(2), sel, new TsAudit())) {
        sync.setup("");
        assertThat(sync.next(Duration.ofSeconds(3).toNanos())).isNotNull();
        // a seek reaches companions on the next tick: pausing just after it arrives puts the
        // pause a whole tick before the TV tells anyone
        tv.seek(5);
        assertThat(sync.next(Duration.ofSeconds(3).toNanos())).isNotNull();
        step(w, GuidedStep.PAUSE, tv::pause);
      }
    }
    assertThat(of(results, Rules.TS_8))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.status()).as(r.message()).isIn(Status.WARN, Status.FAIL));
  }

  private static void step(TsStepWatcher w, GuidedStep step, Runnable action)
      throws InterruptedException {
    w.before(step);
    action.run();
    w.after(step, System.nanoTime());
  }
}
