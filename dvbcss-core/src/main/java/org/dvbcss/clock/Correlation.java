package org.dvbcss.clock;

/**
 * A point where a clock's ticks are tied to its parent's ticks, with the error of that tie.
 *
 * <p>A {@link CorrelatedClock} reads {@code childTicks} when its parent reads {@code parentTicks}.
 * The error of that statement is {@code initialError} seconds at the correlation point and grows by
 * {@code errorGrowthRate} seconds per second of parent time away from it, in either direction.
 *
 * <p>Immutable and thread safe. The {@code with...} methods return modified copies (the reference
 * implementation calls this {@code butWith}).
 *
 * @param parentTicks the parent clock's reading at the correlation point, parent ticks; finite
 * @param childTicks the child clock's reading at the same point, child ticks; finite
 * @param initialError the error at the correlation point, seconds; not negative, may be infinite
 *     (meaning "no idea yet")
 * @param errorGrowthRate how fast the error grows away from the point, seconds per second; not
 *     negative
 */
public record Correlation(
    double parentTicks, double childTicks, double initialError, double errorGrowthRate) {

  /** The correlation (0, 0) with no error. */
  public static final Correlation ZERO = new Correlation(0, 0);

  /** Validates the fields; normalises -0.0 to 0.0 so that equal correlations compare equal. */
  public Correlation {
    if (!Double.isFinite(parentTicks)) {
      throw new IllegalArgumentException("parentTicks must be finite: " + parentTicks);
    }
    if (!Double.isFinite(childTicks)) {
      throw new IllegalArgumentException("childTicks must be finite: " + childTicks);
    }
    if (!(initialError >= 0)) {
      throw new IllegalArgumentException("initialError must be >= 0 seconds: " + initialError);
    }
    if (!(errorGrowthRate >= 0)) {
      throw new IllegalArgumentException(
          "errorGrowthRate must be >= 0 seconds per second: " + errorGrowthRate);
    }
    parentTicks += 0.0;
    childTicks += 0.0;
    initialError += 0.0;
    errorGrowthRate += 0.0;
  }

  /**
   * A correlation with no error.
   *
   * @param parentTicks the parent's reading, parent ticks
   * @param childTicks the child's reading at the same point, child ticks
   */
  public Correlation(double parentTicks, double childTicks) {
    this(parentTicks, childTicks, 0, 0);
  }

  /**
   * Copy with other tick values and the same error parameters.
   *
   * @param newParentTicks parent ticks
   * @param newChildTicks child ticks
   * @return the copy
   */
  public Correlation withTicks(double newParentTicks, double newChildTicks) {
    return new Correlation(newParentTicks, newChildTicks, initialError, errorGrowthRate);
  }

  /**
   * Copy with another parent tick value.
   *
   * @param newParentTicks parent ticks
   * @return the copy
   */
  public Correlation withParentTicks(double newParentTicks) {
    return new Correlation(newParentTicks, childTicks, initialError, errorGrowthRate);
  }

  /**
   * Copy with another child tick value.
   *
   * @param newChildTicks child ticks
   * @return the copy
   */
  public Correlation withChildTicks(double newChildTicks) {
    return new Correlation(parentTicks, newChildTicks, initialError, errorGrowthRate);
  }

  /**
   * Copy with another initial error.
   *
   * @param newInitialError seconds
   * @return the copy
   */
  public Correlation withInitialError(double newInitialError) {
    return new Correlation(parentTicks, childTicks, newInitialError, errorGrowthRate);
  }

  /**
   * Copy with another error growth rate.
   *
   * @param newErrorGrowthRate seconds per second
   * @return the copy
   */
  public Correlation withErrorGrowthRate(double newErrorGrowthRate) {
    return new Correlation(parentTicks, childTicks, initialError, newErrorGrowthRate);
  }

  /**
   * The error of this correlation at a parent tick value: {@code initialError + |parentTicksWhen -
   * parentTicks| / parentTickRate * errorGrowthRate}. This is the own error a {@link
   * CorrelatedClock} with this correlation has there, not counting its parent's dispersion.
   *
   * @param parentTicksWhen a parent tick value; NaN gives +infinity
   * @param parentTickRate the parent's tick rate, ticks per second
   * @return seconds; never negative
   */
  public double errorAt(double parentTicksWhen, double parentTickRate) {
    if (Double.isNaN(parentTicksWhen)) {
      return Double.POSITIVE_INFINITY;
    }
    if (errorGrowthRate == 0 || initialError == Double.POSITIVE_INFINITY) {
      return initialError;
    }
    return initialError
        + Math.abs(parentTicksWhen - parentTicks) / parentTickRate * errorGrowthRate;
  }
}
