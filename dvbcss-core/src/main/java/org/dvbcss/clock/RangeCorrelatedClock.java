package org.dvbcss.clock;

/**
 * A clock that interpolates (and extrapolates) linearly through two correlations with its parent.
 *
 * <p>It reads {@code (parent.ticks() - c1.parentTicks) * (c2.childTicks - c1.childTicks) /
 * (c2.parentTicks - c1.parentTicks) + c1.childTicks}, in floating point. Its tick rate is advisory
 * (it does not affect readings) and its speed is always 1. Its error at a reading is the smaller of
 * the two correlations' errors at that reading, using absolute distances.
 *
 * <p>Thread safe: both correlations are replaced together, atomically.
 */
public class RangeCorrelatedClock extends ChildClock {

  private record State(double tickRate, Correlation first, Correlation second) {
    State {
      CorrelatedClock.checkTickRate(tickRate);
      if (first.parentTicks() == second.parentTicks()) {
        throw new IllegalArgumentException(
            "the two correlations need different parent ticks: " + first + ", " + second);
      }
    }
  }

  private volatile State state;

  /**
   * A clock through two correlations.
   *
   * @param parent the parent clock
   * @param tickRate the advisory tick rate, ticks per second
   * @param first one correlation
   * @param second another correlation, with different parent ticks
   */
  public RangeCorrelatedClock(
      Clock parent, double tickRate, Correlation first, Correlation second) {
    super(parent);
    this.state = new State(tickRate, first, second);
  }

  @Override
  public double ticks() {
    return fromParentTicks(parent().ticks());
  }

  @Override
  public double tickRate() {
    return state.tickRate;
  }

  /**
   * The first correlation.
   *
   * @return the correlation
   */
  public Correlation firstCorrelation() {
    return state.first;
  }

  /**
   * The second correlation.
   *
   * @return the correlation
   */
  public Correlation secondCorrelation() {
    return state.second;
  }

  /**
   * Replaces both correlations. Listeners hear of it if either changed.
   *
   * @param first one correlation
   * @param second another correlation, with different parent ticks
   */
  public void setCorrelations(Correlation first, Correlation second) {
    boolean changed;
    synchronized (this) {
      State before = state;
      State after = new State(before.tickRate, first, second);
      changed = !after.equals(before);
      state = after;
    }
    if (changed) {
      notifyChanged();
    }
  }

  @Override
  public double toParentTicks(double ticks) {
    State s = state;
    Correlation a = s.first;
    Correlation b = s.second;
    double childSpan = b.childTicks() - a.childTicks();
    if (childSpan == 0) {
      return ticks == a.childTicks() ? a.parentTicks() : Double.NaN;
    }
    return (ticks - a.childTicks()) * (b.parentTicks() - a.parentTicks()) / childSpan
        + a.parentTicks();
  }

  @Override
  public double fromParentTicks(double parentTicks) {
    State s = state;
    Correlation a = s.first;
    Correlation b = s.second;
    return (parentTicks - a.parentTicks())
            * (b.childTicks() - a.childTicks())
            / (b.parentTicks() - a.parentTicks())
        + a.childTicks();
  }

  @Override
  protected double errorAtTime(double ticks) {
    State s = state;
    double parentTicks = toParentTicks(ticks);
    double rate = parentTickRate();
    return Math.min(s.first.errorAt(parentTicks, rate), s.second.errorAt(parentTicks, rate));
  }

  @Override
  public String toString() {
    State s = state;
    return "RangeCorrelatedClock[tickRate=" + s.tickRate + ", " + s.first + ", " + s.second + "]";
  }
}
