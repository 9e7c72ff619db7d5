package org.dvbcss.tv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.scheduler.ClockScheduler;
import org.junit.jupiter.api.Test;

class StatusFeedTest {
  private final AtomicInteger snapshots = new AtomicInteger();
  private final List<StatusCommand> applied = new ArrayList<>();
  private final List<FakeSession.Sent> log = new ArrayList<>();
  private final StatusFeed feed =
      new StatusFeed(
          () -> "{\"type\":\"status\",\"n\":" + snapshots.incrementAndGet() + "}",
          command -> {
            if (command.kind() == StatusCommand.Kind.SPEED && command.number() > 100) {
              throw new IllegalArgumentException("too fast");
            }
            applied.add(command);
          });

  private FakeSession open() {
    return FakeSession.open(feed, StatusFeed.PATH, new InetSocketAddress("127.0.0.1", 7681), log);
  }

  @Test
  void sendsASnapshotOnConnectAndToEveryPageAfterAControl() {
    feed.pushAll(); // no pages: nothing made
    assertThat(snapshots).hasValue(0);
    FakeSession a = open();
    FakeSession b = open();
    assertThat(a.sent()).containsExactly("{\"type\":\"status\",\"n\":1}");
    feed.onText(a, "{\"command\":\"pause\"}");
    assertThat(applied).extracting(StatusCommand::kind).containsExactly(StatusCommand.Kind.PAUSE);
    assertThat(a.last()).isEqualTo("{\"type\":\"status\",\"n\":3}");
    assertThat(b.last()).isEqualTo("{\"type\":\"status\",\"n\":3}");
    assertThat(feed.sessionCount()).isEqualTo(2);
    feed.onClose(b, 1000, "");
    assertThat(feed.sessionCount()).isEqualTo(1);
  }

  @Test
  void badCommandsAreAnsweredAndCountedAndOtherPagesHearNothing() {
    FakeSession a = open();
    FakeSession b = open();
    feed.onText(a, "nonsense");
    feed.onText(a, "{\"command\":\"speed\",\"speed\":1000}");
    assertThat(a.sent().subList(1, 3))
        .containsExactly(
            "{\"type\":\"error\",\"message\":\"not JSON\"}",
            "{\"type\":\"error\",\"message\":\"too fast\"}");
    assertThat(b.sent()).hasSize(1);
    assertThat(a.closeCode()).isEqualTo(-1);
    assertThat(feed.badCommands()).isEqualTo(2);
    assertThat(applied).isEmpty();
  }

  @Test
  void aSlowPageGetsTheLatestSnapshotOnceWritableNotAQueue() {
    FakeSession slow = open();
    FakeSession fast = open();
    slow.writable(false);
    feed.pushAll();
    feed.pushAll();
    feed.pushAll();
    assertThat(slow.sent()).hasSize(1);
    assertThat(fast.sent()).hasSize(4);
    slow.writable(true);
    feed.onWritable(slow);
    assertThat(slow.sent()).hasSize(2);
    assertThat(slow.last()).isEqualTo("{\"type\":\"status\",\"n\":" + snapshots.get() + "}");
    feed.onWritable(slow); // nothing pending
    feed.onWritable(fast);
    assertThat(slow.sent()).hasSize(2);
    assertThat(fast.sent()).hasSize(4);
  }

  @Test
  void pushesEveryIntervalOnTheSchedulerUntilItCloses() {
    ManualTimeSource time = new ManualTimeSource();
    Clock clock = SysClock.builder().timeSource(time).build();
    ClockScheduler scheduler = ClockScheduler.manual(time);
    FakeSession page = open();
    feed.schedule(scheduler, clock);
    time.advance(StatusFeed.INTERVAL_NANOS - 1);
    scheduler.runDueTasks();
    assertThat(page.sent()).hasSize(1);
    time.advance(1);
    scheduler.runDueTasks();
    assertThat(page.sent()).hasSize(2);
    time.advance(StatusFeed.INTERVAL_NANOS);
    scheduler.runDueTasks();
    assertThat(page.sent()).hasSize(3);
    scheduler.close();
    feed.schedule(scheduler, clock); // closed: does nothing
    assertThat(page.sent()).hasSize(3);
  }
}
