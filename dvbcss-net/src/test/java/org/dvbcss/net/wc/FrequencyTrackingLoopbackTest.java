package org.dvbcss.net.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.FrequencyTracking;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.junit.jupiter.api.Test;

/**
 * {@link FrequencyTracking} on real sockets (127.0.0.1, an ephemeral port): it converges and its
 * bound ends well below the offset-only one polling at the same interval, and it covers the real
 * error (the server's clock is in this process).
 */
class FrequencyTrackingLoopbackTest {
  private static final Duration REPEAT = Duration.ofMillis(200);

  @Test
  void convergesToABoundWellBelowTheOffsetOnlyOne() throws Exception {
    SysClock serverClock = new SysClock();
    SysClock local = new SysClock();
    CorrelatedClock tracked = new CorrelatedClock(local, 1e9);
    CorrelatedClock offsetOnly = new CorrelatedClock(local, 1e9);
    try (WallClockServer server =
            WallClockServer.start(
                serverClock,
                WallClockServerConfig.builder()
                    .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                    .build());
        WallClockClient a =
            WallClockClient.start(
                server.localAddress(),
                tracked,
                WallClockClientConfig.builder()
                    .algorithm(() -> FrequencyTracking.builder().repeatInterval(REPEAT).build())
                    .build());
        WallClockClient b =
            WallClockClient.start(
                server.localAddress(),
                offsetOnly,
                WallClockClientConfig.builder()
                    .algorithm(
                        () ->
                            new LowestDispersion(
                                REPEAT, LowestDispersion.DEFAULT_TIMEOUT, Double.NaN))
                    .build())) {
      // the offset-only bound is at least the drift over one interval: 1000 ppm x 200 ms
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  Double.isFinite(offsetOnly.dispersion())
                      && tracked.dispersion() < 0.4 * offsetOnly.dispersion());
      assertThat(offsetOnly.dispersion()).isGreaterThan(100e-6);
      for (int i = 0; i < 20; i++) {
        double bound = tracked.dispersion() * 1e9;
        double before = serverClock.ticks();
        double estimate = tracked.ticks();
        double after = serverClock.ticks();
        double error = Math.max(Math.abs(estimate - before), Math.abs(estimate - after));
        assertThat(bound).isFinite();
        assertThat(error).as("bound %.0f ns", bound).isLessThanOrEqualTo(bound + (after - before));
        Thread.sleep(50);
      }
    }
  }
}
