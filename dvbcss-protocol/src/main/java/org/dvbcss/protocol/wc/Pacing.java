package org.dvbcss.protocol.wc;

import java.time.Duration;

/**
 * How an algorithm paces its requests: the time between a response and the next request, and how
 * long to wait for a response, both in nanoseconds. Immutable.
 *
 * @param repeatNanos time between a response and the next request, ns; not negative
 * @param timeoutNanos how long to wait for a response, ns; positive
 */
record Pacing(long repeatNanos, long timeoutNanos) {
  /** Checks the values. */
  Pacing {
    Dispersions.checkNanos("repeatInterval", repeatNanos, true);
    Dispersions.checkNanos("responseTimeout", timeoutNanos, false);
  }

  /**
   * Pacing from durations.
   *
   * @param repeatInterval time between a response and the next request; not negative
   * @param responseTimeout how long to wait for a response; positive
   * @return the pacing
   * @throws IllegalArgumentException if a duration is out of range
   */
  static Pacing of(Duration repeatInterval, Duration responseTimeout) {
    return new Pacing(repeatInterval.toNanos(), responseTimeout.toNanos());
  }
}
