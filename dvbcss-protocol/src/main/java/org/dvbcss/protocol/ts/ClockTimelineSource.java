package org.dvbcss.protocol.ts;

import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.ClockListener;
import org.jspecify.annotations.Nullable;

/**
 * A timeline source that follows a timeline clock, a descendant of the wall clock, and pushes its
 * control timestamp to the servers whenever the timeline really changes, with no update call from
 * the application.
 *
 * <p>The control timestamp is, while the timeline (and all its ancestors) is available, the last
 * whole tick the timeline reached and the wall clock time at which it reached it (rounded to a
 * whole wall clock tick), with the timeline's effective speed relative to the wall clock. So its
 * content time is exact, not rounded: the only rounding is of the wall clock time, half a wall
 * clock tick (half a nanosecond), which at speed {@code s} is {@code |s|} half wall clock ticks of
 * content time. Paused, the content time is the timeline's reading rounded to the nearest tick (at
 * most half a tick off) at the wall clock ticks now. While unavailable it is "unavailable" at the
 * wall clock ticks of when that was noticed.
 *
 * <p><b>When it pushes.</b> The source listens to the timeline clock (which hears every change to
 * the correlation, speed, tick rate or availability of the timeline or of any ancestor, and to the
 * wall clock if it is not an ancestor) while attached to at least one server. On each change it
 * samples the timeline and compares it with the control timestamp it serves now by the mapping each
 * implies, not by raw equality: the new one replaces it (and is pushed) only if the availability,
 * the speed or the tick rate differ, or the content time the current one implies at the new
 * sample's wall clock time differs from the new content time by at least the threshold (by default
 * one timeline tick). So a rebase of the correlation, or a listener firing without a real change,
 * sends nothing; and "unavailable" is never replaced by another "unavailable".
 *
 * <p>Speeds of the timeline and its ancestors up to (not including) the wall clock multiply; if the
 * wall clock is not an ancestor the speed is the ratio of the two effective speeds.
 *
 * <p>Threading: thread safe. Pushes happen on the thread that changed the clock.
 */
public final class ClockTimelineSource extends TimelineSource {
  private final String selector;
  private final Clock wallClock;
  private final Clock timeline;
  private final double thresholdSeconds;
  private final boolean wallClockIsAncestor;
  private final ClockListener listener = (clock, cause) -> refresh();

  /** The control timestamp served, with the unrounded sample it came from. */
  private record Served(ControlTimestamp ct, double content, double wall, double tickRate) {}

  private @Nullable Served served; // guarded by this
  private volatile @Nullable ControlTimestamp current;
  private volatile boolean listening;

  /**
   * A clock-driven source that ignores changes smaller than one timeline tick.
   *
   * @param selector the timeline selector it serves (exact match)
   * @param wallClock the wall clock (ticks are the control timestamps' wall clock times)
   * @param timeline the timeline clock, a descendant of {@code wallClock}; its tick rate is the
   *     timeline's
   */
  public ClockTimelineSource(String selector, Clock wallClock, Clock timeline) {
    this(selector, wallClock, timeline, -1);
  }

  /**
   * A clock-driven source with a threshold in seconds.
   *
   * @param selector the timeline selector it serves (exact match)
   * @param wallClock the wall clock
   * @param timeline the timeline clock, a descendant of {@code wallClock}
   * @param thresholdSeconds a change of position smaller than this is not sent, seconds; negative
   *     means one timeline tick
   */
  public ClockTimelineSource(
      String selector, Clock wallClock, Clock timeline, double thresholdSeconds) {
    this.selector = Objects.requireNonNull(selector, "selector");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    if (Double.isNaN(thresholdSeconds)) {
      throw new IllegalArgumentException("thresholdSeconds must be a number");
    }
    this.thresholdSeconds = thresholdSeconds;
    this.wallClockIsAncestor = timeline.ancestry().contains(wallClock) && timeline != wallClock;
  }

  /**
   * The selector served.
   *
   * @return the selector
   */
  public String selector() {
    return selector;
  }

  /**
   * The timeline clock followed.
   *
   * @return the clock
   */
  public Clock timeline() {
    return timeline;
  }

  @Override
  public boolean recognises(String timelineSelector) {
    return selector.equals(timelineSelector);
  }

  @Override
  public @Nullable ControlTimestamp controlTimestamp(String timelineSelector) {
    if (!selector.equals(timelineSelector)) {
      return null;
    }
    if (!listening) {
      return sample().ct(); // not followed: nothing cached can be trusted
    }
    ControlTimestamp ct = current;
    if (ct == null) {
      synchronized (this) {
        if (served == null) {
          Served s = sample();
          served = s;
          current = s.ct();
        }
        ct = current;
      }
    }
    return ct;
  }

  @Override
  protected void firstSinkAdded() {
    listening = true;
    timeline.addListener(listener);
    if (!wallClockIsAncestor) {
      wallClock.addListener(listener);
    }
    refresh();
  }

  @Override
  protected void lastSinkRemoved() {
    timeline.removeListener(listener);
    if (!wallClockIsAncestor) {
      wallClock.removeListener(listener);
    }
    synchronized (this) {
      listening = false;
      served = null;
      current = null;
    }
  }

  /** Samples the timeline and pushes if it changed in a way that matters. */
  private void refresh() {
    boolean changed;
    synchronized (this) {
      Served next = sample();
      changed = served == null || differs(served, next);
      if (changed) {
        served = next;
        current = next.ct();
      }
    }
    if (changed) {
      notifyChanged();
    }
  }

  private boolean differs(Served prev, Served next) {
    ControlTimestamp a = prev.ct();
    ControlTimestamp b = next.ct();
    if (!a.isAvailable() || !b.isAvailable()) {
      return a.isAvailable() != b.isAvailable();
    }
    double speed = a.timelineSpeedMultiplier();
    if (speed != b.timelineSpeedMultiplier() || prev.tickRate() != next.tickRate()) {
      return true;
    }
    double implied =
        prev.content()
            + (next.wall() - prev.wall()) / wallClock.tickRate() * speed * prev.tickRate();
    double thresholdTicks = thresholdSeconds < 0 ? 1.0 : thresholdSeconds * next.tickRate();
    return !(Math.abs(implied - next.content()) < thresholdTicks);
  }

  private Served sample() {
    double wallNow = Math.rint(wallClock.ticks());
    long wall = (long) wallNow;
    double rate = timeline.tickRate();
    if (!timeline.isAvailable()) {
      return new Served(ControlTimestamp.unavailable(wall), Double.NaN, wallNow, rate);
    }
    double content = wallClock.toOtherClockTicks(timeline, wallNow);
    double speed = speed();
    if (!Double.isFinite(content) || !Double.isFinite(speed)) {
      return new Served(ControlTimestamp.unavailable(wall), Double.NaN, wallNow, rate);
    }
    if (speed != 0) {
      // the whole tick the timeline reached last, and the wall clock time at which it did
      double tick = speed > 0 ? Math.floor(content) : Math.ceil(content);
      double wallAtTick = timeline.toOtherClockTicks(wallClock, tick);
      if (Double.isFinite(wallAtTick) && Math.abs(wallAtTick) < 0x1p62) {
        return new Served(
            ControlTimestamp.available((long) tick, (long) Math.rint(wallAtTick), speed),
            tick,
            wallAtTick,
            rate);
      }
    }
    return new Served(
        ControlTimestamp.available(Math.round(content), wall, speed), content, wallNow, rate);
  }

  private double speed() {
    if (wallClockIsAncestor) {
      double s = 1.0;
      for (Clock c = timeline; c != wallClock && c != null; c = c.parent()) {
        s *= c.speed();
      }
      return s;
    }
    return timeline.effectiveSpeed() / wallClock.effectiveSpeed();
  }

  @Override
  public String toString() {
    return "ClockTimelineSource[" + selector + "]";
  }
}
