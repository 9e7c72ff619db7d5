package org.dvbcss.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.scheduler.ClockScheduler;
import org.junit.jupiter.api.Test;

/** {@link StatusTicker} on a manual scheduler and a manual time source: no sleeping. */
class StatusTickerTest {
  private static final long S = 1_000_000_000L;

  private final ManualTimeSource source = new ManualTimeSource(7 * S);
  private final SysClock clock = SysClock.builder().timeSource(source).build();
  private final ClockScheduler scheduler = ClockScheduler.manual(source);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final List<Long> lines = new ArrayList<>();

  private void line() {
    lines.add(source.nanoTime() - 7 * S);
  }

  private void advance(long nanos, int steps) {
    for (int i = 0; i < steps; i++) {
      source.advance(nanos);
      scheduler.runDueTasks();
    }
  }

  @Test
  void aLineEverySecondButNoneAtTheEnd() {
    StatusTicker.start(scheduler, clock, RunLength.ofSeconds(3), S, ended, this::line);
    scheduler.runDueTasks();
    assertThat(lines).isEmpty();
    advance(S / 4, 20);
    assertThat(lines).containsExactly(S, 2 * S);
    assertThat(ended.getCount()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void aLateTurnPrintsOnceAndSkipsTheLinesItMissed() {
    StatusTicker.start(scheduler, clock, RunLength.FOREVER, S, ended, this::line);
    scheduler.runDueTasks();
    advance(3 * S + S / 2, 1);
    assertThat(lines).containsExactly(3 * S + S / 2);
    advance(S / 2, 1);
    assertThat(lines).containsExactly(3 * S + S / 2, 4 * S);
  }

  @Test
  void countingTheLatchDownEndsTheRun() {
    TimedLoop loop = StatusTicker.start(scheduler, clock, RunLength.FOREVER, S, ended, this::line);
    scheduler.runDueTasks();
    advance(S, 2);
    ended.countDown();
    advance(S, 3);
    assertThat(lines).containsExactly(S, 2 * S);
    loop.awaitEnd(); // returns at once
  }

  @Test
  void withoutAStatusItOnlyWaitsForTheEnd() {
    StatusTicker.start(scheduler, clock, RunLength.ofSeconds(2), S, ended, null);
    scheduler.runDueTasks();
    advance(S, 1);
    assertThat(ended.getCount()).isOne();
    advance(S, 1);
    assertThat(ended.getCount()).isZero();
  }

  @Test
  void refusesANonPositivePeriod() {
    assertThatThrownBy(
            () -> StatusTicker.start(scheduler, clock, RunLength.FOREVER, 0, ended, this::line))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
