package org.dvbcss.tools;

import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.scheduler.ClockScheduler;
import org.jspecify.annotations.Nullable;

/**
 * Paces the status lines of the long-running client commands on a {@link TimedLoop}: calls a status
 * task once a period (one second for the commands) until the run length has passed or something
 * ends the run. Stateless; thread safe.
 */
public final class StatusTicker {
  /** The period of the commands' status lines: one second, in nanoseconds. */
  public static final long SECOND_NANOS = 1_000_000_000L;

  private StatusTicker() {}

  /**
   * Calls {@code status} every second until {@code length} has passed, {@code ended} is counted
   * down, or the calling thread is interrupted (which leaves its interrupt status set). The lines
   * come from a {@link ClockScheduler} thread watching the system's monotonic clock; this blocks
   * the calling thread until the run ends.
   *
   * @param length how long to run
   * @param ended counted down by whatever ends the run early (a connection closing, say)
   * @param status prints one status line; null for none (the call just waits)
   */
  public static void run(RunLength length, CountDownLatch ended, @Nullable Runnable status) {
    TimedLoop.run(new SysClock(), length, turn(SECOND_NANOS, status), ended);
  }

  /**
   * Starts the status lines on a given scheduler, without waiting: the first line comes one period
   * after the start, then one every period, none at or after the end.
   *
   * @param scheduler runs the lines; its time source is {@code clock}'s
   * @param clock ticks in nanoseconds
   * @param length how long to run
   * @param periodNanos time between lines, nanoseconds, positive
   * @param ended counted down at the end, or by whatever ends the run early
   * @param status prints one status line; null for none
   * @return the running loop
   * @throws IllegalArgumentException if {@code periodNanos} is not positive or the clock does not
   *     tick in nanoseconds
   */
  public static TimedLoop start(
      ClockScheduler scheduler,
      Clock clock,
      RunLength length,
      long periodNanos,
      CountDownLatch ended,
      @Nullable Runnable status) {
    return TimedLoop.start(scheduler, clock, length, turn(periodNanos, status), ended);
  }

  private static TimedLoop.Turn turn(long periodNanos, @Nullable Runnable status) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("the period must be positive: " + periodNanos + " ns");
    }
    if (status == null) {
      return elapsed -> Long.MAX_VALUE;
    }
    long[] nextLine = {periodNanos};
    return elapsed -> {
      if (elapsed >= nextLine[0]) {
        status.run();
        while (nextLine[0] <= elapsed) {
          nextLine[0] += periodNanos; // a late turn skips the lines it missed
        }
      }
      return nextLine[0];
    };
  }
}
