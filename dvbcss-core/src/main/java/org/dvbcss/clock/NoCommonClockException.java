package org.dvbcss.clock;

import java.util.List;

/** Thrown when two clocks are compared or converted between but do not share a root. */
public final class NoCommonClockException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<Clock> clocks;

  /**
   * Creates the exception.
   *
   * @param a one clock
   * @param b the other clock
   */
  public NoCommonClockException(Clock a, Clock b) {
    super("clocks " + a + " and " + b + " have no common ancestor");
    this.clocks = List.of(a, b);
  }

  /**
   * The two clocks.
   *
   * @return the clocks, in the order given
   */
  public List<Clock> clocks() {
    return clocks;
  }
}
