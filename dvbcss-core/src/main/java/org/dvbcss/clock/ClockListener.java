package org.dvbcss.clock;

/**
 * Hears about changes to a clock: its correlation, speed, tick rate, parent, error parameters or
 * effective availability, or any of these on one of its ancestors.
 *
 * <p>Called on the thread that made the change, after the change is visible to readers. A listener
 * that throws is logged and skipped; the other listeners still run.
 */
@FunctionalInterface
public interface ClockListener {

  /**
   * Called once per change that affects {@code clock}.
   *
   * @param clock the clock this listener was added to
   * @param cause the clock that changed: {@code clock} itself or one of its ancestors
   */
  void clockChanged(Clock clock, Clock cause);
}
