package org.dvbcss.net.netsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dvbcss.clock.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The link model on virtual time: every decision checked against what its configuration says. */
class LinkModelTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private final ManualTimeSource time = new ManualTimeSource(5 * S);

  private LinkModel model(Direction leg, NetsimConfig config) {
    return new LinkModel(leg, config, time.nanoTime());
  }

  private static NetsimConfig both(LinkImpairment imp, long seed) {
    return NetsimConfig.builder().both(imp).seed(seed).build();
  }

  @Test
  void aFixedDelayReleasesEachDatagramExactlyThatLateAndCountsIt() {
    NetsimConfig config =
        NetsimConfig.builder()
            .toServer(LinkImpairment.builder().delayNanos(30 * MS).build())
            .build();
    LinkModel up = model(Direction.TO_SERVER, config);
    LinkModel down = model(Direction.TO_CLIENT, config);
    for (int i = 0; i < 100; i++) {
      time.advance(10 * MS);
      long now = time.nanoTime();
      assertThat(up.datagram(now, 32)).containsExactly(now + 30 * MS);
      assertThat(down.datagram(now, 32)).containsExactly(now);
    }
    assertThat(up.counters()).isEqualTo(new LinkCounters(100, 0, 0, 0, 100, 0, 3200));
    assertThat(down.counters()).isEqualTo(new LinkCounters(100, 0, 0, 0, 0, 0, 3200));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234567})
  void jitterIsUniformAboveTheDelayNeverBelow(long seed) {
    long delay = 10 * MS;
    long jitter = 4 * MS;
    LinkModel m =
        model(
            Direction.TO_CLIENT,
            both(LinkImpairment.builder().delayNanos(delay).jitterNanos(jitter).build(), seed));
    int n = 20_000;
    double sum = 0;
    int[] quarters = new int[4];
    for (int i = 0; i < n; i++) {
      time.advance(MS);
      long now = time.nanoTime();
      long extra = m.datagram(now, 32)[0] - now - delay;
      assertThat(extra).isBetween(0L, jitter);
      sum += extra;
      quarters[(int) Math.min(3, extra * 4 / (jitter + 1))]++;
    }
    // uniform on [0, jitter]: mean jitter/2 (sd of the mean jitter/sqrt(12 n)), a quarter each
    double sdMean = jitter / Math.sqrt(12.0 * n);
    assertThat(sum / n).isCloseTo(jitter / 2.0, org.assertj.core.data.Offset.offset(6 * sdMean));
    double sdQuarter = Math.sqrt(n * 0.25 * 0.75);
    for (int q : quarters) {
      assertThat((double) q).isCloseTo(n / 4.0, org.assertj.core.data.Offset.offset(6 * sdQuarter));
    }
  }

  private static List<Long> run(long seed) {
    LinkImpairment imp =
        LinkImpairment.builder()
            .jitterNanos(5 * MS)
            .loss(0.1)
            .burst(0.02, 0.3)
            .reorder(0.1, 3 * MS)
            .duplicate(0.1)
            .build();
    LinkModel m = new LinkModel(Direction.TO_SERVER, both(imp, seed), 0);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long[] r = m.datagram(i * MS, 32);
      out.add((long) r.length);
      for (long t : r) {
        out.add(t);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 99})
  void oneSeedMakesTheSameChoicesAnotherSeedOthers(long seed) {
    assertThat(run(seed)).isEqualTo(run(seed));
    assertThat(run(seed)).isNotEqualTo(run(seed + 1));
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 11, 2024})
  void independentLossDropsAboutTheGivenShareAndCountsEachDrop(long seed) {
    double p = 0.2;
    LinkModel m = model(Direction.TO_SERVER, both(LinkImpairment.builder().loss(p).build(), seed));
    int n = 10_000;
    int lost = 0;
    for (int i = 0; i < n; i++) {
      time.advance(MS);
      if (m.datagram(time.nanoTime(), 32).length == 0) {
        lost++;
      }
    }
    LinkCounters c = m.counters();
    assertThat(c.dropped()).isEqualTo(lost);
    assertThat(c.forwarded()).isEqualTo(n - lost);
    assertThat((double) lost)
        .isCloseTo(n * p, org.assertj.core.data.Offset.offset(6 * Math.sqrt(n * p * (1 - p))));
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 8})
  void burstLossComesInRunsOfTheMeanLength(long seed) {
    double enter = 0.01;
    double exit = 0.25; // mean burst: 4 datagrams
    LinkModel m =
        model(Direction.TO_CLIENT, both(LinkImpairment.builder().burst(enter, exit).build(), seed));
    List<Integer> runs = new ArrayList<>();
    int current = 0;
    int lost = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      time.advance(MS);
      if (m.datagram(time.nanoTime(), 32).length == 0) {
        current++;
        lost++;
      } else if (current > 0) {
        runs.add(current);
        current = 0;
      }
    }
    assertThat(m.counters().dropped()).isEqualTo(lost);
    double meanRun = runs.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertThat(meanRun).isBetween(3.5, 4.5);
    assertThat(runs).anyMatch(r -> r >= 8); // bursts, not isolated losses
    // stationary share of the bad state: enter / (enter + exit)
    assertThat((double) lost / n)
        .isBetween(0.8 * enter / (enter + exit), 1.2 * enter / (enter + exit));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void reorderingHoldsSomeBackSoLaterOnesOvertake(long seed) {
    long hold = 5 * MS;
    LinkModel m =
        model(
            Direction.TO_SERVER,
            both(LinkImpairment.builder().delayNanos(MS).reorder(0.25, hold).build(), seed));
    int n = 4_000;
    long held = 0;
    long overtaken = 0;
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      time.advance(MS);
      long now = time.nanoTime();
      long at = m.datagram(now, 32)[0];
      assertThat(at).isIn(now + MS, now + MS + hold);
      if (at == now + MS + hold) {
        held++;
      }
      if (at < previous) {
        overtaken++;
      }
      previous = at;
    }
    assertThat(m.counters().reordered()).isEqualTo(held);
    assertThat(overtaken).isPositive();
    assertThat((double) held)
        .isCloseTo(n * 0.25, org.assertj.core.data.Offset.offset(6 * Math.sqrt(n * 0.25 * 0.75)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void duplicationSendsTwoCopiesAtOneTimeAndCountsThem(long seed) {
    LinkModel m =
        model(Direction.TO_CLIENT, both(LinkImpairment.builder().duplicate(0.3).build(), seed));
    int n = 4_000;
    long twice = 0;
    for (int i = 0; i < n; i++) {
      time.advance(MS);
      long[] r = m.datagram(time.nanoTime(), 32);
      assertThat(r.length).isBetween(1, 2);
      if (r.length == 2) {
        assertThat(r[0]).isEqualTo(r[1]);
        twice++;
      }
    }
    LinkCounters c = m.counters();
    assertThat(c.duplicated()).isEqualTo(twice);
    assertThat(c.forwarded()).isEqualTo(n);
    assertThat((double) twice)
        .isCloseTo(n * 0.3, org.assertj.core.data.Offset.offset(6 * Math.sqrt(n * 0.3 * 0.7)));
  }

  @Test
  void bandwidthSpacesPacketsByTheirSizeOverTheRate() {
    // 100 000 bytes per second: 1000 bytes take 10 ms
    LinkModel m =
        model(
            Direction.TO_CLIENT,
            both(LinkImpairment.builder().bytesPerSecond(100_000).delayNanos(2 * MS).build(), 1));
    long t0 = time.nanoTime();
    for (int i = 1; i <= 5; i++) {
      assertThat(m.datagram(t0, 1000)).containsExactly(t0 + i * 10 * MS + 2 * MS);
    }
    // an idle link starts afresh: no credit saved up, no backlog
    time.advance(S);
    long t1 = time.nanoTime();
    assertThat(m.datagram(t1, 500)).containsExactly(t1 + 5 * MS + 2 * MS);
  }

  @Test
  void aRouteChangeAddsDelayToOneLegFromItsTime() {
    Script script = Script.parse("at 30s to-server delay +20ms");
    NetsimConfig config = NetsimConfig.builder().delayNanos(10 * MS).script(script).build();
    LinkModel up = model(Direction.TO_SERVER, config);
    LinkModel down = model(Direction.TO_CLIENT, config);
    for (int step = 0; step < 600; step++) {
      long now = time.nanoTime();
      boolean after = step >= 300; // 100 ms steps: 30 s is step 300
      assertThat(up.datagram(now, 32)).containsExactly(now + (after ? 30 : 10) * MS);
      assertThat(down.datagram(now, 32)).containsExactly(now + 10 * MS);
      time.advance(100 * MS);
    }
  }

  @Test
  void anOutageDropsDatagramsAndHoldsStreamBytesToItsEnd() {
    Script script = Script.parse("from 60s to 90s outage");
    NetsimConfig config = NetsimConfig.builder().delayNanos(10 * MS).script(script).build();
    long start = time.nanoTime();
    LinkModel udp = model(Direction.TO_CLIENT, config);
    LinkModel tcp = model(Direction.TO_CLIENT, config);
    long last = Long.MIN_VALUE;
    int dropped = 0;
    for (int step = 0; step < 120; step++) {
      long now = time.nanoTime();
      boolean down = step >= 60 && step < 90;
      assertThat(udp.down(now)).isEqualTo(down);
      long[] d = udp.datagram(now, 32);
      if (down) {
        assertThat(d).isEmpty();
        dropped++;
      } else {
        assertThat(d).containsExactly(now + 10 * MS);
      }
      long at = tcp.chunk(now, 100, last);
      assertThat(at).isEqualTo(down ? start + 90 * S + 10 * MS : now + 10 * MS);
      assertThat(at).isGreaterThanOrEqualTo(last);
      if (down) {
        assertThat(tcp.endAt(now, at)).isEqualTo(start + 90 * S + 10 * MS);
      }
      last = at;
      time.advance(S);
    }
    assertThat(udp.counters().dropped()).isEqualTo(dropped).isEqualTo(30);
    assertThat(tcp.counters().dropped()).isZero();
    assertThat(tcp.counters().forwarded()).isEqualTo(120);
  }

  @Test
  void anOutageThatNeverEndsHoldsForever() {
    NetsimConfig config = NetsimConfig.builder().script(Script.parse("at 1s outage")).build();
    LinkModel tcp = model(Direction.TO_SERVER, config);
    time.advance(2 * S);
    assertThat(tcp.chunk(time.nanoTime(), 10, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(tcp.endAt(time.nanoTime(), Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void streamLossIsARetransmissionDelayAndOrderIsKept(long seed) {
    NetsimConfig config =
        NetsimConfig.builder()
            .both(LinkImpairment.builder().loss(0.2).jitterNanos(30 * MS).build())
            .tcpLossDelayNanos(200 * MS)
            .seed(seed)
            .build();
    LinkModel m = model(Direction.TO_SERVER, config);
    long last = Long.MIN_VALUE;
    int late = 0;
    for (int i = 0; i < 2_000; i++) {
      time.advance(MS);
      long now = time.nanoTime();
      long at = m.chunk(now, 100, last);
      assertThat(at).isGreaterThanOrEqualTo(Math.max(last, now));
      if (at - now >= 200 * MS) {
        late++;
      }
      last = at;
    }
    LinkCounters c = m.counters();
    assertThat(c.forwarded()).isEqualTo(2_000);
    assertThat(c.dropped()).isZero();
    assertThat(c.retransmitted()).isPositive().isLessThanOrEqualTo(late);
  }

  @Test
  void badImpairmentsAreRefused() {
    assertThatThrownBy(() -> LinkImpairment.builder().loss(1.5).build())
        .hasMessageContaining("loss");
    assertThatThrownBy(() -> LinkImpairment.builder().delayNanos(-1).build())
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> LinkImpairment.builder().burst(0.1, 0).build())
        .hasMessageContaining("never ends");
    assertThatThrownBy(() -> NetsimConfig.builder().maxUdpClients(0).build())
        .hasMessageContaining("positive");
  }
}
