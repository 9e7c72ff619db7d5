package org.dvbcss.clock;

/**
 * A clock derived from a parent clock. It hears every change of its parent (and so of all its
 * ancestors) and passes it on to its own listeners and children.
 *
 * <p>Thread safe; see {@link Clock}.
 */
public abstract class ChildClock extends Clock {
  private volatile Clock parent;

  /**
   * Creates a clock bound to a parent.
   *
   * @param parent the parent clock
   */
  protected ChildClock(Clock parent) {
    this.parent = parent;
    parent.bindChild(this);
  }

  @Override
  public final Clock parent() {
    return parent;
  }

  /**
   * Moves this clock under another parent. Listeners hear of it if the parent actually changes.
   *
   * @param newParent the new parent
   * @throws IllegalArgumentException if {@code newParent} is this clock or one of its descendants
   */
  public void setParent(Clock newParent) {
    synchronized (this) {
      Clock old = parent;
      if (old == newParent) {
        return;
      }
      if (newParent.ancestry().contains(this)) {
        throw new IllegalArgumentException(
            "setting " + newParent + " as parent would make a cycle");
      }
      old.unbindChild(this);
      newParent.bindChild(this);
      parent = newParent;
    }
    notifyChanged();
  }

  @Override
  public double calcWhen(double ticks) {
    return parent.calcWhen(toParentTicks(ticks));
  }

  /**
   * The parent's tick rate, for subclasses' conversions.
   *
   * @return ticks per second
   */
  protected final double parentTickRate() {
    return parent.tickRate();
  }
}
