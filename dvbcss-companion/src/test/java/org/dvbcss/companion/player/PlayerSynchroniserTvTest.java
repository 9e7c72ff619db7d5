package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.companion.Companion;
import org.dvbcss.companion.CompanionConfig;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.protocol.ts.TsServerCore;
import org.dvbcss.tv.Timeline;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The synchroniser's CSS-TS timing reports reach a real TV on loopback (DIAL off, as {@link
 * TvConfig}'s default), and the TV's presentation time of the content each reports lies within its
 * earliest and latest.
 */
class PlayerSynchroniserTvTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Tv tv;
  private Companion companion;
  private AutoCloseable ticking;

  @AfterEach
  void stop() throws Exception {
    if (ticking != null) {
      ticking.close();
    }
    if (companion != null) {
      companion.close();
    }
    if (tv != null) {
      tv.close();
    }
  }

  /** The wall clock time (ns) at which the TV presents {@code contentTime} at normal play. */
  private static double tvPresents(Clock timeline, long contentTime) {
    return timeline.toParentTicks(contentTime);
  }

  @Test
  void timingReportsArriveAndTheTvsPresentationIsWithinTheirWindow() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    tv =
        Tv.start(
            TvConfig.builder()
                .webSocketAddress(new InetSocketAddress(loopback, 0))
                .wallClockAddress(new InetSocketAddress(loopback, 0))
                .build());
    companion =
        new Companion(
            CompanionConfig.builder()
                .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2.0))
                .build());
    companion.start(URI.create(tv.ciiUrl()), Timeline.PTS.selector());
    SimulatedPlayer player =
        new SimulatedPlayer(TimeSource.system(), SimulatedPlayer.Config.defaults());
    PlayerSynchroniser sync =
        PlayerSynchroniser.forCompanion(
            companion, player, SyncConfig.builder().reportIntervalSeconds(0.2).build());
    ticking = sync.start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                sync.report().state() == PlayerSynchroniser.State.HOLDING
                    && sync.report().reportsSent() > 0);
    long since = System.nanoTime();
    Clock tvTimeline = tv.model().timelineClock(Timeline.PTS);
    await()
        .atMost(WAIT)
        .until(() -> tv.model().timingReports().stream().anyMatch(r -> r.receivedAt() > since));
    List<TsServerCore.TimingReport> reports = tv.model().timingReports();
    assertThat(reports).hasSize(1);
    TsServerCore.TimingReport report = reports.get(0);
    assertThat(report.setup().timelineSelector()).isEqualTo(Timeline.PTS.selector());
    AptEptLpt t = report.timestamps();
    Timestamp actual = t.actual().value();
    // where the companion says its player presented that content, the TV presented it too
    double tvAt = tvPresents(tvTimeline, actual.contentTime());
    assertThat(Math.abs(actual.wallClockTime() - tvAt) / 1e9).isLessThan(0.050);
    // the window: the TV's presentation of the earliest's and latest's content lies inside it
    assertThat((double) t.earliest().wallClockTime())
        .isLessThanOrEqualTo(tvPresents(tvTimeline, t.earliest().contentTime()));
    assertThat((double) t.latest().wallClockTime())
        .isGreaterThanOrEqualTo(tvPresents(tvTimeline, t.latest().contentTime()));
    assertThat(t.latest().wallClockTime() - t.earliest().wallClockTime())
        .isEqualTo(100_000_000L); // ±5 % over 1 s
    assertThat(companion.sendTimingReport(t)).isTrue();
    ticking.close();
    ticking = null;
    companion.close();
    assertThat(companion.sendTimingReport(t)).isFalse();
  }
}
