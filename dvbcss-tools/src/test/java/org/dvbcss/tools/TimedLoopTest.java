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

/** {@link TimedLoop} on a manual scheduler and a manual time source: no sleeping. */
class TimedLoopTest {
  private static final long S = 1_000_000_000L;

  private final ManualTimeSource source = new ManualTimeSource(5 * S);
  private final SysClock clock = SysClock.builder().timeSource(source).build();
  private final ClockScheduler scheduler = ClockScheduler.manual(source);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final List<Long> turns = new ArrayList<>();

  private long everyTwoSeconds(long elapsed) {
    turns.add(elapsed);
    return elapsed + 2 * S;
  }

  @Test
  void turnsComeWhenAskedUntilTheRunLengthHasPassed() {
    TimedLoop.start(scheduler, clock, RunLength.ofSeconds(5), this::everyTwoSeconds, ended);
    scheduler.runDueTasks();
    assertThat(turns).containsExactly(0L);
    for (int i = 0; i < 10; i++) {
      source.advance(S / 2);
      scheduler.runDueTasks();
    }
    assertThat(turns).containsExactly(0L, 2 * S, 4 * S);
    assertThat(ended.getCount()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void foreverRunsUntilStopped() {
    TimedLoop loop =
        TimedLoop.start(scheduler, clock, RunLength.FOREVER, this::everyTwoSeconds, ended);
    for (int i = 0; i < 4; i++) {
      scheduler.runDueTasks();
      source.advance(S);
    }
    assertThat(turns).containsExactly(0L, 2 * S);
    loop.stop();
    assertThat(ended.getCount()).isZero();
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void countingTheLatchDownElsewhereStopsAtTheNextTurn() {
    TimedLoop.start(scheduler, clock, RunLength.FOREVER, this::everyTwoSeconds, ended);
    scheduler.runDueTasks();
    ended.countDown();
    source.advance(3 * S);
    scheduler.runDueTasks();
    assertThat(turns).containsExactly(0L);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void aClockNotInNanosecondsIsRejected() {
    SysClock millis = SysClock.builder().timeSource(source).tickRate(1000).build();
    assertThatThrownBy(
            () -> TimedLoop.start(scheduler, millis, RunLength.FOREVER, e -> e + S, ended))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pollingChecksEveryPeriodAndEndsWhenTheConditionHolds() {
    List<Long> checks = new ArrayList<>();
    TimedLoop loop =
        TimedLoop.startPolling(
            scheduler,
            clock,
            S,
            RunLength.ofSeconds(3600),
            () -> {
              checks.add(source.nanoTime() - 5 * S);
              return checks.size() == 3;
            });
    for (int i = 0; i < 10; i++) {
      scheduler.runDueTasks();
      source.advance(S / 2);
    }
    assertThat(checks).containsExactly(0L, S, 2 * S);
    assertThat(loop.hasEnded()).isTrue();
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void pollingGivesUpAtTheEndOfItsLength() {
    TimedLoop loop =
        TimedLoop.startPolling(scheduler, clock, S, RunLength.ofSeconds(2), () -> false);
    scheduler.runDueTasks();
    source.advance(S);
    scheduler.runDueTasks();
    assertThat(loop.hasEnded()).isFalse();
    source.advance(S);
    scheduler.runDueTasks();
    assertThat(loop.hasEnded()).isTrue();
  }

  @Test
  void pollingRefusesANonPositivePeriod() {
    assertThatThrownBy(
            () -> TimedLoop.startPolling(scheduler, clock, 0, RunLength.FOREVER, () -> true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
