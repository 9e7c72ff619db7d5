package org.dvbcss.net.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.testing.RecordingSession;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.FixedTimelineSource;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.ts.Timestamp;
import org.dvbcss.scheduler.ClockScheduler;
import org.junit.jupiter.api.Test;

/** The TS endpoint's options, driven by hand through sessions with no socket. */
class TsServerOptionsTest {
  private static final String PTS = "urn:dvb:css:timeline:pts";
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 7681);
  private static final ControlTimestamp CT = ControlTimestamp.available(900, 5_000, 1.0);

  private final SysClock wall =
      SysClock.builder().timeSource(new ManualTimeSource(1_000_000_000L)).build();

  private static RecordingSession follow(TsServer ts, String stem) {
    RecordingSession s = RecordingSession.open(ts, TsServer.PATH, LOCAL);
    ts.onText(s, new SetupData(stem, PTS).encode());
    return s;
  }

  @Test
  void theDefaultsMatchStemsAndSendTheCoresText() {
    TsServer ts = new TsServer(wall, "dvb://1.2", TsServer.Options.DEFAULT);
    ts.attach(new FixedTimelineSource(PTS, CT));
    assertThat(follow(ts, "dvb://1").last()).isEqualTo(CT.encode());
    assertThat(ControlTimestamp.decode(follow(ts, "dvb://9").last()).isAvailable()).isFalse();
  }

  @Test
  void withoutStemMatchingAnyStemIsServedAndTheHookRewritesOncePerText() {
    TsServer ts =
        new TsServer(
            wall,
            "dvb://1.2",
            TsServer.Options.DEFAULT
                .withMatchStems(false)
                .withOutgoingText(text -> text.replace("\"", "'")));
    ts.attach(new FixedTimelineSource(PTS, CT));
    RecordingSession elsewhere = follow(ts, "dvb://somewhere.else");
    RecordingSession any = follow(ts, "");
    assertThat(elsewhere.last()).isEqualTo(CT.encode().replace("\"", "'"));
    assertThat(any.last()).as("rewritten once for both").isSameAs(elsewhere.last());
    ts.setContentId(null);
    assertThat(elsewhere.last()).startsWith("{'contentTime':null,");
  }

  @Test
  void aDelayedFirstTimestampIsTheCurrentOneWhenDueAndLaterChangesGoAtOnce() {
    ManualTimeSource time = new ManualTimeSource(1_000_000_000L);
    SysClock clock = SysClock.builder().timeSource(time).build();
    ClockScheduler scheduler = ClockScheduler.manual(time);
    TsServer ts =
        new TsServer(
            clock,
            "dvb://1.2",
            TsServer.Options.DEFAULT.withFirstTimestampDelay(Duration.ofSeconds(3), scheduler));
    FixedTimelineSource source = new FixedTimelineSource(PTS, CT);
    ts.attach(source);
    RecordingSession s = RecordingSession.open(ts, TsServer.PATH, LOCAL);
    time.advanceSeconds(10);
    scheduler.runDueTasks();
    assertThat(s.sent()).as("not set up: nothing scheduled").isEmpty();
    ts.onText(s, new SetupData("", PTS).encode());
    assertThat(s.sent()).as("held back").isEmpty();
    time.advanceSeconds(2.9);
    scheduler.runDueTasks();
    assertThat(s.sent()).isEmpty();
    ControlTimestamp moved = ControlTimestamp.available(1800, 6_000, 1.0);
    source.set(moved);
    time.advanceSeconds(0.1);
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
    assertThat(s.sent()).containsExactly(moved.encode());
    ts.setContentId(null);
    assertThat(ControlTimestamp.decode(s.last()).isAvailable()).as("at once").isFalse();
  }

  @Test
  void closingOnPresentationTimestampsIsOffByDefault() {
    String report =
        new AptEptLpt(Presence.absent(), Timestamp.minusInfinity(0), Timestamp.plusInfinity(0))
            .encode();
    TsServer plain = new TsServer(wall, "dvb://1.2");
    plain.attach(new FixedTimelineSource(PTS, CT));
    RecordingSession kept = follow(plain, "");
    plain.onText(kept, report);
    assertThat(kept.isOpen()).isTrue();
    assertThat(plain.timingReports()).hasSize(1);

    TsServer closing =
        new TsServer(
            wall, "dvb://1.2", TsServer.Options.DEFAULT.withCloseOnPresentationTimestamps(true));
    closing.attach(new FixedTimelineSource(PTS, CT));
    RecordingSession closed = follow(closing, "");
    closing.onText(closed, "{\"nonsense\":1}");
    assertThat(closed.isOpen()).as("an invalid message is not a report").isTrue();
    closing.onText(closed, report);
    assertThat(closed.isOpen()).isFalse();
    assertThat(TsServer.CLOSED_ON_TIMESTAMPS).isEqualTo(1008);
  }

  @Test
  void aPositiveDelayNeedsASchedulerOnTheWallClocksTimeSource() {
    assertThatThrownBy(
            () -> TsServer.Options.DEFAULT.withFirstTimestampDelay(Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduler");
    TsServer.Options elsewhere =
        TsServer.Options.DEFAULT.withFirstTimestampDelay(
            Duration.ofSeconds(1), ClockScheduler.manual(new ManualTimeSource()));
    assertThatThrownBy(() -> new TsServer(wall, "dvb://1", elsewhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time source");
    assertThat(TsServer.Options.DEFAULT.firstTimestampDelay()).isZero();
    assertThat(TsServer.Options.DEFAULT.closeOnPresentationTimestamps()).isFalse();
  }
}
