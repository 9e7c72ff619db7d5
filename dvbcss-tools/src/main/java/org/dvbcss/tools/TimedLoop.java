package org.dvbcss.tools;

import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.dvbcss.clock.Clock;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.scheduler.ScheduledTask;
import org.jspecify.annotations.Nullable;

/**
 * Runs a command's timed behaviour (demo steps, benchmark changes, stats lines) on a {@link
 * ClockScheduler}: a turn does what is due and says when it wants the next one, until the run
 * length has passed or the run is stopped. Times are nanoseconds since the start, read from a clock
 * that ticks in nanoseconds (1e9 ticks per second).
 *
 * <p>Threading: {@link #start} and {@link #stop()} may be called from any thread; turns run on the
 * scheduler's thread (or the caller of {@link ClockScheduler#runDueTasks()} in manual mode), one at
 * a time. No turn starts after the end latch is counted down.
 */
public final class TimedLoop {
  /** One turn of the loop. */
  @FunctionalInterface
  public interface Turn {
    /**
     * Does what is due.
     *
     * @param elapsedNanos nanoseconds since the start
     * @return when the next turn is wanted, nanoseconds since the start
     */
    long act(long elapsedNanos);
  }

  private final ClockScheduler scheduler;
  private final Clock clock;
  private final long start;
  private final long end;
  private final Turn turn;
  private final CountDownLatch ended;
  private final Object lock = new Object();
  private @Nullable ScheduledTask pending; // guarded by lock

  private TimedLoop(
      ClockScheduler scheduler,
      Clock clock,
      long startNanos,
      RunLength length,
      Turn turn,
      CountDownLatch ended) {
    requireNanosecondTicks(clock);
    this.scheduler = scheduler;
    this.clock = clock;
    this.start = startNanos;
    this.end = length.endNanos(start);
    this.turn = turn;
    this.ended = ended;
  }

  /**
   * Checks that a clock ticks in nanoseconds, as the loop's times are.
   *
   * @param clock the clock
   * @throws IllegalArgumentException if its tick rate is not 1e9 ticks per second
   */
  public static void requireNanosecondTicks(Clock clock) {
    if (clock.tickRate() != 1e9) {
      throw new IllegalArgumentException("the clock must tick in nanoseconds");
    }
  }

  /**
   * Runs a loop on a scheduler of its own watching {@code clock}, and blocks the calling thread
   * until it ends: the run length has passed, {@code ended} was counted down, or the calling thread
   * was interrupted (which leaves its interrupt status set).
   *
   * @param clock ticks in nanoseconds; its reading now is the start
   * @param length how long the loop runs
   * @param turn what each turn does; runs on the scheduler's thread
   * @param ended counted down when the run length has passed; counting it down elsewhere (a signal,
   *     say) also ends the run
   * @throws IllegalArgumentException if the clock does not tick in nanoseconds
   */
  public static void run(Clock clock, RunLength length, Turn turn, CountDownLatch ended) {
    try (ClockScheduler scheduler = ClockScheduler.start(clock.timeSource())) {
      start(scheduler, clock, length, turn, ended).awaitEnd();
    }
  }

  /**
   * Starts a loop whose first turn is now (at the scheduler's next turn).
   *
   * @param scheduler runs the turns; its time source must be {@code clock}'s
   * @param clock ticks in nanoseconds; its reading now is the start
   * @param length how long the loop runs
   * @param turn what each turn does
   * @param ended counted down when the run length has passed; counting it down elsewhere (a signal,
   *     say) also stops the loop at its next turn
   * @return the running loop
   * @throws IllegalArgumentException if the clock does not tick in nanoseconds
   */
  public static TimedLoop start(
      ClockScheduler scheduler, Clock clock, RunLength length, Turn turn, CountDownLatch ended) {
    return startAt(scheduler, clock, (long) clock.ticks(), length, turn, ended);
  }

  /**
   * Starts a loop that began at a given reading of its clock; its first turn is at the scheduler's
   * next turn, and sees the nanoseconds elapsed since then.
   *
   * @param scheduler runs the turns; its time source must be {@code clock}'s
   * @param clock ticks in nanoseconds
   * @param startNanos the reading of {@code clock} the run started at, ticks (nanoseconds)
   * @param length how long the loop runs, from {@code startNanos}
   * @param turn what each turn does
   * @param ended counted down when the run length has passed; counting it down elsewhere also stops
   *     the loop at its next turn
   * @return the running loop
   * @throws IllegalArgumentException if the clock does not tick in nanoseconds
   */
  public static TimedLoop startAt(
      ClockScheduler scheduler,
      Clock clock,
      long startNanos,
      RunLength length,
      Turn turn,
      CountDownLatch ended) {
    TimedLoop loop = new TimedLoop(scheduler, clock, startNanos, length, turn, ended);
    synchronized (loop.lock) {
      loop.schedule(loop.start);
    }
    return loop;
  }

  /**
   * Checks a condition every period on a scheduler until it holds or the run length has passed, and
   * blocks the calling thread meanwhile. The first check is at once.
   *
   * @param scheduler runs the checks; its time source must be {@code clock}'s
   * @param clock ticks in nanoseconds
   * @param periodNanos time between checks, nanoseconds, positive
   * @param length the longest wait, from now
   * @param done the condition; called on the scheduler's thread
   * @return whether the condition held when the wait ended
   * @throws IllegalArgumentException if {@code periodNanos} is not positive or the clock does not
   *     tick in nanoseconds
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public static boolean pollUntil(
      ClockScheduler scheduler,
      Clock clock,
      long periodNanos,
      RunLength length,
      BooleanSupplier done)
      throws InterruptedException {
    TimedLoop loop = startPolling(scheduler, clock, periodNanos, length, done);
    loop.awaitEnd();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return done.getAsBoolean();
  }

  /**
   * Starts checking a condition every period, without waiting: the loop ends (its {@link
   * #awaitEnd()} returns) once the condition held at a check or the run length has passed.
   *
   * @param scheduler runs the checks; its time source must be {@code clock}'s
   * @param clock ticks in nanoseconds
   * @param periodNanos time between checks, nanoseconds, positive
   * @param length the longest wait, from now
   * @param done the condition; called on the scheduler's thread
   * @return the running loop
   * @throws IllegalArgumentException if {@code periodNanos} is not positive or the clock does not
   *     tick in nanoseconds
   */
  public static TimedLoop startPolling(
      ClockScheduler scheduler,
      Clock clock,
      long periodNanos,
      RunLength length,
      BooleanSupplier done) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("the period must be positive: " + periodNanos + " ns");
    }
    CountDownLatch ended = new CountDownLatch(1);
    return start(
        scheduler,
        clock,
        length,
        elapsed -> {
          if (done.getAsBoolean()) {
            ended.countDown();
          }
          return elapsed + periodNanos;
        },
        ended);
  }

  /**
   * Blocks until the loop ends (the run length has passed, or the end latch was counted down), then
   * stops it. An interrupt of the calling thread also ends the wait, which stops the loop and
   * leaves the thread's interrupt status set, as {@link SignalShutdown#awaitStop} does.
   */
  public void awaitEnd() {
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop();
    }
  }

  /**
   * Whether the loop has ended.
   *
   * @return true once the run length has passed, the end latch was counted down, or it was stopped
   */
  public boolean hasEnded() {
    return ended.getCount() == 0;
  }

  /** Stops the loop: counts the end latch down and cancels the next turn. */
  public void stop() {
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
      if (now >= end) {
        ended.countDown();
        return;
      }
      long next = turn.act(now - start);
      schedule(next >= end - start ? end : start + next);
    }
  }

  /** Schedules the next turn. Holds {@link #lock}. */
  private void schedule(long at) {
    if (at == Long.MAX_VALUE || ended.getCount() == 0) {
      return;
    }
    pending = scheduler.runAt(clock, at, this::turn);
  }
}
