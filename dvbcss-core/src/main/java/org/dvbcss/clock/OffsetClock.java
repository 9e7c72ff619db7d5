package org.dvbcss.clock;

/**
 * A clock that runs a fixed number of seconds ahead of its parent, for rendering-latency
 * compensation: if a device shows a frame 50 ms after it is told to, scheduling against an offset
 * clock 0.05 s ahead of the timeline makes the frame appear on time.
 *
 * <p>It reads {@code parent.ticks() + offset * effectiveSpeed * tickRate}: the offset is in seconds
 * of root time, so at double speed it is twice as many ticks, and at speed 0 it vanishes. Its tick
 * rate is its parent's, its own speed is 1 and it adds no error.
 *
 * <p>Thread safe.
 */
public class OffsetClock extends ChildClock {
  private volatile double offsetSeconds;

  /**
   * A clock ahead of its parent.
   *
   * @param parent the parent clock
   * @param offsetSeconds how far ahead, seconds (negative: behind)
   */
  public OffsetClock(Clock parent, double offsetSeconds) {
    super(parent);
    this.offsetSeconds = checkOffset(offsetSeconds);
  }

  private static double checkOffset(double offsetSeconds) {
    if (!Double.isFinite(offsetSeconds)) {
      throw new IllegalArgumentException("offset must be finite: " + offsetSeconds);
    }
    return offsetSeconds + 0.0;
  }

  /**
   * How far ahead of its parent this clock runs.
   *
   * @return seconds
   */
  public double offset() {
    return offsetSeconds;
  }

  /**
   * Sets the offset. Listeners hear of it only if the value changes.
   *
   * @param seconds how far ahead, seconds (negative: behind)
   */
  public void setOffset(double seconds) {
    double checked = checkOffset(seconds);
    synchronized (this) {
      if (checked == offsetSeconds) {
        return;
      }
      offsetSeconds = checked;
    }
    notifyChanged();
  }

  private double offsetTicks() {
    Clock p = parent();
    return offsetSeconds * p.effectiveSpeed() * p.tickRate();
  }

  @Override
  public double ticks() {
    return parent().ticks() + offsetTicks();
  }

  @Override
  public double tickRate() {
    return parent().tickRate();
  }

  @Override
  public double toParentTicks(double ticks) {
    return ticks - offsetTicks();
  }

  @Override
  public double fromParentTicks(double parentTicks) {
    return parentTicks + offsetTicks();
  }

  @Override
  protected double errorAtTime(double ticks) {
    return 0;
  }

  @Override
  public String toString() {
    return "OffsetClock[offset=" + offsetSeconds + " s]";
  }
}
