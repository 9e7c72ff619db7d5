package org.dvbcss.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The threaded scheduler and the blocking calls. Time is still driven by hand; outcomes on other
 * threads are awaited with a bounded Awaitility wait, never by sleeping.
 */
class ClockSchedulerThreadTest {
  private static final long MS = 1_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final ManualTimeSource time = new ManualTimeSource();
  private final SysClock root = SysClock.builder().timeSource(time).precision(1e-6).build();
  private final CorrelatedClock clock = new CorrelatedClock(root, 1000); // 1 tick per ms
  private final ClockScheduler scheduler = ClockScheduler.start(time);

  @AfterEach
  void close() {
    scheduler.close();
  }

  /** A sleeper on its own thread; completes with null, or with the exception it threw. */
  private CompletableFuture<Throwable> sleeper(Sleep sleep) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                sleep.run();
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "sleeper");
    t.setDaemon(true);
    t.start();
    return outcome;
  }

  /** A bounded wait that polls often, so the tests stay quick. */
  private static ConditionFactory awaitBounded() {
    return await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }

  /** Makes sure the scheduler thread has handled every time up to now, by running a marker. */
  private void awaitSchedulerCaughtUp() {
    ScheduledTask marker = scheduler.runAt(clock, clock.ticks(), () -> {});
    awaitBounded().until(marker::isDone);
  }

  @Test
  void runsTasksOnItsOwnDaemonThreadWhenTheSourceAdvances() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ScheduledTask task = scheduler.runAt(clock, 100, () -> ranOn.set(Thread.currentThread()));
    time.set(99 * MS);
    awaitSchedulerCaughtUp();
    assertThat(task.isDone()).isFalse();

    time.set(100 * MS);
    awaitBounded().until(task::isDone);
    assertThat(ranOn.get().getName()).isEqualTo(ClockScheduler.THREAD_NAME);
    assertThat(ranOn.get().isDaemon()).isTrue();
  }

  @Test
  void wakesForAClockChange() {
    ScheduledTask task = scheduler.runAt(clock, 100, () -> {});
    time.set(50 * MS);
    awaitSchedulerCaughtUp();
    assertThat(task.isDone()).isFalse();
    clock.setSpeed(2); // tick 100 was at 50 ms: now due
    awaitBounded().until(task::isDone);
  }

  @Test
  void sleepUntilBlocksUntilTheClockGetsThere() {
    CompletableFuture<Throwable> outcome = sleeper(() -> scheduler.sleepUntil(clock, 100));
    awaitBounded().until(() -> scheduler.pendingCount() == 1);
    time.set(99 * MS);
    awaitSchedulerCaughtUp();
    assertThat(outcome).isNotDone();

    time.set(100 * MS);
    awaitBounded().until(outcome::isDone);
    assertThat(outcome.join()).isNull();
  }

  @Test
  void sleepForReallyWaits() {
    time.set(10 * MS);
    CompletableFuture<Throwable> outcome = sleeper(() -> scheduler.sleepFor(clock, 50));
    awaitBounded().until(() -> scheduler.pendingCount() == 1);
    time.set(59 * MS);
    awaitSchedulerCaughtUp();
    assertThat(outcome).isNotDone();

    time.set(60 * MS);
    awaitBounded().until(outcome::isDone);
    assertThat(outcome.join()).isNull();
  }

  @Test
  void interruptingASleeperCancelsItsWait() {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<Throwable> outcome =
        sleeper(
            () -> {
              thread.set(Thread.currentThread());
              scheduler.sleepUntil(clock, 100);
            });
    awaitBounded().until(() -> scheduler.pendingCount() == 1);
    thread.get().interrupt();
    awaitBounded().until(outcome::isDone);
    assertThat(outcome.join()).isInstanceOf(InterruptedException.class);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void closeWakesSleepersAndCancelsTasks() {
    CompletableFuture<Throwable> outcome = sleeper(() -> scheduler.sleepUntil(clock, 100));
    awaitBounded().until(() -> scheduler.pendingCount() == 1);
    ScheduledTask task = scheduler.runAt(clock, 200, () -> {});

    scheduler.close();
    awaitBounded().until(outcome::isDone);
    assertThat(outcome.join())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("closed");
    assertThat(task.isCancelled()).isTrue();
    assertThatThrownBy(() -> scheduler.sleepUntil(clock, 300))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsTheThread() {
    AtomicReference<Thread> thread = new AtomicReference<>();
    scheduler.runAt(clock, 0, () -> thread.set(Thread.currentThread()));
    awaitBounded().until(() -> thread.get() != null);
    scheduler.close();
    assertThat(thread.get().isAlive()).isFalse();
  }

  @Test
  void aTaskCanCloseTheScheduler() {
    ScheduledTask closer = scheduler.runAt(clock, 10, scheduler::close);
    ScheduledTask later = scheduler.runAt(clock, 20, () -> {});
    time.set(30 * MS);
    awaitBounded().until(closer::isDone);
    awaitBounded().until(later::isDone);
    assertThat(later.isCancelled()).isTrue();
  }

  @Test
  void onlyTheSchedulerThreadRunsTasks() {
    assertThatThrownBy(scheduler::runDueTasks).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sleepingOnTheSchedulerThreadIsRefused() {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    ScheduledTask task =
        scheduler.runAt(
            clock,
            0,
            () -> {
              try {
                scheduler.sleepUntil(clock, 1000);
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    awaitBounded().until(task::isDone);
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aThrowingTaskDoesNotKillTheThread() {
    scheduler.runAt(
        clock,
        0,
        () -> {
          throw new IllegalStateException("boom");
        });
    AtomicBoolean ran = new AtomicBoolean();
    scheduler.runAt(clock, 5, () -> ran.set(true));
    time.set(5 * MS);
    awaitBounded().untilTrue(ran);
    assertThat(scheduler.failedTaskCount()).isEqualTo(1);
  }

  @Test
  void realTimeSourcePastDueTaskRuns() {
    SysClock sys = SysClock.builder().precision(1e-6).build();
    try (ClockScheduler real = ClockScheduler.start(TimeSource.system())) {
      ScheduledTask task = real.runAt(sys, sys.ticks(), () -> {});
      awaitBounded().until(task::isDone);
      assertThat(task.isCancelled()).isFalse();
    }
  }

  /** Something that sleeps. */
  @FunctionalInterface
  private interface Sleep {
    void run() throws InterruptedException;
  }
}
