package org.dvbcss.clock;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clock in a tree of clocks: it reads a tick value, has a tick rate and a speed, knows its error,
 * and can convert tick values to and from any clock of the same tree.
 *
 * <p><b>Units.</b> Tick values and tick rates are {@code double}s (ticks, ticks per second). Errors
 * and dispersions are seconds. {@link #calcWhen(double)} answers in nanoseconds of the root's
 * {@link TimeSource}. A tick value that a clock never reaches converts to {@code NaN}.
 *
 * <p><b>Availability.</b> A clock is available when its own flag is set and its parent is
 * available. Listeners hear availability changes only when the effective availability changes.
 *
 * <p><b>Listeners.</b> A change to a clock is announced to its own listeners and then to every
 * descendant's listeners, on the thread that made the change. A clock keeps its parent alive; a
 * parent does not keep its children alive (it holds them weakly), so short-lived derived clocks can
 * be dropped without unbinding them.
 *
 * <p><b>Threading.</b> Thread safe: reads take no lock; each change is atomic.
 */
public abstract class Clock {
  private static final Logger log = LoggerFactory.getLogger(Clock.class);

  private final CopyOnWriteArrayList<ClockListener> listeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<WeakReference<Clock>> children = new CopyOnWriteArrayList<>();
  private volatile boolean ownAvailability = true;

  /** For subclasses: a root clock, or a clock derived from another (see {@link ChildClock}). */
  protected Clock() {}

  /**
   * Reads the clock now.
   *
   * @return the current tick value, ticks
   */
  public abstract double ticks();

  /**
   * The nominal tick rate: how many ticks make one second when the effective speed is 1.
   *
   * @return ticks per second, positive
   */
  public abstract double tickRate();

  /**
   * This clock's own speed relative to its parent: 1 is normal, 0 is paused, 2 is double speed.
   *
   * @return the speed multiplier
   */
  public double speed() {
    return 1.0;
  }

  /**
   * The speed of this clock relative to the root: the product of the speeds of this clock and all
   * its ancestors.
   *
   * @return the speed multiplier
   */
  public double effectiveSpeed() {
    double s = 1.0;
    for (Clock c = this; c != null; c = c.parent()) {
      s *= c.speed();
    }
    return s;
  }

  /**
   * The parent clock.
   *
   * @return the parent, or null for a root clock
   */
  public abstract @Nullable Clock parent();

  /**
   * Converts a tick value of this clock to the parent's tick value at the same instant.
   *
   * @param ticks a tick value of this clock
   * @return parent ticks, or NaN if this clock never reads {@code ticks} (speed 0)
   * @throws IllegalStateException on a root clock
   */
  public abstract double toParentTicks(double ticks);

  /**
   * Converts a parent tick value to this clock's tick value at the same instant.
   *
   * @param parentTicks a tick value of the parent
   * @return ticks of this clock
   * @throws IllegalStateException on a root clock
   */
  public abstract double fromParentTicks(double parentTicks);

  /**
   * When this clock will read (or did read) a tick value, as a reading of the root's time source.
   *
   * @param ticks a tick value of this clock
   * @return nanoseconds of the root's {@link TimeSource}, or NaN if the clock never reads {@code
   *     ticks} (a clock at speed 0 that is not already there)
   */
  public abstract double calcWhen(double ticks);

  /**
   * This clock's own contribution to the error of a reading, not counting its ancestors.
   *
   * @param ticks a tick value of this clock
   * @return seconds, not negative; +infinity when unknown or when the clock never reads {@code
   *     ticks}
   */
  protected abstract double errorAtTime(double ticks);

  /**
   * The maximum frequency error of the root clock.
   *
   * @return parts per million
   * @throws UnsupportedOperationException on a root clock that does not override this method
   */
  public double rootMaxFreqErrorPpm() {
    Clock p = parent();
    if (p == null) {
      throw new UnsupportedOperationException(
          getClass().getName() + " must state its frequency error");
    }
    return p.rootMaxFreqErrorPpm();
  }

  /**
   * The time source of the root clock.
   *
   * @return the source all clocks of this tree are ultimately read from
   * @throws UnsupportedOperationException on a root clock that does not override this method
   */
  public TimeSource timeSource() {
    Clock p = parent();
    if (p == null) {
      throw new UnsupportedOperationException(getClass().getName() + " must state its time source");
    }
    return p.timeSource();
  }

  /**
   * How wrong a reading of this clock can be, in seconds of this clock (its ticks divided by its
   * tick rate): this clock's error at {@code ticks}, plus its parent's dispersion at the
   * corresponding parent ticks scaled by {@code |speed()|}, summed up to the root.
   *
   * <p>The scaling is what an error in the parent does to this clock's reading: a parent reading
   * wrong by {@code e} seconds moves a child running at speed {@code s} by {@code |s| * e} seconds
   * of its own. So a timeline at double speed under a wall clock known to 1 ms is known to 2 ms of
   * content time, and a paused one ({@code speed() == 0}) carries only its own error, since it
   * reads the same whatever the parent reads.
   *
   * @param ticks a tick value of this clock
   * @return seconds of this clock, not negative; +infinity when unbounded or unreachable
   */
  public double dispersionAtTime(double ticks) {
    double own = errorAtTime(ticks);
    Clock p = parent();
    if (p == null || own == Double.POSITIVE_INFINITY) {
      return own;
    }
    double parentTicks = toParentTicks(ticks);
    if (Double.isNaN(parentTicks)) {
      return Double.POSITIVE_INFINITY;
    }
    double scale = Math.abs(speed());
    if (scale == 0) {
      return own;
    }
    return own + scale * p.dispersionAtTime(parentTicks);
  }

  /**
   * The dispersion of the current reading: {@code dispersionAtTime(ticks())}.
   *
   * @return seconds
   */
  public double dispersion() {
    return dispersionAtTime(ticks());
  }

  /**
   * The current reading in nanoseconds, ignoring speed: {@code ticks() * 1e9 / tickRate()}.
   *
   * @return nanoseconds
   */
  public double nanos() {
    return ticksToNanos(ticks());
  }

  /**
   * Converts nanoseconds to ticks of this clock at its tick rate, ignoring speed: {@link
   * Ticks#toTicks(double, double)}, the double nearest to {@code nanos * tickRate() / 1e9}.
   *
   * @param nanos nanoseconds
   * @return ticks
   */
  public double nanosToTicks(double nanos) {
    return Ticks.toTicks(nanos, tickRate());
  }

  /**
   * Converts ticks of this clock to nanoseconds at its tick rate, ignoring speed: {@link
   * Ticks#toNanos(double, double)}, the double nearest to {@code ticks * 1e9 / tickRate()}.
   *
   * @param ticks ticks
   * @return nanoseconds
   */
  public double ticksToNanos(double ticks) {
    return Ticks.toNanos(ticks, tickRate());
  }

  /**
   * The root of this clock's tree.
   *
   * @return the root clock (this clock if it has no parent)
   */
  public Clock root() {
    Clock c = this;
    for (Clock p = c.parent(); p != null; p = c.parent()) {
      c = p;
    }
    return c;
  }

  /**
   * This clock and its ancestors.
   *
   * @return {@code [this, parent, grandparent, ..., root]}
   */
  public List<Clock> ancestry() {
    List<Clock> result = new ArrayList<>();
    for (Clock c = this; c != null; c = c.parent()) {
      result.add(c);
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * Converts a tick value of the root clock to this clock.
   *
   * @param rootTicks ticks of the root
   * @return ticks of this clock
   */
  public double fromRootTicks(double rootTicks) {
    Clock p = parent();
    return p == null ? rootTicks : fromParentTicks(p.fromRootTicks(rootTicks));
  }

  /**
   * Converts a tick value of this clock to the root clock.
   *
   * @param ticks ticks of this clock
   * @return ticks of the root, or NaN if some clock on the way never reaches the value
   */
  public double toRootTicks(double ticks) {
    double t = ticks;
    for (Clock c = this; c.parent() != null; c = c.parent()) {
      t = c.toParentTicks(t);
    }
    return t;
  }

  /**
   * Converts a tick value of this clock to another clock of the same tree, going up to the nearest
   * common ancestor and down again.
   *
   * @param other a clock sharing this clock's root
   * @param ticks ticks of this clock
   * @return ticks of {@code other}, or NaN if some clock on the way never reaches the value
   * @throws NoCommonClockException if the clocks are in different trees
   */
  public double toOtherClockTicks(Clock other, double ticks) {
    List<Clock> up = ancestry();
    List<Clock> down = other.ancestry();
    if (up.get(up.size() - 1) != down.get(down.size() - 1)) {
      throw new NoCommonClockException(this, other);
    }
    int i = up.size() - 1;
    int j = down.size() - 1;
    while (i > 0 && j > 0 && up.get(i - 1) == down.get(j - 1)) {
      i--;
      j--;
    }
    double t = ticks;
    for (int k = 0; k < i; k++) {
      t = up.get(k).toParentTicks(t);
    }
    for (int k = j - 1; k >= 0; k--) {
      t = down.get(k).fromParentTicks(t);
    }
    return t;
  }

  /**
   * How far apart two clocks of the same tree are now, in seconds of this clock.
   *
   * @param other a clock sharing this clock's root
   * @return seconds; +infinity if the clocks tick at different rates or effective speeds (so they
   *     drift apart)
   * @throws NoCommonClockException if the clocks are in different trees
   */
  public double clockDiff(Clock other) {
    Clock root = root();
    if (root != other.root()) {
      throw new NoCommonClockException(this, other);
    }
    if (effectiveSpeed() != other.effectiveSpeed() || tickRate() != other.tickRate()) {
      return Double.POSITIVE_INFINITY;
    }
    double now = root.ticks();
    return Math.abs(fromRootTicks(now) - other.fromRootTicks(now)) / tickRate();
  }

  /**
   * Whether this clock can be relied on: its own flag and all its ancestors' flags are set.
   *
   * @return true if available
   */
  public boolean isAvailable() {
    for (Clock c = this; c != null; c = c.parent()) {
      if (!c.ownAvailability) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sets this clock's own availability flag. Listeners of this clock and of its descendants hear of
   * it only when their effective availability changes.
   *
   * @param available the new flag
   * @throws UnsupportedOperationException on a root clock, which is always available
   */
  public void setAvailability(boolean available) {
    Clock p = parent();
    if (p == null) {
      throw new UnsupportedOperationException("a root clock is always available");
    }
    boolean changed;
    synchronized (this) {
      changed = ownAvailability != available && p.isAvailable();
      ownAvailability = available;
    }
    if (changed) {
      cascade(this, true);
    }
  }

  /**
   * Adds a listener that hears every change to this clock or its ancestors.
   *
   * @param listener the listener; adding it twice makes it hear each change twice
   */
  public void addListener(ClockListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return true if it was registered
   */
  public boolean removeListener(ClockListener listener) {
    return listeners.remove(listener);
  }

  /** Announces a change to this clock's timing to its listeners and all descendants. */
  protected final void notifyChanged() {
    cascade(this, false);
  }

  private void cascade(Clock cause, boolean availabilityOnly) {
    for (ClockListener listener : listeners) {
      try {
        listener.clockChanged(this, cause);
      } catch (RuntimeException e) {
        log.warn("clock listener {} threw; carrying on", listener, e);
      }
    }
    for (WeakReference<Clock> ref : children) {
      Clock child = ref.get();
      if (child == null) {
        children.remove(ref);
      } else if (!availabilityOnly || child.ownAvailability) {
        child.cascade(cause, availabilityOnly);
      }
    }
  }

  /** Registers {@code child} to hear this clock's changes. */
  final void bindChild(Clock child) {
    children.removeIf(ref -> ref.get() == null);
    children.add(new WeakReference<>(child));
  }

  /** Stops {@code child} hearing this clock's changes. */
  final void unbindChild(Clock child) {
    children.removeIf(ref -> ref.get() == null || ref.get() == child);
  }
}
