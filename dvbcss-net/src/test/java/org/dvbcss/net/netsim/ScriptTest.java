package org.dvbcss.net.netsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The script's text and JSON forms, and what a script does to a leg over time. */
class ScriptTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private static final String ROUTE_AND_OUTAGE =
      """
      # a route change, then the cable pulled for half a minute
      at 30s to-server delay +20ms
      from 60s to 90s outage   # both legs
      from 100s to 110s to-client loss 5% jitter 2ms
      """;

  @Test
  void theTextFormReadsEachChange() {
    Script s = Script.parse(ROUTE_AND_OUTAGE);
    assertThat(s.changes()).hasSize(3);
    Script.Change route = s.changes().get(0);
    assertThat(route.fromNanos()).isEqualTo(30 * S);
    assertThat(route.untilNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(route.legs()).containsExactly(Direction.TO_SERVER);
    assertThat(route.patch()).isEqualTo(LinkImpairment.Patch.addDelay(20 * MS));
    Script.Change outage = s.changes().get(1);
    assertThat(outage.fromNanos()).isEqualTo(60 * S);
    assertThat(outage.untilNanos()).isEqualTo(90 * S);
    assertThat(outage.legs()).isEqualTo(EnumSet.allOf(Direction.class));
    assertThat(outage.patch()).isEqualTo(LinkImpairment.Patch.OUTAGE);
    Script.Change lossy = s.changes().get(2);
    assertThat(lossy.patch().loss()).isEqualTo(0.05);
    assertThat(lossy.patch().jitterNanos()).isEqualTo(2 * MS);
  }

  @Test
  void theJsonFormReadsTheSameChanges() {
    Script json =
        Script.parse(
            """
            [{"at": "30s", "leg": "to-server", "delay": "+20ms"},
             {"from": "60s", "to": "90s", "outage": true},
             {"from": "100s", "to": "110s", "leg": "to-client", "loss": "5%", "jitter": "2ms"}]
            """);
    assertThat(json).isEqualTo(Script.parse(ROUTE_AND_OUTAGE));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 10, 10",
    "29.999, 10, 10",
    "30, 30, 10",
    "59, 30, 10",
    "100, 30, 10",
  })
  void aLegsDelayFollowsTheScript(double atSeconds, long toServerMs, long toClientMs) {
    Script s = Script.parse(ROUTE_AND_OUTAGE);
    LinkImpairment base = LinkImpairment.builder().delayNanos(10 * MS).build();
    long t = Math.round(atSeconds * 1e9);
    assertThat(s.at(base, Direction.TO_SERVER, t).delayNanos()).isEqualTo(toServerMs * MS);
    assertThat(s.at(base, Direction.TO_CLIENT, t).delayNanos()).isEqualTo(toClientMs * MS);
  }

  @Test
  void outagesAreDownFromTheirStartUntilTheirEnd() {
    Script s = Script.parse(ROUTE_AND_OUTAGE + "from 85s to 95s to-client outage\n");
    LinkImpairment base = LinkImpairment.NONE;
    for (long sec = 0; sec < 120; sec++) {
      boolean up = sec >= 60 && sec < 90;
      boolean down = sec >= 60 && sec < 95;
      assertThat(s.at(base, Direction.TO_SERVER, sec * S).outage()).isEqualTo(up);
      assertThat(s.at(base, Direction.TO_CLIENT, sec * S).outage()).isEqualTo(down);
    }
    // overlapping outages are followed to the last end
    assertThat(s.outageEnd(base, Direction.TO_CLIENT, 70 * S)).isEqualTo(95 * S);
    assertThat(s.outageEnd(base, Direction.TO_SERVER, 70 * S)).isEqualTo(90 * S);
    assertThat(s.outageEnd(base, Direction.TO_SERVER, 10 * S)).isEqualTo(10 * S);
  }

  @Test
  void aNegativeRelativeDelayIsFlooredAtZero() {
    Script s = Script.parse("at 0 delay -50ms");
    LinkImpairment base = LinkImpairment.builder().delayNanos(20 * MS).build();
    assertThat(s.at(base, Direction.TO_CLIENT, 0).delayNanos()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "delay 20ms | a change starts with",
        "at 1s | needs a setting",
        "at 1s speed 3 | unknown setting",
        "at x delay 1ms | not a duration",
        "from 5s to 2s outage | from < until",
        "at 1s loss 150% | 0 to 1",
        "at 1s bandwidth fast | bytes per second",
        "from 1s till 2s outage | from T to T",
        "at 1s delay | ends too early",
      })
  void badLinesAreRefusedNamingTheLine(String line, String message) {
    assertThatThrownBy(() -> Script.parse("# first\n\n" + line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining(message);
  }

  @Test
  void badJsonIsRefused() {
    assertThatThrownBy(() -> Script.parse("[1]")).hasMessageContaining("element 1");
    assertThatThrownBy(() -> Script.parse("[{")).hasMessageContaining("not JSON");
  }

  @ParameterizedTest
  @CsvSource({
    "20ms, 20000000",
    "0.02, 20000000",
    "20000us, 20000000",
    "1.5s, 1500000000",
    "7ns, 7"
  })
  void durationsReadTheirUnits(String text, long nanos) {
    assertThat(Durations.parseNanos(text)).isEqualTo(nanos);
  }

  @Test
  void probabilitiesAreFractionsOrPercentages() {
    assertThat(Durations.parseProbability("5%")).isEqualTo(0.05);
    assertThat(Durations.parseProbability("0.25")).isEqualTo(0.25);
    assertThatThrownBy(() -> Durations.parseProbability("-1")).hasMessageContaining("0 to 1");
    assertThatThrownBy(() -> Durations.parseNanos("-1ms")).hasMessageContaining(">= 0");
    assertThat(Durations.format(20 * MS)).isEqualTo("20ms");
    assertThat(Durations.parseNanos(Durations.format(1_500_000))).isEqualTo(1_500_000);
  }
}
