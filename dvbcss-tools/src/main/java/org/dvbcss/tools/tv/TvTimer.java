package org.dvbcss.tools.tv;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.scheduler.ScheduledTask;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.tv.TvCommand.Scheduled;
import org.jspecify.annotations.Nullable;

/**
 * The timed part of {@code dvbcss tv}: scripted actions, the demo cycle, the status lines and the
 * end of {@code --duration}, run on a {@link ClockScheduler} watching a clock that ticks in
 * nanoseconds (1e9 ticks per second; the TV's wall clock). All times are nanoseconds since the
 * start reading of that clock.
 *
 * <p>At each turn it ends the run if the duration has passed, then performs the scripted actions
 * that are due (in time order), then the due cycle steps, then prints a status line if one is due,
 * and schedules the next turn at the earliest next due time.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} may be called from any thread; turns run on
 * the scheduler's thread (or the caller of {@link ClockScheduler#runDueTasks()} in manual mode),
 * one at a time. {@code ended} is counted down when the duration ends or {@link #stop()} is called;
 * after that no action or status runs.
 */
final class TvTimer {
  /** What a turn does. Called on the scheduler's thread. */
  interface Target {
    /**
     * Performs one timed action.
     *
     * @param text the action as written
     * @param action the parsed action
     * @param source "script" or "cycle"
     */
    void perform(String text, TvAction action, String source);

    /** Prints one status line. */
    void status();
  }

  private final ClockScheduler scheduler;
  private final Clock clock;
  private final long start;
  private final long end;
  private final List<Scheduled> scripted;
  private final @Nullable List<String> cycle;
  private final long stepNanos;
  private final long statusNanos;
  private final Target target;
  private final CountDownLatch ended;
  private final Object lock = new Object();

  // guarded by lock
  private int nextScripted;
  private long cycleSteps;
  private long nextStatus;
  private @Nullable ScheduledTask pending;

  /**
   * @param scheduler runs the turns; its time source is {@code clock}'s
   * @param clock ticks in nanoseconds
   * @param startNanos the clock reading the run started at, ticks (nanoseconds)
   * @param length how long the run lasts
   * @param scripted scripted actions, in time order, times since the start
   * @param cycle the demo cycle's actions (repeated), or null for none
   * @param stepNanos time between cycle steps, nanoseconds, positive
   * @param statusNanos time between status lines, nanoseconds; 0 for none
   * @param target performs actions and prints status
   * @param ended counted down when the run ends
   */
  TvTimer(
      ClockScheduler scheduler,
      Clock clock,
      long startNanos,
      RunLength length,
      List<Scheduled> scripted,
      @Nullable List<String> cycle,
      long stepNanos,
      long statusNanos,
      Target target,
      CountDownLatch ended) {
    if (clock.tickRate() != 1e9) {
      throw new IllegalArgumentException("the clock must tick in nanoseconds");
    }
    this.scheduler = scheduler;
    this.clock = clock;
    this.start = startNanos;
    this.end = length.endNanos(start);
    this.scripted = List.copyOf(scripted);
    this.cycle = cycle == null || cycle.isEmpty() ? null : List.copyOf(cycle);
    this.stepNanos = Math.max(1, stepNanos);
    this.statusNanos = statusNanos;
    this.nextStatus = statusNanos > 0 ? start + statusNanos : Long.MAX_VALUE;
    this.target = target;
    this.ended = ended;
  }

  /** Schedules the first turn. */
  void start() {
    synchronized (lock) {
      schedule(nextDue());
    }
  }

  /** Ends the run: cancels the next turn and counts {@code ended} down. */
  void stop() {
    synchronized (lock) {
      ended.countDown();
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    }
  }

  private void turn() {
    synchronized (lock) {
      pending = null;
      if (ended.getCount() == 0) {
        return;
      }
      long now = (long) clock.ticks();
      if (now - end >= 0) {
        ended.countDown();
        return;
      }
      while (nextScripted < scripted.size()
          && start + scripted.get(nextScripted).atNanos() <= now
          && ended.getCount() > 0) {
        Scheduled s = scripted.get(nextScripted++);
        target.perform(s.text(), s.action(), "script");
      }
      List<String> steps = cycle;
      while (steps != null && start + (cycleSteps + 1) * stepNanos <= now && ended.getCount() > 0) {
        String text = steps.get((int) (cycleSteps++ % steps.size()));
        target.perform(text, TvAction.parse(text), "cycle");
      }
      if (ended.getCount() == 0) {
        return;
      }
      if (now >= nextStatus) {
        target.status();
        while (nextStatus <= now) {
          nextStatus += statusNanos;
        }
      }
      schedule(nextDue());
    }
  }

  /** The earliest time something is due. Holds {@link #lock}. */
  private long nextDue() {
    long next = Math.min(end, nextStatus);
    if (nextScripted < scripted.size()) {
      next = Math.min(next, start + scripted.get(nextScripted).atNanos());
    }
    if (cycle != null) {
      next = Math.min(next, start + (cycleSteps + 1) * stepNanos);
    }
    return next;
  }

  /** Schedules the next turn, unless nothing will ever be due. Holds {@link #lock}. */
  private void schedule(long at) {
    if (at == Long.MAX_VALUE || ended.getCount() == 0) {
      return;
    }
    pending = scheduler.runAt(clock, at, this::turn);
  }
}
