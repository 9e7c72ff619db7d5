package org.dvbcss.protocol.wc;

import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/** Dispersion arithmetic shared by the algorithms. Stateless. */
final class Dispersions {
  private Dispersions() {}

  /**
   * The dispersion a wall clock would have at a given instant if it had a given correlation: the
   * correlation's error at that instant plus the parent's dispersion there.
   *
   * @param wallClock the wall clock (speed 1 relative to its parent)
   * @param c the correlation
   * @param parentTicks the instant, as ticks of the wall clock's parent
   * @return seconds; +infinity if the correlation's error is unknown
   */
  static double at(CorrelatedClock wallClock, Correlation c, double parentTicks) {
    Clock parent = wallClock.parent();
    double own = c.errorAt(parentTicks, parent.tickRate());
    return own == Double.POSITIVE_INFINITY ? own : own + parent.dispersionAtTime(parentTicks);
  }

  /**
   * Whether a candidate would give the wall clock a lower dispersion than it has now, both judged
   * at the current instant.
   *
   * @param wallClock the wall clock
   * @param candidate the candidate correlation
   * @return true if {@code candidate} is strictly better now
   */
  static boolean isBetterNow(CorrelatedClock wallClock, Correlation candidate) {
    double now = wallClock.parent().ticks();
    return at(wallClock, candidate, now) < at(wallClock, wallClock.correlation(), now);
  }

  static long checkNanos(String name, long nanos, boolean allowZero) {
    if (nanos < 0 || (!allowZero && nanos == 0)) {
      throw new IllegalArgumentException(
          name + " must be " + (allowZero ? ">= 0" : "> 0") + " ns, was " + nanos);
    }
    return nanos;
  }
}
