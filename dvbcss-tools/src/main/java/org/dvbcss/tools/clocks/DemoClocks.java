package org.dvbcss.tools.clocks;

import java.util.OptionalDouble;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.clock.TunableClock;
import org.jspecify.annotations.Nullable;

/**
 * The clock tree of the demo: a {@link SysClock} in nanoseconds, a {@link TunableClock} "media
 * timeline" at {@value #TIMELINE_TICK_RATE} ticks/s starting at 0, a {@link CorrelatedClock} child
 * of the timeline at {@value #CHILD_TICK_RATE} ticks/s, and, once a script adds it, an {@link
 * OffsetClock} running ahead of the timeline.
 *
 * <p>Not thread safe; confine to one thread.
 */
public final class DemoClocks {
  /** Ticks per second of the media timeline. */
  public static final double TIMELINE_TICK_RATE = 100;

  /** Ticks per second of the timeline's child clock. */
  public static final double CHILD_TICK_RATE = 10;

  private final SysClock sysClock;
  private final TunableClock timeline;
  private final CorrelatedClock child;
  private final double startRootTicks;
  private @Nullable OffsetClock offsetClock;

  /**
   * Builds the tree; the timeline reads 0 now.
   *
   * @param timeSource the time the system clock reads
   */
  public DemoClocks(TimeSource timeSource) {
    sysClock = SysClock.builder().timeSource(timeSource).build();
    timeline = new TunableClock(sysClock, TIMELINE_TICK_RATE);
    child = new CorrelatedClock(timeline, CHILD_TICK_RATE, Correlation.ZERO);
    startRootTicks = timeline.correlation().parentTicks();
  }

  /**
   * The media timeline, for a script to tune.
   *
   * @return the timeline clock
   */
  public TunableClock timeline() {
    return timeline;
  }

  /**
   * Adds (or moves) the offset clock.
   *
   * @param seconds how far ahead of the timeline it runs
   */
  public void addOffsetClock(double seconds) {
    offsetClock = new OffsetClock(timeline, seconds);
  }

  /**
   * When the demo started, as a reading of the time source.
   *
   * @return nanoseconds
   */
  public long startNanos() {
    return (long) sysClock.calcWhen(startRootTicks);
  }

  /**
   * Reads every clock at one instant.
   *
   * @return the readings
   */
  public Sample sample() {
    double now = sysClock.ticks();
    double timelineTicks = timeline.fromParentTicks(now);
    OffsetClock offset = offsetClock;
    return new Sample(
        (now - startRootTicks) / sysClock.tickRate(),
        timelineTicks,
        timeline.speed(),
        child.fromParentTicks(timelineTicks),
        timeline.dispersionAtTime(timelineTicks) * 1e3,
        offset == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(offset.fromParentTicks(timelineTicks)));
  }

  /**
   * The clocks' readings at one instant.
   *
   * @param elapsedSeconds real time since the demo started, seconds
   * @param timelineTicks the media timeline's reading, ticks
   * @param speed the media timeline's speed
   * @param childTicks the child clock's reading, ticks
   * @param dispersionMillis how wrong the timeline's reading may be, milliseconds
   * @param offsetTicks the offset clock's reading, ticks, once it exists
   */
  public record Sample(
      double elapsedSeconds,
      double timelineTicks,
      double speed,
      double childTicks,
      double dispersionMillis,
      OptionalDouble offsetTicks) {}
}
