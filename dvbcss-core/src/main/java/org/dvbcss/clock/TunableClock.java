package org.dvbcss.clock;

/**
 * A correlated clock whose changes apply from "now": setting the speed, tick rate, slew or error
 * first re-bases the correlation at the parent's current reading, so the clock's reading never
 * jumps; only {@link #adjustTicks(double)} moves it, by exactly the amount asked.
 *
 * <p>Thread safe; each change is atomic and notifies listeners once, only if something changed.
 */
public class TunableClock extends CorrelatedClock {

  /**
   * A clock starting now at a given reading, at speed 1.
   *
   * @param parent the parent clock
   * @param tickRate ticks per second, positive and finite
   * @param startTicks what the clock reads now
   */
  public TunableClock(Clock parent, double tickRate, double startTicks) {
    super(parent, tickRate, new Correlation(parent.ticks(), startTicks), 1.0);
  }

  /**
   * A clock starting now at 0, at speed 1.
   *
   * @param parent the parent clock
   * @param tickRate ticks per second, positive and finite
   */
  public TunableClock(Clock parent, double tickRate) {
    this(parent, tickRate, 0);
  }

  /**
   * Sets the speed from now on; the reading does not jump.
   *
   * @param speed finite; 0 pauses
   */
  @Override
  public void setSpeed(double speed) {
    changeFromNow(Double.NaN, checkSpeed(speed), 0, Double.NaN, Double.NaN);
  }

  /**
   * Sets the tick rate from now on; the reading does not jump.
   *
   * @param tickRate ticks per second, positive and finite
   */
  @Override
  public void setTickRate(double tickRate) {
    changeFromNow(checkTickRate(tickRate), Double.NaN, 0, Double.NaN, Double.NaN);
  }

  /**
   * How many ticks per second this clock gains on its nominal rate: {@code (speed - 1) * tickRate}.
   *
   * @return ticks per second
   */
  public double slew() {
    return (speed() - 1.0) * tickRate();
  }

  /**
   * Sets the slew from now on, by setting the speed to {@code slew / tickRate + 1}.
   *
   * @param ticksPerSecond ticks per second gained (negative: lost)
   */
  public void setSlew(double ticksPerSecond) {
    setSpeed(ticksPerSecond / tickRate() + 1.0);
  }

  /**
   * Moves the reading by an offset at once.
   *
   * @param offset ticks to add (negative: subtract)
   */
  public void adjustTicks(double offset) {
    if (!Double.isFinite(offset)) {
      throw new IllegalArgumentException("offset must be finite: " + offset);
    }
    changeFromNow(Double.NaN, Double.NaN, offset, Double.NaN, Double.NaN);
  }

  /**
   * Sets the error of the reading now, and how fast it grows from now on.
   *
   * @param currentError seconds, not negative
   * @param growthRate seconds per second, not negative
   */
  public void setError(double currentError, double growthRate) {
    if (!(currentError >= 0) || !(growthRate >= 0)) {
      throw new IllegalArgumentException(
          "errors must not be negative: " + currentError + " s, " + growthRate + " s/s");
    }
    changeFromNow(Double.NaN, Double.NaN, 0, currentError, growthRate);
  }

  /**
   * Sets the error of the reading now, with no growth.
   *
   * @param currentError seconds, not negative
   */
  public void setError(double currentError) {
    setError(currentError, 0);
  }
}
