package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.companion.check.TsTestSupport.context;
import static org.dvbcss.companion.check.TsTestSupport.http;
import static org.dvbcss.companion.check.TsTestSupport.of;

import java.time.Duration;
import java.util.List;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Tv;
import org.junit.jupiter.api.Test;

class TsChecksTest {
  private static List<RuleResult> check(Tv tv, int seconds) throws Exception {
    List<RuleResult> results = TsTestSupport.results();
    CheckConfig config =
        CheckConfig.builder(tv.ciiUrl())
            .duration(Duration.ofSeconds(seconds))
            .tsClients(3)
            .availabilityWait(Duration.ofSeconds(2))
            .build();
    CheckContext ctx =
        context(
            config,
            tv.cii().toBuilder().tsUrl(tv.tsUrl()).wcUrl(tv.wcUrl()).build(),
            results,
            true);
    TsChecks.run(ctx, http());
    return results;
  }

  @Test
  void aCleanTvKeepsEveryRule() throws Exception {
    try (Tv tv = TsTestSupport.tv(Faults.NONE)) {
      List<RuleResult> results = check(tv, 3);
      for (Rule r : Rules.all()) {
        if (r.area() == Area.TS) {
          assertThat(of(results, r)).as(r.id()).isNotEmpty();
        }
      }
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r.rule().area()).isEqualTo(Area.TS);
                assertThat(r.status()).as(r.toString()).isIn(Status.PASS, Status.INFO);
              });
      assertThat(of(results, Rules.TS_3)).allMatch(r -> r.status() == Status.PASS);
      assertThat(of(results, Rules.TS_5)).allMatch(r -> r.status() == Status.PASS);
      assertThat(of(results, Rules.TS_4)).hasSize(3).allMatch(r -> r.status() == Status.PASS);
      assertThat(of(results, Rules.TS_9)).allMatch(r -> r.status() == Status.PASS);
      assertThat(of(results, Rules.TS_10)).allMatch(r -> r.status() == Status.PASS);
      assertThat(of(results, Rules.TS_12)).allMatch(r -> r.status() == Status.PASS);
    }
  }

  @Test
  void integersAsNumbersFailTs3() throws Exception {
    try (Tv tv = TsTestSupport.tv(Faults.of(Fault.INTEGERS_AS_NUMBERS))) {
      List<RuleResult> ts3 = of(check(tv, 1), Rules.TS_3);
      assertThat(ts3)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo(Status.FAIL);
                assertThat(r.message()).contains("JSON number");
              });
    }
  }

  @Test
  void unavailableSpeedOnlyFailsTs3() throws Exception {
    try (Tv tv = TsTestSupport.tv(Faults.of(Fault.UNAVAILABLE_SPEED_ONLY))) {
      List<RuleResult> ts3 = of(check(tv, 1), Rules.TS_3);
      assertThat(ts3)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo(Status.FAIL);
                assertThat(r.message()).contains("missing");
              });
    }
  }

  @Test
  void ignoringTheStemFailsTs4() throws Exception {
    try (Tv tv = TsTestSupport.tv(Faults.of(Fault.IGNORE_STEM))) {
      List<RuleResult> ts4 = of(check(tv, 1), Rules.TS_4);
      assertThat(ts4)
          .anySatisfy(
              r -> {
                assertThat(r.status()).isEqualTo(Status.FAIL);
                assertThat(r.message()).startsWith("b:");
              });
    }
  }

  @Test
  void noTsUrlLeavesEveryRuleUnchecked() throws Exception {
    List<RuleResult> results = TsTestSupport.results();
    CheckConfig config = CheckConfig.builder("ws://127.0.0.1:1/cii").build();
    TsChecks.run(
        context(
            config,
            org.dvbcss.protocol.cii.Cii.builder().protocolVersion().build(),
            results,
            false),
        http());
    for (Rule r : Rules.all()) {
      if (r.area() == Area.TS) {
        assertThat(of(results, r))
            .as(r.id())
            .singleElement()
            .satisfies(x -> assertThat(x.status()).isEqualTo(Status.INFO));
      }
    }
  }
}
