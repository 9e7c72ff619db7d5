package org.dvbcss.companion.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {
  @Test
  void idsAreUniqueAndNameTheirArea() {
    Set<String> ids = new HashSet<>();
    for (Rule r : Rules.all()) {
      assertThat(ids.add(r.id())).as(r.id()).isTrue();
      String area = r.area() == Area.DIAL ? "DISC" : r.area().name();
      assertThat(r.id()).startsWith("R-" + area + "-");
      assertThat(Rules.byId(r.id())).isSameAs(r);
    }
    assertThat(ids).hasSize(Rules.all().size()).contains("R-CII-1", "R-WC-8", "R-TS-12");
  }

  @Test
  void aRecalledRuleNeverFails() {
    Rule r = Rule.fail("R-CII-99", Area.CII, "s", "src", Confidence.RECALLED);
    assertThat(r.worst()).isEqualTo(Status.WARN);
    RuleResult res = RuleResult.of(r, Status.FAIL, "observed", "expected");
    assertThat(res.status()).isEqualTo(Status.WARN);
    for (Rule rule : Rules.all()) {
      if (rule.confidence() == Confidence.RECALLED) {
        assertThat(rule.worst()).as(rule.id()).isNotEqualTo(Status.FAIL);
      }
    }
  }

  @Test
  void resultsAreCappedByTheirRule() {
    assertThat(RuleResult.of(Rules.WC_9, Status.FAIL, "m", "e").status()).isEqualTo(Status.INFO);
    assertThat(RuleResult.of(Rules.WS_2, Status.FAIL, "m", "e").status()).isEqualTo(Status.WARN);
    assertThat(RuleResult.of(Rules.WC_8, Status.FAIL, "m", "e").status()).isEqualTo(Status.FAIL);
    assertThat(RuleResult.of(Rules.WC_9, Status.PASS, "m", "e").status()).isEqualTo(Status.PASS);
  }

  @Test
  void evidenceKeepsOrderAndJsonableValues() {
    RuleResult r =
        RuleResult.of(Rules.WC_9, Status.INFO, "m", "e")
            .with("rtt_ms", 1.5)
            .with("kind", Area.WC)
            .with("map", Map.of("a", 1));
    assertThat(r.evidence().keySet()).containsExactly("rtt_ms", "kind", "map");
    assertThat(r.evidence().get("kind")).isEqualTo("WC");
    assertThatThrownBy(() -> r.evidence().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reachableReplacesOnlyUnusableHosts() {
    CheckContext ctx =
        new CheckContext(CheckConfig.of("ws://192.168.1.20:7681/cii"), CheckListener.NONE);
    assertThat(ctx.reachable("udp://0.0.0.0:6677")).isEqualTo("udp://192.168.1.20:6677");
    assertThat(ctx.reachable("ws://0.0.0.0:7681/ts")).isEqualTo("ws://192.168.1.20:7681/ts");
    assertThat(ctx.reachable("ws://10.0.0.2:7681/ts")).isEqualTo("ws://10.0.0.2:7681/ts");
  }
}
