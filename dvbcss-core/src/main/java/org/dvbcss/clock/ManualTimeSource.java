package org.dvbcss.clock;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A time source that moves only when told to: for tests and simulations.
 *
 * <p>Optionally each read can advance the time by a fixed step ({@link #setAutoIncrement(long)}),
 * which lets code that measures clock precision by reading repeatedly see time move.
 *
 * <p>Thread safe. Advance listeners are called on the thread that moved the time, after the move;
 * one that throws is logged and the others are still called.
 */
public final class ManualTimeSource implements TimeSource {
  private static final Logger log = LoggerFactory.getLogger(ManualTimeSource.class);
  private final AtomicLong now;
  private volatile long autoIncrementNanos;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Creates a source reading 0 ns. */
  public ManualTimeSource() {
    this(0L);
  }

  /**
   * Creates a source reading the given time.
   *
   * @param startNanos the initial reading, nanoseconds
   */
  public ManualTimeSource(long startNanos) {
    this.now = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    long step = autoIncrementNanos;
    return step == 0 ? now.get() : now.getAndAdd(step);
  }

  @Override
  public boolean isRealTime() {
    return false;
  }

  /**
   * Moves the time forward.
   *
   * @param nanos how far, nanoseconds; must not be negative
   */
  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("cannot move a monotonic time source back: " + nanos);
    }
    now.addAndGet(nanos);
    fireAdvanced();
  }

  /**
   * Moves the time forward by a number of seconds, rounded to the nearest nanosecond.
   *
   * @param seconds how far, seconds; must not be negative
   */
  public void advanceSeconds(double seconds) {
    advance(Math.round(seconds * 1e9));
  }

  /**
   * Sets the time.
   *
   * @param nanos the new reading, nanoseconds; must not be earlier than the current reading
   */
  public void set(long nanos) {
    long before = now.getAndUpdate(current -> Math.max(current, nanos));
    if (nanos < before) {
      throw new IllegalArgumentException(
          "cannot move a monotonic time source back from " + before + " to " + nanos);
    }
    fireAdvanced();
  }

  /**
   * Makes every later read advance the time by a fixed step after returning it.
   *
   * @param stepNanos the step, nanoseconds; 0 turns auto-increment off
   */
  public void setAutoIncrement(long stepNanos) {
    if (stepNanos < 0) {
      throw new IllegalArgumentException("negative auto-increment: " + stepNanos);
    }
    this.autoIncrementNanos = stepNanos;
  }

  @Override
  public void addAdvanceListener(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public void removeAdvanceListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void fireAdvanced() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("advance listener {} threw; carrying on", listener, e);
      }
    }
  }

  @Override
  public String toString() {
    return "ManualTimeSource[" + now.get() + " ns]";
  }
}
