package org.dvbcss.tv;

import org.dvbcss.protocol.cii.TimelineOption;

/**
 * A timeline the TV presents, with the units CII advertises for it. Its tick rate, the rate at
 * which CSS-TS serves it, is {@code unitsPerSecond / unitsPerTick}: what is advertised is exactly
 * what is served.
 *
 * <p>{@link #PTS} is the position of the presentation; {@link #TEMI} and {@link #DASH} are derived
 * from it (they read 0 when it does), so they follow every pause, seek and speed change.
 *
 * <p>Immutable constants; thread safe.
 */
public enum Timeline {
  /** PTS ({@value DemoContent#PTS}): 90 kHz, 90000 ticks per second. */
  PTS("pts", DemoContent.PTS, 1, 90_000),
  /** TEMI 1:1 ({@value DemoContent#TEMI}): 1 kHz, 1000 ticks per second. */
  TEMI("temi", DemoContent.TEMI, 1, 1_000),
  /**
   * DASH period-relative, 1000 units per second ({@value DemoContent#DASH}): 1 kHz, 1000 ticks per
   * second.
   */
  DASH("dash", DemoContent.DASH, 1, 1_000);

  private final String shortName;
  private final String selector;
  private final long unitsPerTick;
  private final long unitsPerSecond;

  Timeline(String shortName, String selector, long unitsPerTick, long unitsPerSecond) {
    this.shortName = shortName;
    this.selector = selector;
    this.unitsPerTick = unitsPerTick;
    this.unitsPerSecond = unitsPerSecond;
  }

  /**
   * The short name used by the keyboard and scripts.
   *
   * @return {@code pts}, {@code temi} or {@code dash}
   */
  public String shortName() {
    return shortName;
  }

  /**
   * The timeline selector.
   *
   * @return a URN
   */
  public String selector() {
    return selector;
  }

  /**
   * The tick rate served and advertised.
   *
   * @return ticks per second
   */
  public double tickRate() {
    return (double) unitsPerSecond / unitsPerTick;
  }

  /**
   * How CII advertises this timeline.
   *
   * @return the {@code timelines} entry
   */
  public TimelineOption option() {
    return new TimelineOption(selector, unitsPerTick, unitsPerSecond);
  }

  /**
   * The timeline named by a short name ({@code pts}, {@code temi}, {@code dash}, any case) or a
   * selector.
   *
   * @param name the name
   * @return the timeline
   * @throws IllegalArgumentException if none has that name
   */
  public static Timeline named(String name) {
    for (Timeline t : values()) {
      if (t.shortName.equalsIgnoreCase(name.trim()) || t.selector.equals(name.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown timeline '" + name + "': pts, temi or dash");
  }
}
