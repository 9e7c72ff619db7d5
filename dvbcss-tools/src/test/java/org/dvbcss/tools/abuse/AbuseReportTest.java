package org.dvbcss.tools.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wording of {@code dvbcss abuse}'s report. */
class AbuseReportTest {
  @Test
  void aTallyListsTheKindsSeenInTheirOrderWithRefusalsAndErrors() {
    AbuseReport.Tally tally = new AbuseReport.Tally();
    assertThat(tally).hasToString("");
    tally.add(Kind.FLOOD, Result.OPENED);
    tally.add(Kind.FLOOD, Result.REFUSED_503);
    tally.add(Kind.FLOOD, Result.REFUSED_503);
    tally.add(Kind.INVALID_JSON, Result.OPENED);
    tally.add(Kind.HALF_REQUEST, Result.NO_SESSION);
    tally.add(Kind.HALF_REQUEST, Result.OPENED);
    tally.add(Kind.STALL, Result.FAILED);
    assertThat(tally)
        .hasToString("invalid-json=1 half-request=2 stalled-request=0+1xerror flood=1+2x503");
  }

  @Test
  void closesAreTheCountersDifferenceWithOnlyTheCausesThatChanged() {
    WebSocketServer.Counters before =
        counters(3, 1, 2, Map.of(CloseCause.CLIENT, 5L, CloseCause.IDLE, 1L));
    WebSocketServer.Counters after =
        counters(
            10, 4, 2, Map.of(CloseCause.CLIENT, 7L, CloseCause.IDLE, 1L, CloseCause.TOO_BIG, 1L));
    assertThat(AbuseReport.closes(before, after))
        .isEqualTo("CLIENT=2 TOO_BIG=1 refused503=7 idleBeforeHandshake=3 badRequests=0");
    assertThat(AbuseReport.closes(null, before))
        .isEqualTo("CLIENT=5 IDLE=1 refused503=3 idleBeforeHandshake=1 badRequests=2");
  }

  @Test
  void noDelaysSayNothing() {
    assertThat(AbuseReport.delays(List.of())).isEmpty();
  }

  @Test
  void delaysArePercentilesInMilliseconds() {
    List<Long> delays = new ArrayList<>();
    LongStream.rangeClosed(1, 200).map(i -> i * 1_000_000L).forEach(delays::add);
    Collections.reverse(delays);
    List<Long> copy = List.copyOf(delays);
    assertThat(AbuseReport.delays(delays)).isEqualTo("; delay p50 101.0 p99 198.0 max 200.0 ms");
    assertThat(delays).isEqualTo(copy);
    assertThat(AbuseReport.delays(List.of(1_250_000L)))
        .isEqualTo("; delay p50 1.3 p99 1.3 max 1.3 ms");
  }

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theDelaysPercentilesAreOrderedAndAmongTheDelays(long seed) {
    Random random = new Random(seed);
    List<Long> delays = new ArrayList<>();
    int n = 1 + random.nextInt(500);
    for (int i = 0; i < n; i++) {
      delays.add((long) random.nextInt(1_000_000_000));
    }
    String[] words = AbuseReport.delays(delays).split(" ");
    double p50 = Double.parseDouble(words[3]);
    double p99 = Double.parseDouble(words[5]);
    double max = Double.parseDouble(words[7]);
    assertThat(p50).isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(max);
    assertThat(max)
        .isCloseTo(Collections.max(delays) / 1e6, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void aRoundLineNamesEachFigure() {
    assertThat(
            AbuseReport.roundLine(
                2,
                "silent=1",
                " closed CLIENT=1 refused503=0 idleBeforeHandshake=0 badRequests=0;",
                0,
                "; delay p50 1.0 p99 2.0 max 3.0 ms",
                "4",
                3 * 1048576L,
                1048576L / 2,
                10 * 1048576L))
        .isEqualTo(
            "round 2: abusers silent=1; closed CLIENT=1 refused503=0 idleBeforeHandshake=0"
                + " badRequests=0; missed 0; delay p50 1.0 p99 2.0 max 3.0 ms; connections 4;"
                + " heap 3.0 MiB; direct 0.5 MiB; rss 10.0 MiB");
    assertThat(AbuseReport.roundLine(1, "", "", 3, "", "-", 0, -1, 0))
        .isEqualTo(
            "round 1: abusers ; missed 3; connections -; heap 0.0 MiB; direct -0.0 MiB; rss 0.0"
                + " MiB");
  }

  @Test
  void missedIsZeroInOrderAndTheShortfallOrOneOtherwise() {
    assertThat(AbuseReport.missed(List.of("a", "b"), List.of("a", "b"))).isZero();
    assertThat(AbuseReport.missed(List.of("a"), List.of("a", "b", "c"))).isEqualTo(2);
    assertThat(AbuseReport.missed(List.of("b", "a"), List.of("a", "b"))).isEqualTo(1);
    assertThat(AbuseReport.missed(List.of("a", "b", "c"), List.of("a", "b"))).isEqualTo(1);
  }

  @Test
  void missedAmongCountsHowFarEachIsBehindTheOneThatSawTheMost() {
    assertThat(AbuseReport.missedAmong(List.of())).isZero();
    assertThat(AbuseReport.missedAmong(List.of(List.of(1, 2, 3), List.of(1, 2, 3)))).isZero();
    assertThat(AbuseReport.missedAmong(List.of(List.of(1, 2, 3), List.of(1), List.of(1, 2))))
        .isEqualTo(3);
    assertThat(AbuseReport.missedAmong(List.of(List.of(1, 2, 3), List.of(2)))).isEqualTo(1);
  }

  private static WebSocketServer.Counters counters(
      long rejected, long idleBeforeHandshake, long badRequests, Map<CloseCause, Long> closed) {
    return new WebSocketServer.Counters(
        0, 0, rejected, 0, badRequests, idleBeforeHandshake, 0, 0, 0, new EnumMap<>(closed));
  }
}
