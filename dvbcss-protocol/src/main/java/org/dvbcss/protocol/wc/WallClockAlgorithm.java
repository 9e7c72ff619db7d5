package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;

/**
 * Decides what each measurement does to the wall clock, and when to measure next.
 *
 * <p>The {@link WallClockClientCore} calls {@link #start} once, then, for each request it sends,
 * exactly one of {@link #onCandidate} (a response arrived in time) or {@link #onTimeout} (none
 * did). Each returns how long to wait before sending the next request. The wall clock's parent is
 * the local clock the measurements were read from.
 *
 * <p>Implementations may keep state and need not be thread safe: the client core calls them from
 * its one thread only. An instance serves one client core.
 */
public interface WallClockAlgorithm {

  /**
   * Prepares the wall clock before the first request. By default marks its error as unknown
   * (initial error +infinity), keeping its tick mapping, so that it reports infinite dispersion
   * until a measurement sets it.
   *
   * @param wallClock the clock this algorithm will set
   */
  default void start(CorrelatedClock wallClock) {
    wallClock.setCorrelation(wallClock.correlation().withInitialError(Double.POSITIVE_INFINITY));
  }

  /**
   * Told, before {@link #start}, by a wrapper that replaces the delays this algorithm returns (such
   * as {@link TargetErrorPacing}): from now on the time from one call of {@link #onCandidate} or
   * {@link #onTimeout} to the next request may be up to {@code nanos}, whatever delay this
   * algorithm asked for. An algorithm whose error bound depends on the gap between its calls (one
   * whose bound does not grow linearly, as {@link FrequencyTracking}'s) must cover gaps this long.
   * By default does nothing: the offset-only algorithms' bounds are linear in time, and honest over
   * any gap.
   *
   * @param nanos the longest delay before a next request, nanoseconds; positive
   */
  default void delaysUpTo(long nanos) {}

  /**
   * Told, before {@link #start}, by a wrapper that holds measurements back ({@link Burst}): a call
   * of {@link #onCandidate} or {@link #onTimeout} may come up to {@code nanos} later than the
   * response or timeout it is about (a burst's first exchanges are waited out before its best is
   * handed over). As {@link #delaysUpTo}: an algorithm whose bound depends on the gap between its
   * calls must cover this much more. By default does nothing.
   *
   * @param nanos the longest hold, nanoseconds; not negative
   */
  default void measurementsHeldUpTo(long nanos) {}

  /**
   * How long to wait for a response to a request before giving up on it. A type-2 response is held
   * until then for its follow-up.
   *
   * @return nanoseconds, positive
   */
  long responseTimeoutNanos();

  /**
   * A measurement arrived in time.
   *
   * @param candidate the measurement
   * @param wallClock the clock to set, if the algorithm so decides
   * @return how long to wait before the next request, nanoseconds, not negative
   */
  long onCandidate(Candidate candidate, CorrelatedClock wallClock);

  /**
   * No usable response arrived within {@link #responseTimeoutNanos()}.
   *
   * @param wallClock the clock
   * @return how long to wait before the next request, nanoseconds, not negative
   */
  long onTimeout(CorrelatedClock wallClock);
}
