package org.dvbcss.clock;

import java.util.function.UnaryOperator;

/**
 * A clock tied to its parent by a {@link Correlation} and a speed.
 *
 * <p>It reads {@code c.childTicks + (parent.ticks() - c.parentTicks) * tickRate * speed /
 * parent.tickRate()}. At speed 0 it is frozen: it reads {@code c.childTicks}, converting that value
 * to parent ticks gives {@code c.parentTicks}, and any other tick value converts to NaN ("never").
 *
 * <p>Changing the correlation, speed or tick rate takes effect at once and may make the reading
 * jump; use {@link #rebaseCorrelationAtTicks(double)} first, or a {@link TunableClock}, to change
 * from "now" without a jump. Listeners hear a change only when a value actually changed.
 *
 * <p>Its error at a reading is the correlation's initial error plus its growth over the parent time
 * between the correlation point and that reading (in either direction).
 *
 * <p>Thread safe: the correlation, speed and tick rate are read together from one immutable
 * snapshot; changes are atomic.
 */
public class CorrelatedClock extends ChildClock {

  /** The values that define the mapping, replaced as a whole. */
  private record State(double tickRate, double speed, Correlation correlation) {}

  private volatile State state;

  /**
   * A clock at speed 1.
   *
   * @param parent the parent clock
   * @param tickRate ticks per second, positive and finite
   * @param correlation where this clock is tied to the parent
   */
  public CorrelatedClock(Clock parent, double tickRate, Correlation correlation) {
    this(parent, tickRate, correlation, 1.0);
  }

  /**
   * A clock at speed 1 reading 0 when its parent reads 0.
   *
   * @param parent the parent clock
   * @param tickRate ticks per second, positive and finite
   */
  public CorrelatedClock(Clock parent, double tickRate) {
    this(parent, tickRate, Correlation.ZERO, 1.0);
  }

  /**
   * A clock.
   *
   * @param parent the parent clock
   * @param tickRate ticks per second, positive and finite
   * @param correlation where this clock is tied to the parent
   * @param speed speed relative to the parent: finite (0 pauses, negative runs backwards)
   */
  public CorrelatedClock(Clock parent, double tickRate, Correlation correlation, double speed) {
    super(parent);
    this.state = new State(checkTickRate(tickRate), checkSpeed(speed), correlation);
  }

  /**
   * A clock that differs from its parent by a fixed offset and a constant frequency error, for
   * simulating a device whose clock is not the machine's: it ticks at its parent's rate and reads
   * {@code parent + offset + parent * driftPpm / 1e6}, in the parent's ticks. With a parent that
   * reads the machine's monotonic clock in nanoseconds (a {@link SysClock}), that is exactly {@code
   * wall ns = monotonic ns + offset ns + monotonic ns * ppm / 10^6}.
   *
   * <p>It is the correlation (parent 0 &rarr; {@code offsetSeconds} in ticks) at speed {@code 1 +
   * driftPpm / 1e6}, with no error of its own; change it like any correlated clock.
   *
   * @param parent the clock it differs from
   * @param offsetSeconds the offset at parent reading 0, seconds, finite
   * @param driftPpm the frequency error, parts per million: positive runs fast; finite, more than
   *     -1e6
   * @return the clock
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static CorrelatedClock offsetAndDrift(
      Clock parent, double offsetSeconds, double driftPpm) {
    if (!Double.isFinite(offsetSeconds)) {
      throw new IllegalArgumentException("offset must be finite seconds: " + offsetSeconds);
    }
    if (!Double.isFinite(driftPpm) || driftPpm <= -1e6) {
      throw new IllegalArgumentException("drift must be finite and > -1e6 ppm: " + driftPpm);
    }
    double rate = parent.tickRate();
    return new CorrelatedClock(
        parent, rate, new Correlation(0, offsetSeconds * rate), 1 + driftPpm / 1e6);
  }

  static double checkTickRate(double tickRate) {
    if (!(tickRate > 0) || Double.isInfinite(tickRate)) {
      throw new IllegalArgumentException("tickRate must be positive and finite: " + tickRate);
    }
    return tickRate;
  }

  static double checkSpeed(double speed) {
    if (!Double.isFinite(speed)) {
      throw new IllegalArgumentException("speed must be finite: " + speed);
    }
    return speed + 0.0;
  }

  @Override
  public double ticks() {
    State s = state;
    Clock p = parent();
    Correlation c = s.correlation;
    if (s.speed == 0) {
      return c.childTicks();
    }
    return c.childTicks() + (p.ticks() - c.parentTicks()) * s.tickRate * s.speed / p.tickRate();
  }

  @Override
  public double tickRate() {
    return state.tickRate;
  }

  @Override
  public double speed() {
    return state.speed;
  }

  /**
   * The correlation tying this clock to its parent.
   *
   * @return the current correlation
   */
  public Correlation correlation() {
    return state.correlation;
  }

  /**
   * Sets the tick rate. The reading jumps unless the clock is at its correlation point.
   *
   * @param tickRate ticks per second, positive and finite
   */
  public void setTickRate(double tickRate) {
    checkTickRate(tickRate);
    update(s -> new State(tickRate, s.speed, s.correlation));
  }

  /**
   * Sets the speed. The reading jumps unless the clock is at its correlation point.
   *
   * @param speed finite; 0 pauses
   */
  public void setSpeed(double speed) {
    double checked = checkSpeed(speed);
    update(s -> new State(s.tickRate, checked, s.correlation));
  }

  /**
   * Sets the correlation.
   *
   * @param correlation the new correlation
   */
  public void setCorrelation(Correlation correlation) {
    update(s -> new State(s.tickRate, s.speed, correlation));
  }

  /**
   * Sets the correlation and the speed together, with one notification.
   *
   * @param correlation the new correlation
   * @param speed the new speed, finite
   */
  public void setCorrelationAndSpeed(Correlation correlation, double speed) {
    double checked = checkSpeed(speed);
    update(s -> new State(s.tickRate, checked, correlation));
  }

  /**
   * Re-expresses the correlation at another point of the same mapping: the new correlation ties
   * {@code ticks} to the parent ticks it corresponds to, and its initial error is the old error at
   * that point. The clock's readings do not change, so listeners are not told.
   *
   * @param ticks a tick value of this clock
   * @throws IllegalArgumentException at speed 0 when {@code ticks} is not the frozen reading
   */
  public void rebaseCorrelationAtTicks(double ticks) {
    synchronized (this) {
      State s = state;
      double parentTicks = toParentTicks(s, ticks);
      if (Double.isNaN(parentTicks)) {
        throw new IllegalArgumentException(
            "cannot rebase at " + ticks + ": a clock at speed 0 never reads it");
      }
      state = new State(s.tickRate, s.speed, rebased(s.correlation, parentTicks, ticks));
    }
  }

  /**
   * Re-expresses the correlation at a parent tick value: the new correlation ties {@code
   * parentTicks} to this clock's reading at that time. Works at any speed, including 0 (a paused
   * clock rebased at the parent's "now" stays paused where it is, and resumes from there). The
   * clock's readings do not change, so listeners are not told.
   *
   * @param parentTicks a tick value of the parent
   */
  public void rebaseCorrelationAtParentTicks(double parentTicks) {
    synchronized (this) {
      State s = state;
      state =
          new State(
              s.tickRate,
              s.speed,
              rebased(s.correlation, parentTicks, fromParentTicks(s, parentTicks)));
    }
  }

  private Correlation rebased(Correlation c, double parentTicks, double childTicks) {
    double error = c.errorAt(parentTicks, parentTickRate());
    return new Correlation(parentTicks, childTicks, error, c.errorGrowthRate());
  }

  /**
   * How much the clock would change if it took a new correlation and speed: the difference between
   * the tick values the two mappings give for the same instant, in seconds.
   *
   * @param newCorrelation the candidate correlation
   * @param newSpeed the candidate speed
   * @return seconds; +infinity if the speed differs
   */
  public double quantifyChange(Correlation newCorrelation, double newSpeed) {
    State s = state;
    if (newSpeed != s.speed) {
      return Double.POSITIVE_INFINITY;
    }
    if (s.speed != 0) {
      double parentTicks = toParentTicks(s, newCorrelation.childTicks());
      return Math.abs(newCorrelation.parentTicks() - parentTicks) / parentTickRate();
    }
    double childTicks = fromParentTicks(s, newCorrelation.parentTicks());
    return Math.abs(newCorrelation.childTicks() - childTicks) / s.tickRate;
  }

  /**
   * Whether a new correlation and speed would change the clock by more than a threshold.
   *
   * @param newCorrelation the candidate correlation
   * @param newSpeed the candidate speed; any change of speed is significant
   * @param thresholdSeconds the threshold, seconds
   * @return {@code quantifyChange(newCorrelation, newSpeed) > thresholdSeconds}
   */
  public boolean isChangeSignificant(
      Correlation newCorrelation, double newSpeed, double thresholdSeconds) {
    return quantifyChange(newCorrelation, newSpeed) > thresholdSeconds;
  }

  @Override
  public double toParentTicks(double ticks) {
    return toParentTicks(state, ticks);
  }

  private double toParentTicks(State s, double ticks) {
    Correlation c = s.correlation;
    if (s.speed == 0) {
      return ticks == c.childTicks() ? c.parentTicks() : Double.NaN;
    }
    return c.parentTicks() + (ticks - c.childTicks()) * parentTickRate() / s.tickRate / s.speed;
  }

  @Override
  public double fromParentTicks(double parentTicks) {
    return fromParentTicks(state, parentTicks);
  }

  private double fromParentTicks(State s, double parentTicks) {
    Correlation c = s.correlation;
    if (s.speed == 0) {
      return c.childTicks();
    }
    return c.childTicks()
        + (parentTicks - c.parentTicks()) * s.tickRate * s.speed / parentTickRate();
  }

  @Override
  protected double errorAtTime(double ticks) {
    State s = state;
    return s.correlation.errorAt(toParentTicks(s, ticks), parentTickRate());
  }

  /**
   * Replaces the state atomically and notifies listeners if it changed.
   *
   * @param change computes the new state from the old
   */
  private void update(UnaryOperator<State> change) {
    boolean changed;
    synchronized (this) {
      State before = state;
      State after = change.apply(before);
      changed = !after.equals(before);
      state = after;
    }
    if (changed) {
      notifyChanged();
    }
  }

  /**
   * Applies a change to the state computed from the current state and the parent's reading, as one
   * atomic step, for subclasses that change "from now".
   *
   * @param tickRate the new tick rate, or NaN to keep it
   * @param speed the new speed, or NaN to keep it
   * @param childTicksOffset added to the child ticks of the rebased correlation
   * @param initialError the new initial error, or NaN to keep the rebased one
   * @param errorGrowthRate the new growth rate, or NaN to keep it
   */
  final void changeFromNow(
      double tickRate,
      double speed,
      double childTicksOffset,
      double initialError,
      double errorGrowthRate) {
    synchronized (this) {
      State before = state;
      double newTickRate = Double.isNaN(tickRate) ? before.tickRate : tickRate;
      double newSpeed = Double.isNaN(speed) ? before.speed : speed;
      double parentNow = parent().ticks();
      Correlation c = rebased(before.correlation, parentNow, fromParentTicks(before, parentNow));
      double newError = Double.isNaN(initialError) ? c.initialError() : initialError;
      double newGrowth = Double.isNaN(errorGrowthRate) ? c.errorGrowthRate() : errorGrowthRate;
      boolean changed =
          newTickRate != before.tickRate
              || newSpeed != before.speed
              || childTicksOffset != 0
              || newError != c.initialError()
              || newGrowth != c.errorGrowthRate();
      if (!changed) {
        return;
      }
      state =
          new State(
              newTickRate,
              newSpeed,
              new Correlation(
                  c.parentTicks(), c.childTicks() + childTicksOffset, newError, newGrowth));
    }
    notifyChanged();
  }

  @Override
  public String toString() {
    State s = state;
    return getClass().getSimpleName()
        + "[tickRate="
        + s.tickRate
        + ", speed="
        + s.speed
        + ", "
        + s.correlation
        + "]";
  }
}
