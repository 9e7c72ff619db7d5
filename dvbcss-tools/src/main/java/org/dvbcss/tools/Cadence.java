package org.dvbcss.tools;

import java.util.function.LongSupplier;

/**
 * One repeating job of a {@link TimedLoop.Turn} (a demo step, a benchmark change, a stats line):
 * when a turn reaches the job's due time the job runs, and its next due time is the old one plus
 * the gap it asks for. Times are nanoseconds since the loop's start; the first run is due at 0.
 *
 * <p>Not thread safe: used by the turns of one loop, which run one at a time.
 */
public final class Cadence {
  /** How far ahead a turn with nothing due asks for the next one: one second, in nanoseconds. */
  public static final long IDLE_NANOS = 1_000_000_000L;

  private long next;

  /**
   * Runs the job if it is due.
   *
   * @param elapsedNanos the turn's time, nanoseconds since the start
   * @param job runs once and returns the nanoseconds from this due time to the next
   * @return the next due time, nanoseconds since the start
   */
  public long step(long elapsedNanos, LongSupplier job) {
    if (elapsedNanos >= next) {
      next += job.getAsLong();
    }
    return next;
  }

  /**
   * Runs the job if it is due, with a fixed period.
   *
   * @param elapsedNanos the turn's time, nanoseconds since the start
   * @param periodNanos nanoseconds between runs
   * @param job what to run
   * @return the next due time, nanoseconds since the start
   */
  public long every(long elapsedNanos, long periodNanos, Runnable job) {
    return step(
        elapsedNanos,
        () -> {
          job.run();
          return periodNanos;
        });
  }

  /**
   * When a turn whose jobs are next due at {@code nextNanos} wants the next turn.
   *
   * @param elapsedNanos the turn's time, nanoseconds since the start
   * @param nextNanos the earliest next due time, {@link Long#MAX_VALUE} for none
   * @return {@code nextNanos}, or {@link #IDLE_NANOS} after {@code elapsedNanos} when nothing is
   *     due
   */
  public static long nextTurn(long elapsedNanos, long nextNanos) {
    return nextNanos == Long.MAX_VALUE ? elapsedNanos + IDLE_NANOS : nextNanos;
  }
}
