package org.dvbcss.scheduler;

import org.dvbcss.clock.Clock;

/**
 * A task given to a {@link ClockScheduler}: runs once when its clock reaches its tick value, unless
 * cancelled first.
 *
 * <p>Thread safe: every method may be called from any thread, including from inside the task.
 */
public interface ScheduledTask {

  /**
   * Stops the task from running, if it has not started yet.
   *
   * @return true if this call prevented it running; false if it had already started, ran, or was
   *     cancelled before
   */
  boolean cancel();

  /**
   * Whether the task has finished: it ran (normally or by throwing) or it was cancelled. A task
   * that is running is not done yet.
   *
   * @return true once it ran or was cancelled
   */
  boolean isDone();

  /**
   * Whether the task was cancelled before it ran, by {@link #cancel()} or by closing the scheduler.
   *
   * @return true if cancelled
   */
  boolean isCancelled();

  /**
   * The clock whose reading the task waits for.
   *
   * @return the clock given when the task was scheduled
   */
  Clock clock();

  /**
   * The tick value the task waits for.
   *
   * @return ticks of {@link #clock()}
   */
  double ticks();
}
