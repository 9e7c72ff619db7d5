package org.dvbcss.net.netsim;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a release time on {@link System#nanoTime()}: parks until {@link #SPIN_NANOS} before it,
 * then spins, because a park can overshoot by tens of microseconds (the kernel's timer slack) and
 * the proxies' own added delay must stay small beside the impairments. Stateless.
 */
final class Release {
  /** How long before a release the wait stops parking and spins: 100 µs, in nanoseconds. */
  static final long SPIN_NANOS = 100_000L;

  private Release() {}

  /**
   * Waits until a time or until asked to stop.
   *
   * @param deadlineNanos a {@link System#nanoTime()} reading
   * @param stop checked after each park
   * @return true at the deadline, false if stopped (or interrupted)
   */
  static boolean awaitUntil(long deadlineNanos, BooleanSupplier stop) {
    while (true) {
      if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        return false;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      if (remaining > SPIN_NANOS) {
        LockSupport.parkNanos(remaining - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
