package org.dvbcss.tools;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Paces the status lines of the long-running client commands: calls a status task once a second
 * until a duration has passed or something ends the run. Stateless; thread safe.
 */
public final class StatusTicker {
  private static final long SECOND_NANOS = 1_000_000_000L;

  private StatusTicker() {}

  /**
   * Calls {@code status} every second (on the calling thread) until {@code durationSeconds} have
   * passed (0 for no limit), {@code ended} is counted down, or the thread is interrupted.
   *
   * @param durationSeconds how long to run, seconds; 0 runs until ended
   * @param ended counted down by whatever ends the run early (a connection closing, say)
   * @param status prints one status line
   * @throws IllegalArgumentException if {@code durationSeconds} is negative or NaN
   * @throws InterruptedException if interrupted while waiting
   */
  public static void run(double durationSeconds, CountDownLatch ended, Runnable status)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = RunLength.ofSeconds(durationSeconds).endNanos(start);
    for (long next = start + SECOND_NANOS; ; next += SECOND_NANOS) {
      long wakeAt = Math.min(next, end);
      if (ended.await(wakeAt - System.nanoTime(), TimeUnit.NANOSECONDS)
          || System.nanoTime() >= end) {
        return;
      }
      status.run();
    }
  }
}
