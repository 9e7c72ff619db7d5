package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.dvbcss.net.netsim.NetsimConfig;
import org.dvbcss.net.netsim.Script;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  @Test
  void namesAreUniqueAndEachIsFound() {
    List<Scenario> all = Scenarios.all();
    assertThat(new HashSet<>(all.stream().map(Scenario::name).toList())).hasSize(all.size());
    for (Scenario s : all) {
      assertThat(Scenarios.named(s.name())).contains(s);
    }
    assertThat(Scenarios.named("nowhere")).isEmpty();
  }

  @Test
  void theScenariosTheReportPromisesAreThere() {
    assertThat(Scenarios.all().stream().map(Scenario::name))
        .contains("clean", "wifi", "one-leg", "loss-bursts", "route-change", "outage", "tv-drift");
    assertThat(Scenarios.named("clean").orElseThrow().impairment()).isEqualTo(Impairment.DIRECT);
    assertThat(Scenarios.named("tv-drift").orElseThrow().tvDriftPpm()).isEqualTo(500);
  }

  @Test
  void aShorterRunScalesTheScriptToFit() {
    Scenario outage = Scenarios.named("outage").orElseThrow();
    Script.Change original = outage.impairment().netsim().script().changes().get(0);
    assertThat(original.fromNanos()).isEqualTo(60_000_000_000L);
    assertThat(original.untilNanos()).isEqualTo(90_000_000_000L);
    Scenario short30 = outage.withDuration(Duration.ofSeconds(30));
    NetsimConfig scaled = short30.impairment().netsim();
    Script.Change change = scaled.script().changes().get(0);
    assertThat(change.fromNanos()).isEqualTo(15_000_000_000L);
    assertThat(change.untilNanos()).isEqualTo(22_500_000_000L);
    assertThat(change.legs()).isEqualTo(original.legs());
    assertThat(change.patch()).isEqualTo(original.patch());
    assertThat(scaled.seed()).isEqualTo(outage.impairment().netsim().seed());
    // a change that never ends still never ends
    Script.Change forever =
        Scenarios.named("route-change")
            .orElseThrow()
            .withDuration(Duration.ofSeconds(10))
            .impairment()
            .netsim()
            .script()
            .changes()
            .get(0);
    assertThat(forever.fromNanos()).isEqualTo(5_000_000_000L);
    assertThat(forever.untilNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(Impairment.DIRECT.scaled(0.1)).isSameAs(Impairment.DIRECT);
  }
}
