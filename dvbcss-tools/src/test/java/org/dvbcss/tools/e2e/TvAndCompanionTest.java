package org.dvbcss.tools.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.companion.Companion;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole chain, end to end on loopback: the TV simulator serving CII, TS and WC, and a companion
 * that knows only the CII URL. Throughout, the companion's estimate of the TV's PTS position stays
 * within the error bound it reports (and within 1 ms) of the TV's true position: after a pause, a
 * seek, a speed change, and a restart of the TV.
 */
class TvAndCompanionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The error, in seconds, that counts as converged: the companion must get this close. */
  private static final double CONVERGED_SECONDS = 0.001;

  private static final double PTS_RATE = 90_000;

  private Tv tv;
  private final Companion companion = new Companion();

  @AfterEach
  void stop() {
    companion.close();
    if (tv != null) {
      tv.close();
    }
  }

  /**
   * Asserts the companion is following within its bound: both positions read via the machine clock,
   * the TV's just before and just after the companion's; the error is the distance from the
   * companion's reading to that interval, and nothing is added to the bound.
   */
  private void assertWithinBound() {
    assertFollowing(Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #assertWithinBound()}, and the error is at most {@code limitSeconds}.
   *
   * @param limitSeconds the largest error accepted besides the bound, in seconds
   */
  private void assertFollowing(double limitSeconds) {
    CorrelatedClock timeline = companion.timelineClock();
    assertThat(timeline.isAvailable()).as("timeline available").isTrue();
    double bound = timeline.dispersion();
    double before = tv.ptsTicks();
    double estimated = timeline.ticks();
    double after = tv.ptsTicks();
    double lo = Math.min(before, after);
    double hi = Math.max(before, after);
    double error =
        (estimated < lo ? lo - estimated : estimated > hi ? estimated - hi : 0) / PTS_RATE;
    assertThat(error)
        .as("|companion - TV| in s, against the error bound %.6f s", bound)
        .isLessThanOrEqualTo(bound)
        .isLessThanOrEqualTo(limitSeconds);
  }

  private boolean following() {
    try {
      assertFollowing(CONVERGED_SECONDS);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /**
   * Awaits convergence (within the bound and within {@link #CONVERGED_SECONDS}), then checks the
   * bound at every sample of a stretch that follows (30 samples, 10 ms apart), not just the first
   * good one. The stretch asserts the promise, error within the bound, and not a fixed figure: at
   * the default request interval the bound is about 1.1 to 1.4 ms on loopback, and under a full
   * test run on 2 cores the error was seen at 1.05 ms, within a bound of 1.45 ms.
   */
  private void awaitFollowing() throws InterruptedException {
    await().atMost(WAIT).until(this::following);
    for (int i = 0; i < 30; i++) {
      assertWithinBound();
      Thread.sleep(10);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void companionFollowsTheTvThroughPauseSeekSpeedAndARestart() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int wsPort = freePort();
    int wcPort = freePort();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(loopback, wsPort))
                .wallClockAddress(new InetSocketAddress(loopback, wcPort))
                .transition(Duration.ZERO)
                .build());
    companion.start(URI.create(tv.ciiUrl()), null);
    awaitFollowing();

    tv.pause();
    await().atMost(WAIT).until(() -> companion.timelineClock().speed() == 0);
    awaitFollowing();

    tv.play();
    tv.seek(30);
    await().atMost(WAIT).until(() -> companion.timelineClock().speed() == 1);
    awaitFollowing();

    tv.setSpeed(2);
    await().atMost(WAIT).until(() -> companion.timelineClock().speed() == 2);
    awaitFollowing();

    // the TV restarts on the same ports; the companion reconnects and follows the new timeline
    tv.close();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(loopback, wsPort))
                .wallClockAddress(new InetSocketAddress(loopback, wcPort))
                .transition(Duration.ZERO)
                .build());
    await().atMost(WAIT).until(() -> companion.timelineClock().speed() == 1 && following());
    awaitFollowing();
  }
}
