package org.dvbcss.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.tv.Fault;
import org.dvbcss.tv.Faults;
import org.dvbcss.tv.Timeline;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The companion against the simulated TV with every fault switched on at once ({@code dvbcss tv
 * --fault ...} for each): it says each deviation kind once and follows the timeline within its
 * error bound at every sample of a stretch of playing, through a pause that arrives late, and after
 * the TV takes the timeline off the air and puts it back.
 */
class CompanionFollowsFaultyTvTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2.0);

  private Tv tv;
  private Companion companion;
  private final Recording rec = new Recording();

  @AfterEach
  void stop() {
    if (companion != null) {
      companion.close();
    }
    if (tv != null) {
      tv.close();
    }
    rec.close();
  }

  @Test
  void followsATvWithEveryFaultAndSaysEachDeviationOnce() throws Exception {
    // The TV's wall clock is this machine's monotonic clock. Past 2^53 ns (104 days of uptime) a
    // wallClockTime sent as a JSON number is no longer exact, and tolerant reading rightly rejects
    // it: on such a host the TV runs every fault but that one, and that kind is not expected.
    // The faults declared up to no-close-frame are the ones a companion follows; those after it
    // break a CSS rule that a conformance checker catches, and some cannot be followed at all (a
    // wall clock time on another clock, a wrong tick rate, closed connections).
    EnumSet<Fault> faults = EnumSet.range(Fault.PRESENTATION_STATUS_ARRAY, Fault.NO_CLOSE_FRAME);
    EnumSet<Deviation> expected = EnumSet.allOf(Deviation.class);
    // The CSS-WC faults are defects no companion can follow through (its wall clock never
    // converges on responses it cannot match, or that wait for a follow-up that never comes).
    faults.removeAll(
        EnumSet.of(
            Fault.WC_PRECISION_UNSET,
            Fault.WC_WRONG_ORIGINATE,
            Fault.WC_DIES_ON_MALFORMED,
            Fault.WC_FOLLOW_UP_MISSING));
    if (System.nanoTime() > (1L << 53) - 86_400_000_000_000L) {
      faults.remove(Fault.INTEGERS_AS_NUMBERS);
      expected.remove(Deviation.TS_INTEGER_AS_NUMBER);
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(loopback, 0))
                .wallClockAddress(new InetSocketAddress(loopback, 0))
                .transition(Duration.ofMillis(100))
                .faults(Faults.of(faults.toArray(new Fault[0])))
                .build());
    Clock pts = tv.model().timelineClock(Timeline.PTS);
    companion = new Companion(CompanionConfig.builder().backoff(FAST).build());
    companion.addListener(rec);
    companion.start(URI.create(tv.ciiUrl()), Timeline.PTS.selector());

    await().atMost(WAIT).until(() -> following(pts));
    checkThroughout(pts, 40);

    // "unavailable" as the faulty TV sends it, then the timeline again
    tv.toggleTimeline("pts");
    await().atMost(WAIT).until(() -> !companion.isTimelineAvailable());
    tv.toggleTimeline("pts");
    await().atMost(WAIT).until(() -> following(pts));

    // a pause: with slow timestamps it arrives up to 2 s late; once heard, followed again
    tv.pause();
    await().atMost(WAIT).until(() -> companion.timelineClock().speed() == 0 && following(pts));
    checkThroughout(pts, 20);

    assertThat(rec.deviations)
        .as("each kind once")
        .containsExactlyInAnyOrderElementsOf(expected)
        .doesNotHaveDuplicates();
    assertThat(rec.warnings("TV deviates from the spec: "))
        .containsExactlyInAnyOrderElementsOf(
            expected.stream()
                .map(d -> "TV deviates from the spec: " + d.description() + " (accepted)")
                .toList());
    assertThat(rec.rejected).isEmpty();
    assertThat(companion.status().presentationStatus()).isEqualTo("okay");
  }

  /** Whether the companion's timeline is available and within its bound of the TV's now. */
  private boolean following(Clock truth) {
    return companion.wallClockDispersion() < 0.001 && errorOverBound(truth) <= 0;
  }

  /**
   * Samples the companion {@code samples} times, 25 ms apart, and asserts that every sample is
   * within its error bound: a check throughout, not until the first good sample.
   */
  private void checkThroughout(Clock truth, int samples) throws InterruptedException {
    for (int i = 0; i < samples; i++) {
      double over = errorOverBound(truth);
      assertThat(over)
          .as(String.format(Locale.ROOT, "sample %d: error beyond the bound by %.6f s", i, over))
          .isLessThanOrEqualTo(0);
      Thread.sleep(25);
    }
  }

  /**
   * The companion's timeline error minus its error bound, seconds; positive means out of bound. The
   * TV's position is read just before and just after the companion's, and the error is the distance
   * from the companion's to the interval between them; nothing is added to the bound.
   */
  private double errorOverBound(Clock truth) {
    CorrelatedClock timeline = companion.timelineClock();
    if (!timeline.isAvailable()) {
      return Double.POSITIVE_INFINITY;
    }
    double rate = truth.tickRate();
    double bound = timeline.dispersion();
    double before = truth.ticks();
    double estimated = timeline.ticks();
    double after = truth.ticks();
    double error = CompanionTest.distanceToInterval(estimated, before, after) / rate;
    return error - bound;
  }
}
