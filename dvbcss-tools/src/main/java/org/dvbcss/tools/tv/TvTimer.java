package org.dvbcss.tools.tv;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.TimedLoop;
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
 * and asks for the next turn at the earliest next due time. The turns run on a {@link TimedLoop}.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} may be called from any thread; turns run on
 * the scheduler's thread (or the caller of {@link ClockScheduler#runDueTasks()} in manual mode),
 * one at a time. {@code ended} is counted down when the duration ends or {@link #stop()} is called;
 * after that no action or status runs.
 */
final class TvTimer implements TimedLoop.Turn {
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
  private final RunLength length;
  private final List<Scheduled> scripted;
  private final @Nullable List<String> cycle;
  private final long stepNanos;
  private final long statusNanos;
  private final Target target;
  private final CountDownLatch ended;

  // only touched by turns, which the loop runs one at a time
  private int nextScripted;
  private long cycleSteps;
  private long nextStatus; // nanoseconds since the start
  private volatile @Nullable TimedLoop loop;

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
   * @throws IllegalArgumentException if the clock does not tick in nanoseconds
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
    TimedLoop.requireNanosecondTicks(clock);
    this.scheduler = scheduler;
    this.clock = clock;
    this.start = startNanos;
    this.length = length;
    this.scripted = List.copyOf(scripted);
    this.cycle = cycle == null || cycle.isEmpty() ? null : List.copyOf(cycle);
    this.stepNanos = Math.max(1, stepNanos);
    this.statusNanos = statusNanos;
    this.nextStatus = statusNanos > 0 ? statusNanos : Long.MAX_VALUE;
    this.target = target;
    this.ended = ended;
  }

  /** Starts the turns: the first one catches up with whatever is already due. */
  void start() {
    loop = TimedLoop.startAt(scheduler, clock, start, length, this, ended);
  }

  /** Ends the run: cancels the next turn and counts {@code ended} down. */
  void stop() {
    TimedLoop running = loop;
    if (running != null) {
      running.stop();
    } else {
      ended.countDown();
    }
  }

  @Override
  public long act(long now) {
    while (nextScripted < scripted.size()
        && scripted.get(nextScripted).atNanos() <= now
        && ended.getCount() > 0) {
      Scheduled s = scripted.get(nextScripted++);
      target.perform(s.text(), s.action(), "script");
    }
    List<String> steps = cycle;
    while (steps != null && (cycleSteps + 1) * stepNanos <= now && ended.getCount() > 0) {
      String text = steps.get((int) (cycleSteps++ % steps.size()));
      target.perform(text, TvAction.parse(text), "cycle");
    }
    if (ended.getCount() == 0) {
      return Long.MAX_VALUE;
    }
    if (now >= nextStatus) {
      target.status();
      while (nextStatus <= now) {
        nextStatus += statusNanos;
      }
    }
    return nextDue();
  }

  /** The earliest time since the start that something is due; {@link Long#MAX_VALUE} for never. */
  private long nextDue() {
    long next = nextStatus;
    if (nextScripted < scripted.size()) {
      next = Math.min(next, scripted.get(nextScripted).atNanos());
    }
    if (cycle != null) {
      next = Math.min(next, (cycleSteps + 1) * stepNanos);
    }
    return next;
  }
}
