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
      // Each bound is a sawtooth: it falls to about half a round trip at each measurement and grows
      // until the next. The offset-only one grows by 1000 ppm x 200 ms = 200 us per interval; a
      // converged frequency estimate grows by far less. A single reading of each can catch them at
      // different phases (one just measured, the other 150 ms later), so both are compared by their
      // highest reading over a window that spans five intervals.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Double.isFinite(tracked.dispersion())
                      && Double.isFinite(offsetOnly.dispersion()));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                Window w = window(tracked, offsetOnly, serverClock);
                return w.offsetOnlyMax > 100e-6 && w.trackedMax < 0.4 * w.offsetOnlyMax;
              });
      Window after = window(tracked, offsetOnly, serverClock);
      assertThat(after.offsetOnlyMax).as("offset-only bound, highest, s").isGreaterThan(100e-6);
      assertThat(after.trackedMax)
          .as("frequency-tracking bound, highest, s")
          .isLessThan(after.offsetOnlyMax);
    }
  }

  /** The highest reading of each bound over 20 samples 50 ms apart. */
  private record Window(double trackedMax, double offsetOnlyMax) {}

  /**
   * Samples both bounds 20 times, 50 ms apart, and asserts at every sample that the tracked clock's
   * error against the server's clock (in this process) is within its bound.
   */
  private static Window window(
      CorrelatedClock tracked, CorrelatedClock offsetOnly, SysClock serverClock)
      throws InterruptedException {
    double trackedMax = 0;
    double offsetOnlyMax = 0;
    for (int i = 0; i < 20; i++) {
      double bound = tracked.dispersion() * 1e9;
      double before = serverClock.ticks();
      double estimate = tracked.ticks();
      double after = serverClock.ticks();
      double error = Math.max(Math.abs(estimate - before), Math.abs(estimate - after));
      assertThat(bound).isFinite();
      assertThat(error).as("bound %.0f ns", bound).isLessThanOrEqualTo(bound + (after - before));
      trackedMax = Math.max(trackedMax, bound / 1e9);
      offsetOnlyMax = Math.max(offsetOnlyMax, offsetOnly.dispersion());
      Thread.sleep(50);
    }
    return new Window(trackedMax, offsetOnlyMax);
  }
}
