package org.dvbcss.companion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.net.testing.MinimalTv;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ReadMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The companion against a minimal TV written in the test (hand-written CII and TS text and a real
 * wall clock server, on loopback): it follows a TV that sends every tolerated deviation at once,
 * says each kind once, and its timeline is within its error bound; strictly, it rejects them.
 */
class CompanionToleranceTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Backoff FAST =
      Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2.0);

  private MinimalTv tv;
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

  private void follow(boolean deviant, Companion c) throws Exception {
    tv = MinimalTv.start(deviant);
    companion = c;
    companion.addListener(rec);
    companion.start(tv.ciiUrl(), null);
  }

  private void awaitFollowing() {
    await().atMost(WAIT).until(() -> Recording.within(companion, tv.pts));
  }

  @Test
  void followsATvSendingEveryDeviationAndSaysEachKindOnce() throws Exception {
    follow(true, new Companion(CompanionConfig.builder().backoff(FAST).build()));
    awaitFollowing();

    // more of the same: the whole CII state again, "unavailable" and the timeline again
    tv.resendCii();
    tv.sendUnavailable();
    await().atMost(WAIT).until(() -> !companion.isTimelineAvailable());
    tv.sendControlTimestamp();
    awaitFollowing();
    await()
        .atMost(WAIT)
        .until(
            () ->
                companion.deviations().getOrDefault(Deviation.TS_INTEGER_AS_NUMBER, 0L) == 2
                    && companion.deviations().getOrDefault(Deviation.CII_UNKNOWN_PROPERTY, 0L)
                        == 2);

    assertThat(companion.readMode()).isEqualTo(ReadMode.TOLERANT);
    assertThat(rec.deviations).containsExactlyInAnyOrder(Deviation.values());
    assertThat(companion.deviations())
        .isEqualTo(
            Map.of(
                Deviation.CII_PRESENTATION_STATUS_ARRAY, 2L,
                Deviation.CII_INVALID_OPTIONAL_PROPERTY, 2L,
                Deviation.CII_UNKNOWN_PROPERTY, 2L,
                Deviation.TS_INTEGER_AS_NUMBER, 2L,
                Deviation.TS_UNAVAILABLE_WITHOUT_CONTENT_TIME, 2L,
                Deviation.TS_UNAVAILABLE_WITHOUT_WALL_CLOCK_TIME, 2L));
    assertThat(rec.warnings("TV deviates from the spec: "))
        .containsExactlyInAnyOrderElementsOf(
            EnumSet.allOf(Deviation.class).stream()
                .map(d -> "TV deviates from the spec: " + d.description() + " (accepted)")
                .toList());
    assertThat(rec.rejected).isEmpty();
    assertThat(companion.rejectedMessages()).isEmpty();
    Companion.Status s = companion.status();
    assertThat(s.presentationStatus()).isEqualTo("okay");
    assertThat(s.contentId()).isEqualTo(MinimalTv.CONTENT_ID);
    assertThat(s.timelineSelector()).isEqualTo(MinimalTv.PTS);
  }

  @Test
  void aTvThatFollowsTheSpecGivesNoDeviationWarning() throws Exception {
    follow(false, new Companion(CompanionConfig.builder().backoff(FAST).build()));
    awaitFollowing();
    tv.resendCii();
    tv.sendUnavailable();
    await().atMost(WAIT).until(() -> !companion.isTimelineAvailable());
    tv.sendControlTimestamp();
    awaitFollowing();

    assertThat(rec.deviations).isEmpty();
    assertThat(companion.deviations()).isEmpty();
    assertThat(rec.warnings()).isEmpty();
    assertThat(rec.rejected).isEmpty();
  }

  @Test
  void strictlyTheDeviatingCiiStateIsRejectedAndNothingFollowed() throws Exception {
    follow(
        true,
        new Companion(CompanionConfig.builder().backoff(FAST).readMode(ReadMode.STRICT).build()));
    await().atMost(WAIT).until(() -> !rec.rejected.isEmpty());

    assertThat(companion.readMode()).isEqualTo(ReadMode.STRICT);
    assertThat(rec.rejected.get(0)).startsWith("CSS-CII: ").contains("presentationStatus");
    assertThat(companion.rejectedMessages()).isEqualTo(Map.of(Companion.CII, 1L));
    assertThat(rec.warnings())
        .singleElement()
        .asString()
        .startsWith("TV sent an invalid CSS-CII message (rejected): ")
        .contains("presentationStatus");
    assertThat(companion.hasConnected()).isTrue();
    assertThat(companion.target()).isNull();
    assertThat(companion.isTimelineAvailable()).isFalse();
    assertThat(companion.deviations()).isEmpty();
    assertThat(rec.deviations).isEmpty();
  }

  @Test
  void rejectedMessagesAreWarnedOfAtMostOnceASecondOnTheCompanionsClock() throws Exception {
    ManualTimeSource warningTime = new ManualTimeSource(1_000_000_000L);
    follow(false, new Companion(CompanionConfig.builder().backoff(FAST).build(), warningTime));
    awaitFollowing();
    String fraction = "{\"contentTime\":1.5,\"wallClockTime\":\"1\",\"timelineSpeedMultiplier\":1}";
    for (int i = 0; i < 5; i++) {
      tv.sendTs(fraction);
    }
    await().atMost(WAIT).until(() -> rec.rejected.size() == 5);
    assertThat(rec.warnings()).hasSize(1);
    assertThat(rec.warnings().get(0))
        .startsWith("TV sent an invalid CSS-TS message (rejected): ")
        .contains("contentTime");

    warningTime.advanceSeconds(1);
    tv.sendTs(fraction);
    await().atMost(WAIT).until(() -> rec.rejected.size() == 6);
    assertThat(rec.warnings()).hasSize(2);
    assertThat(rec.warnings().get(1)).endsWith(" (4 more rejected before this, not shown)");
    assertThat(companion.rejectedMessages()).isEqualTo(Map.of(Companion.TS, 6L));
    assertThat(rec.rejected).allMatch(r -> r.startsWith("CSS-TS: "));
    // the rejected messages changed nothing
    awaitFollowing();
    assertThat(companion.timelineClock().speed()).isEqualTo(1.0);
  }
}
