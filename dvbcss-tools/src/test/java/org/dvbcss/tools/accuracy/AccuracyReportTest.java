package org.dvbcss.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class AccuracyReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static AccuracyRun.Result result(String scenario, boolean violate) {
    List<AccuracySample> samples = new ArrayList<>();
    samples.add(new AccuracySample(0, Double.NaN, Double.NaN));
    for (int i = 1; i <= 500; i++) {
      samples.add(new AccuracySample(i * 0.01, 2e-4 * Math.sin(i), 3e-4));
    }
    if (violate) {
      samples.set(333, new AccuracySample(3.33, 4e-4, 3e-4));
    }
    return new AccuracyRun.Result(
        scenario,
        "lowest-dispersion",
        samples,
        AccuracyStats.of(samples),
        1.0,
        Map.of("dropped", 3L),
        null);
  }

  @Test
  void jsonCarriesTheStatisticsAndASeriesThatKeepsTheWorstError() {
    JsonNode root =
        MAPPER.readTree(
            AccuracyReport.json(List.of(result("clean", false), result("outage", true))));
    assertThat(root.get("honest").asBoolean()).isFalse();
    JsonNode clean = root.get("runs").get(0);
    assertThat(clean.get("scenario").asString()).isEqualTo("clean");
    assertThat(clean.get("bounded").asInt()).isEqualTo(500);
    assertThat(clean.get("within").asInt()).isEqualTo(500);
    assertThat(clean.get("honest").asBoolean()).isTrue();
    assertThat(clean.get("bound_median_ms").asDouble()).isEqualTo(0.3);
    assertThat(clean.get("route").get("dropped").asLong()).isEqualTo(3);
    JsonNode outage = root.get("runs").get(1);
    assertThat(outage.get("within").asInt()).isEqualTo(499);
    // the 100 ms window holding the violation shows it: its error beyond its bound
    boolean shown = false;
    for (JsonNode p : outage.get("series")) {
      if (!p.get(1).isNull() && Math.abs(p.get(1).asDouble()) > p.get(2).asDouble()) {
        shown = true;
      }
    }
    assertThat(shown).isTrue();
    // one point per 100 ms window of the 5 s run
    assertThat(clean.get("series").size()).isBetween(50, 51);
  }

  @Test
  void htmlMarksADishonestRunAndDrawsEveryRun() {
    String html =
        AccuracyReport.html(List.of(result("clean", false), result("outage", true)), "report");
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).contains("Some samples were outside the bound");
    assertThat(html).contains("<tr class=\"pass\"><td>clean</td>");
    assertThat(html).contains("<tr class=\"fail\"><td>outage</td>");
    assertThat(html.split("<svg ", -1)).hasSize(1 + 3); // rate plot + one per run
    assertThat(html).contains("fill=\"#c00\""); // the violation drawn
    String honest = AccuracyReport.html(List.of(result("clean", false)), "report");
    assertThat(honest).contains("Every sample of every run was within the bound");
    assertThat(honest).doesNotContain("fill=\"#c00\"");
  }
}
