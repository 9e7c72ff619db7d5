package org.dvbcss.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.ClockListener;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The manual scheduler, driven by a {@link ManualTimeSource}: no threads, no sleeping. */
class ClockSchedulerTest {
  private static final long MS = 1_000_000L;

  private final ManualTimeSource time = new ManualTimeSource();
  private final SysClock root = SysClock.builder().timeSource(time).precision(1e-6).build();

  /** 1000 ticks per second: one tick per millisecond, reading 0 at time 0. */
  private final CorrelatedClock clock = new CorrelatedClock(root, 1000);

  private final ClockScheduler scheduler = ClockScheduler.manual(time);
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void close() {
    scheduler.close();
  }

  private Runnable record(String name) {
    return () -> log.add(name);
  }

  /** Sets the time to {@code ms} and runs the due tasks. */
  private int runAtMillis(double ms) {
    time.set(Math.round(ms * MS));
    return scheduler.runDueTasks();
  }

  @Test
  void firesAtItsTimeAndNotBefore() {
    ScheduledTask task = scheduler.runAt(clock, 100, record("a"));
    assertThat(task.clock()).isSameAs(clock);
    assertThat(task.ticks()).isEqualTo(100.0);
    assertThat(scheduler.pendingCount()).isEqualTo(1);

    time.set(100 * MS - 1);
    assertThat(scheduler.runDueTasks()).isZero();
    assertThat(log).isEmpty();
    assertThat(task.isDone()).isFalse();

    time.set(100 * MS);
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
    assertThat(log).containsExactly("a");
    assertThat(task.isDone()).isTrue();
    assertThat(task.isCancelled()).isFalse();
    assertThat(scheduler.pendingCount()).isZero();
    assertThat(scheduler.runDueTasks()).isZero();
    assertThat(log).containsExactly("a");
  }

  @Test
  void pastDueRunsAtTheNextTurn() {
    time.set(1000 * MS);
    scheduler.runAt(clock, 5, record("past"));
    scheduler.runAt(clock, 1000, record("now"));
    assertThat(scheduler.runDueTasks()).isEqualTo(2);
    assertThat(log).containsExactly("past", "now");
  }

  @Test
  void runsInDueTimeOrderAndTiesInSubmissionOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(42));
    for (int i : order) {
      scheduler.runAt(clock, 10 + i, record("t" + i));
    }
    scheduler.runAt(clock, 20, record("tie-1"));
    scheduler.runAt(clock, 20, record("tie-2"));
    assertThat(runAtMillis(100)).isEqualTo(52);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("t" + i);
      if (i == 10) {
        expected.add("tie-1");
        expected.add("tie-2");
      }
    }
    assertThat(log).containsExactlyElementsOf(expected);
  }

  @Test
  void speedUpMakesTasksEarlier() {
    scheduler.runAt(clock, 100, record("a"));
    runAtMillis(10);
    clock.setSpeed(2); // reads 2 * ms: tick 100 at 50 ms
    assertThat(runAtMillis(49.999999)).isZero();
    assertThat(runAtMillis(50)).isEqualTo(1);
  }

  @Test
  void slowDownMakesTasksLater() {
    scheduler.runAt(clock, 100, record("a"));
    clock.setSpeed(0.5); // tick 100 at 200 ms
    assertThat(runAtMillis(100)).isZero();
    assertThat(runAtMillis(199.999999)).isZero();
    assertThat(runAtMillis(200)).isEqualTo(1);
  }

  @Test
  void correlationChangeMovesTasks() {
    scheduler.runAt(clock, 100, record("a"));
    clock.setCorrelation(new Correlation(20 * MS, 0)); // tick 100 at 120 ms
    assertThat(runAtMillis(119.999999)).isZero();
    assertThat(runAtMillis(120)).isEqualTo(1);
  }

  @Test
  void tickRateChangeMovesTasks() {
    scheduler.runAt(clock, 100, record("a"));
    clock.setTickRate(500); // tick 100 at 200 ms
    assertThat(runAtMillis(199.999999)).isZero();
    assertThat(runAtMillis(200)).isEqualTo(1);
  }

  @Test
  void parentChangeMovesTasks() {
    CorrelatedClock late = new CorrelatedClock(root, 1e9, new Correlation(0, -50 * MS));
    scheduler.runAt(clock, 100, record("a"));
    clock.setParent(late); // reads (ns - 50 ms) / 1 ms: tick 100 at 150 ms
    assertThat(runAtMillis(149.999999)).isZero();
    assertThat(runAtMillis(150)).isEqualTo(1);
  }

  @Test
  void ancestorChangesMoveTasks() {
    CorrelatedClock mid = new CorrelatedClock(root, 1e9);
    CorrelatedClock leaf = new CorrelatedClock(mid, 1000);
    scheduler.runAt(leaf, 100, record("a"));
    scheduler.runAt(leaf, 400, record("b"));

    mid.setSpeed(2); // leaf tick 100 at 50 ms, 400 at 200 ms
    assertThat(runAtMillis(49.999999)).isZero();
    assertThat(runAtMillis(50)).isEqualTo(1);

    CorrelatedClock other = new CorrelatedClock(root, 1e9, new Correlation(0, -100 * MS));
    mid.setParent(other); // mid = 2 * (ns - 100 ms): leaf tick 400 at 300 ms
    assertThat(runAtMillis(299.999999)).isZero();
    assertThat(runAtMillis(300)).isEqualTo(1);
    assertThat(log).containsExactly("a", "b");
  }

  @Test
  void availabilityDoesNotHoldTasksBack() {
    scheduler.runAt(clock, 100, record("a"));
    clock.setAvailability(false);
    assertThat(runAtMillis(100)).isEqualTo(1);
  }

  @Test
  void pauseHoldsTasksUntilResume() {
    TunableClock tunable = new TunableClock(root, 1000, 0);
    scheduler.runAt(tunable, 100, record("later"));
    runAtMillis(10);
    tunable.setSpeed(0); // frozen at tick 10
    scheduler.runAt(tunable, 10, record("frozen-value"));
    scheduler.runAt(tunable, 50, record("held"));
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
    assertThat(log).containsExactly("frozen-value");
    assertThat(runAtMillis(5000)).isZero();
    assertThat(scheduler.pendingCount()).isEqualTo(2);

    tunable.setSpeed(1); // resumes from tick 10 at 5000 ms: 50 at 5040 ms, 100 at 5090 ms
    assertThat(runAtMillis(5039.999999)).isZero();
    assertThat(runAtMillis(5040)).isEqualTo(1);
    assertThat(runAtMillis(5089.999999)).isZero();
    assertThat(runAtMillis(5090)).isEqualTo(1);
    assertThat(log).containsExactly("frozen-value", "held", "later");
  }

  @Test
  void cancelBeforeRunPreventsIt() {
    ScheduledTask task = scheduler.runAt(clock, 100, record("a"));
    assertThat(task.cancel()).isTrue();
    assertThat(task.isCancelled()).isTrue();
    assertThat(task.isDone()).isTrue();
    assertThat(task.cancel()).isFalse();
    assertThat(scheduler.pendingCount()).isZero();
    assertThat(runAtMillis(200)).isZero();
    assertThat(log).isEmpty();
  }

  @Test
  void cancelAfterRunReturnsFalse() {
    ScheduledTask task = scheduler.runAt(clock, 100, record("a"));
    runAtMillis(100);
    assertThat(task.cancel()).isFalse();
    assertThat(task.isCancelled()).isFalse();
    assertThat(task.isDone()).isTrue();
  }

  @Test
  void cancelOfAPausedTaskWorks() {
    clock.setSpeed(0);
    ScheduledTask task = scheduler.runAt(clock, 100, record("a"));
    assertThat(scheduler.pendingCount()).isEqualTo(1);
    assertThat(task.cancel()).isTrue();
    assertThat(scheduler.pendingCount()).isZero();
    clock.setSpeed(1);
    assertThat(runAtMillis(1000)).isZero();
  }

  @Test
  void aTaskCanCancelALaterOneAndScheduleAnother() {
    ScheduledTask victim = scheduler.runAt(clock, 20, record("victim"));
    scheduler.runAt(
        clock,
        10,
        () -> {
          log.add("first");
          assertThat(victim.cancel()).isTrue();
          scheduler.runAt(clock, 15, record("added"));
        });
    assertThat(runAtMillis(100)).isEqualTo(2);
    assertThat(log).containsExactly("first", "added");
  }

  @Test
  void aTaskThatThrowsIsCountedAndTheOthersStillRun() {
    scheduler.runAt(
        clock,
        10,
        () -> {
          throw new IllegalStateException("boom");
        });
    ScheduledTask after = scheduler.runAt(clock, 20, record("after"));
    assertThat(runAtMillis(100)).isEqualTo(2);
    assertThat(scheduler.failedTaskCount()).isEqualTo(1);
    assertThat(log).containsExactly("after");
    assertThat(after.isDone()).isTrue();
  }

  @Test
  void tenThousandTasksRunInOrderAtTheirTimes() {
    int n = 10_000;
    Random random = new Random(7);
    List<Double> ticksRun = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double ticks = random.nextInt(100_000) / 10.0; // 0 .. 10 s in 0.1 ms steps
      scheduler.runAt(
          clock,
          ticks,
          () -> {
            ticksRun.add(ticks);
          });
    }
    assertThat(scheduler.pendingCount()).isEqualTo(n);
    clock.setSpeed(2); // recompute all: everything twice as early
    int total = 0;
    int checked = 0;
    for (int step = 0; step <= 5000; step += 7) {
      total += runAtMillis(step);
      for (; checked < ticksRun.size(); checked++) {
        // ran at this step and not at the previous one: due in (step - 7 ms, step]
        double due = ticksRun.get(checked) / 2 * MS;
        if (due > time.nanoTime() || due <= time.nanoTime() - 7 * MS) {
          throw new AssertionError("task at " + ticksRun.get(checked) + " ran at " + step + " ms");
        }
      }
    }
    total += runAtMillis(5000);
    assertThat(total).isEqualTo(n);
    assertThat(scheduler.pendingCount()).isZero();
    assertThat(ticksRun).isSorted();
  }

  @Test
  void listensToAClockOnlyWhileItHasTasks() {
    CountingClock counted = new CountingClock(root);
    ScheduledTask a = scheduler.runAt(counted, 10, record("a"));
    scheduler.runAt(counted, 20, record("b"));
    assertThat(counted.listeners).isEqualTo(1);

    assertThat(a.cancel()).isTrue();
    assertThat(counted.listeners).isEqualTo(1);
    runAtMillis(20);
    assertThat(counted.listeners).isZero();

    clock.setSpeed(0);
    scheduler.runAt(counted, 100, record("c"));
    assertThat(counted.listeners).isEqualTo(1);
    scheduler.close();
    assertThat(counted.listeners).isZero();
  }

  @Test
  void rejectsAClockOfAnotherTimeSource() {
    SysClock otherRoot =
        SysClock.builder().timeSource(new ManualTimeSource()).precision(1e-6).build();
    CorrelatedClock other = new CorrelatedClock(otherRoot, 1000);
    assertThatThrownBy(() -> scheduler.runAt(other, 1, record("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the scheduler's");
    assertThatThrownBy(() -> scheduler.sleepUntil(other, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void aClockMovedToAnotherTimeSourceHoldsItsTasksUntilItComesBack() {
    SysClock otherRoot =
        SysClock.builder().timeSource(new ManualTimeSource()).precision(1e-6).build();
    scheduler.runAt(clock, 100, record("a"));
    clock.setParent(otherRoot);
    assertThat(runAtMillis(1000)).isZero();
    assertThat(scheduler.pendingCount()).isEqualTo(1);
    clock.setParent(root);
    assertThat(scheduler.runDueTasks()).isEqualTo(1);
  }

  @Test
  void rejectsNaNTicks() {
    assertThatThrownBy(() -> scheduler.runAt(clock, Double.NaN, record("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void closeCancelsPendingTasksAndRejectsNewOnes() {
    ScheduledTask task = scheduler.runAt(clock, 100, record("a"));
    scheduler.close();
    assertThat(task.isCancelled()).isTrue();
    assertThat(task.cancel()).isFalse();
    assertThat(scheduler.pendingCount()).isZero();
    assertThat(runAtMillis(200)).isZero();
    assertThatThrownBy(() -> scheduler.runAt(clock, 300, record("b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    scheduler.close(); // twice is fine
  }

  @Test
  void sleepUntilAPastValueReturnsAtOnceEvenInManualMode() throws InterruptedException {
    runAtMillis(100);
    scheduler.sleepUntil(clock, 50);
    scheduler.sleepFor(clock, 0);
    assertThat(scheduler.pendingCount()).isZero();
  }

  @Test
  void tasksOnSeveralClocksInterleaveByDueTime() {
    CorrelatedClock fast = new CorrelatedClock(root, 2000); // two ticks per ms
    scheduler.runAt(clock, 30, record("slow-30ms"));
    scheduler.runAt(fast, 40, record("fast-20ms"));
    scheduler.runAt(fast, 80, record("fast-40ms"));
    scheduler.runAt(clock, 10, record("slow-10ms"));
    assertThat(runAtMillis(100)).isEqualTo(4);
    assertThat(log).containsExactly("slow-10ms", "fast-20ms", "slow-30ms", "fast-40ms");
  }

  /** A clock that counts the listeners registered on it. */
  private static final class CountingClock extends CorrelatedClock {
    int listeners;

    CountingClock(Clock parent) {
      super(parent, 1000);
    }

    @Override
    public void addListener(ClockListener listener) {
      listeners++;
      super.addListener(listener);
    }

    @Override
    public boolean removeListener(ClockListener listener) {
      boolean removed = super.removeListener(listener);
      if (removed) {
        listeners--;
      }
      return removed;
    }
  }
}
