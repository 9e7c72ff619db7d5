package org.dvbcss.tools;

import java.util.concurrent.locks.LockSupport;
import org.dvbcss.clock.TimeSource;

/**
 * Waits until a time source reaches a deadline: how periodic tools pace their output.
 *
 * <p>Tools use {@link #parking(TimeSource)}; tests use a sleeper that moves a {@link
 * org.dvbcss.clock.ManualTimeSource} to the deadline instead, so they never really sleep.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Returns once the time source reads {@code deadlineNanos} or later (at once if it already does),
   * or early if the thread is interrupted.
   *
   * @param deadlineNanos a reading of the time source, nanoseconds
   */
  void sleepUntil(long deadlineNanos);

  /**
   * A sleeper that parks the calling thread until a real-time source reaches the deadline.
   *
   * @param source the time source the deadlines are readings of
   * @return the sleeper; thread safe
   */
  static Sleeper parking(TimeSource source) {
    return deadlineNanos -> {
      long remaining;
      while ((remaining = deadlineNanos - source.nanoTime()) > 0
          && !Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(remaining);
      }
    };
  }
}
