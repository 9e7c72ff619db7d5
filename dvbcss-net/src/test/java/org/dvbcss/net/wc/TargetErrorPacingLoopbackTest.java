package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.TargetErrorPacing;
import org.junit.jupiter.api.Test;

/** Adaptive polling on real sockets: the project's server and client on 127.0.0.1. */
class TargetErrorPacingLoopbackTest {

  @Test
  void reachesOneMillisecondWithinThreeSecondsAndStaysUnderTheMaximumRate() throws Exception {
    SysClock serverClock = new SysClock();
    SysClock localClock = new SysClock();
    AtomicReference<TargetErrorPacing> made = new AtomicReference<>();
    WallClockClientConfig config =
        WallClockClientConfig.builder()
            .algorithm(
                () -> {
                  TargetErrorPacing p =
                      new TargetErrorPacing(new LowestDispersion(), Duration.ofMillis(1));
                  made.set(p);
                  return p;
                })
            .build();
    try (WallClockServer server =
        WallClockServer.start(
            serverClock,
            WallClockServerConfig.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .build())) {
      CorrelatedClock wall = new CorrelatedClock(localClock, 1e9);
      long started = System.nanoTime();
      try (WallClockClient client = WallClockClient.start(server.localAddress(), wall, config)) {
        await()
            .atMost(Duration.ofSeconds(3))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> wall.dispersion() < 1e-3);
        // two more seconds: the rate never exceeds the maximum, counted from the start
        long from = System.nanoTime();
        long sentFrom = client.counters().sent();
        Thread.sleep(2_000);
        long to = System.nanoTime();
        long sent = client.counters().sent();
        double maxRate = TargetErrorPacing.DEFAULT_MAX_RATE;
        assertThat((double) sent).isLessThanOrEqualTo(maxRate * (to - started) / 1e9 + 1);
        double holding = (sent - sentFrom) * 1e9 / (to - from);
        assertThat(holding).isLessThan(maxRate);
        assertThat(made.get().candidates()).isPositive();
        // read on this thread while the client's runs: the two may be one response apart
        assertThat(client.counters().accepted())
            .isBetween(made.get().candidates() - 1, made.get().candidates() + 1);
      }
    }
  }
}
