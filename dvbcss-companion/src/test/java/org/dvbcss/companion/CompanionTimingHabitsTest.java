package org.dvbcss.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.dvbcss.clock.Correlation;
import org.dvbcss.net.testing.MinimalTv;
import org.dvbcss.net.testing.RawWebSocketServer;
import org.dvbcss.net.ts.TsClockController;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.cii.CiiProperty;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.TsClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The companion against the timing habits of TVs that exist, on loopback: control timestamps only
 * every few seconds (so a pause is reported late), the whole CII state resent, upgrades refused by
 * closing the TCP connection, and connections dropped without a WebSocket close.
 */
class CompanionTimingHabitsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2.0);

  private MinimalTv tv;
  private RawWebSocketServer raw;
  private final Companion companion =
      new Companion(CompanionConfig.builder().backoff(FAST).build());
  private final Recording rec = new Recording();

  @AfterEach
  void stop() {
    companion.close();
    if (raw != null) {
      raw.close();
    }
    if (tv != null) {
      tv.close();
    }
    rec.close();
  }

  private void awaitFollowing() {
    await().atMost(WAIT).until(() -> Recording.within(companion, tv.pts));
  }

  @Test
  void aPauseReportedLateMakesAMeasuredJumpAndAddsNothingToTheBound() throws Exception {
    tv = MinimalTv.start(true);
    companion.addListener(rec);
    companion.start(tv.ciiUrl(), null);
    awaitFollowing();
    assertThat(companion.timelineJumps())
        .as("the first correlation is not a jump")
        .isEqualTo(TsClockController.Jumps.NONE);
    Correlation terms = companion.timelineClock().correlation();

    // the TV paused 2 s ago (frozen where it was then) and says so only now, as a TV that sends
    // a control timestamp every few seconds does; until now the companion ran on
    tv.pts.setSpeed(0);
    tv.pts.adjustTicks(-2 * 90_000);
    tv.sendControlTimestamp();
    await().atMost(WAIT).until(() -> companion.status().speed() == 0);

    TsClockController.Jumps jumps = companion.timelineJumps();
    assertThat(jumps.count()).isEqualTo(1);
    // 2 s, and the time the message took to arrive (the companion ran on meanwhile too)
    assertThat(jumps.lastSeconds()).isBetween(1.995, 2.5);
    assertThat(jumps.largestSeconds()).isEqualTo(jumps.lastSeconds());
    // lateness added nothing to the bound's terms: the control timestamp's own error is what any
    // one at speed 0 carries (speed 1 before), and the companion is back within it
    Correlation now = companion.timelineClock().correlation();
    assertThat(terms.initialError())
        .isEqualTo(TsClientConfig.DEFAULT.timestampErrorSeconds(90_000, 1.0));
    assertThat(now.initialError())
        .isEqualTo(TsClientConfig.DEFAULT.timestampErrorSeconds(90_000, 0.0));
    assertThat(now.errorGrowthRate()).isEqualTo(terms.errorGrowthRate()).isZero();
    awaitFollowing();

    // resumed, and reported promptly: a jump of almost nothing
    tv.pts.setSpeed(1);
    tv.sendControlTimestamp();
    await().atMost(WAIT).until(() -> companion.timelineJumps().count() == 2);
    assertThat(companion.timelineJumps().lastSeconds()).isLessThan(0.5);
    assertThat(companion.timelineJumps().largestSeconds()).isEqualTo(jumps.largestSeconds());
    awaitFollowing();
  }

  @Test
  void theWholeCiiStateResentChangesNothing() throws Exception {
    tv = MinimalTv.start(true);
    companion.addListener(rec);
    companion.start(tv.ciiUrl(), null);
    awaitFollowing();
    int changes = rec.ciiChanges.size();

    for (int i = 0; i < 5; i++) {
      tv.resendCii();
    }
    // a real change after the resends: once it is seen, so were they (one connection, in order)
    tv.sendCii(
        tv.ciiText(tv.tsUrl())
            .replace("[\"okay\"]", "[\"okay\",\"fault\"]")
            .replace("\"okay\"", "\"okay\""));
    await().atMost(WAIT).until(() -> rec.ciiChanges.contains(CiiProperty.PRESENTATION_STATUS));

    assertThat(rec.ciiChanges.subList(changes, rec.ciiChanges.size()))
        .containsExactly(CiiProperty.PRESENTATION_STATUS);
    assertThat(companion.presentationStatus()).isEqualTo("okay fault");
    assertThat(rec.following).hasSize(1);
    assertThat(tv.setups()).hasSize(1);
    assertThat(rec.ts).containsExactly("connected");
    awaitFollowing();
  }

  @Test
  void refusedUpgradesAndConnectionsDroppedWithoutACloseAreRecoveredFrom() throws Exception {
    tv = MinimalTv.start(true); // the wall clock and the messages; the raw server serves them
    raw = RawWebSocketServer.start();
    raw.refuseNext("/cii", 2); // closed with no HTTP status at all
    companion.addListener(rec);
    companion.start(raw.url("/cii"), null);

    RawWebSocketServer.Connection cii = raw.next("/cii");
    assertThat(raw.refused()).isEqualTo(2);
    cii.sendText(tv.ciiText(raw.url("/ts")));
    RawWebSocketServer.Connection ts = raw.next("/ts");
    assertThat(SetupData.decode(ts.readText()).timelineSelector()).isEqualTo(MinimalTv.PTS);
    ts.sendText(tv.controlTimestampText());
    awaitFollowing();

    // the TS connection ends with a FIN and no close frame: unavailable, then reconnected
    ts.drop();
    await().atMost(WAIT).until(() -> !companion.isTimelineAvailable());
    ts = raw.next("/ts");
    assertThat(ts.readText()).isNotNull();
    ts.sendText(tv.controlTimestampText());
    awaitFollowing();

    // the CII connection is reset (RST): reconnected; TS, still up, is left alone
    cii.reset();
    cii = raw.next("/cii");
    cii.sendText(tv.ciiText(raw.url("/ts")));
    await().atMost(WAIT).until(() -> rec.cii.size() == 3);
    assertThat(rec.cii).containsExactly("connected", "disconnected 1006", "connected");
    await().atMost(WAIT).until(companion::isCiiConnected);
    awaitFollowing();
    assertThat(rec.following).hasSize(1);
    assertThat(rec.ts).containsExactly("connected", "disconnected 1006", "connected");
  }
}
