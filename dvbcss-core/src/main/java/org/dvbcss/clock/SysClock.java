package org.dvbcss.clock;

import org.jspecify.annotations.Nullable;

/**
 * The root of a clock tree: reads a {@link TimeSource} at a fixed tick rate.
 *
 * <p>Its readings are whole ticks ({@code floor(nanos * tickRate / 1e9)}, computed exactly by
 * {@link Ticks#floorTicks(long, double)}). Its error is its precision: given at construction, or
 * measured by reading the source repeatedly and taking the smallest positive step (never finer than
 * one tick). It states a maximum frequency error, in ppm, which wall-clock algorithms use to bound
 * how fast the error of a measurement grows.
 *
 * <p>A root clock is always available, cannot change parent, and has no parent ticks.
 *
 * <p>Immutable and thread safe.
 */
public final class SysClock extends Clock {
  /** The default tick rate: nanoseconds. */
  public static final double DEFAULT_TICK_RATE = 1e9;

  /** The default maximum frequency error, ppm: what the protocol's reference assumes. */
  public static final double DEFAULT_MAX_FREQ_ERROR_PPM = 500;

  private final TimeSource timeSource;
  private final double tickRate;
  private final double maxFreqErrorPpm;
  private final double precision;

  private SysClock(Builder b) {
    this.timeSource = b.timeSource;
    this.tickRate = b.tickRate;
    this.maxFreqErrorPpm = b.maxFreqErrorPpm;
    this.precision =
        Double.isNaN(b.precision)
            ? measurePrecision(b.timeSource, b.tickRate, 10_000)
            : b.precision;
  }

  /** A clock of {@link #DEFAULT_TICK_RATE} on {@link TimeSource#system()}, precision measured. */
  public SysClock() {
    this(builder());
  }

  /**
   * Starts a configuration.
   *
   * @return a builder with the defaults: system time, 1e9 ticks per second, 500 ppm, measured
   *     precision
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public double ticks() {
    return Ticks.floorTicks(timeSource.nanoTime(), tickRate);
  }

  @Override
  public double tickRate() {
    return tickRate;
  }

  @Override
  public @Nullable Clock parent() {
    return null;
  }

  @Override
  public double toParentTicks(double ticks) {
    throw new IllegalStateException("a root clock has no parent");
  }

  @Override
  public double fromParentTicks(double parentTicks) {
    throw new IllegalStateException("a root clock has no parent");
  }

  /**
   * {@inheritDoc}
   *
   * <p>For the root this is {@link Ticks#toNanos(double, double)}: the double nearest to {@code
   * ticks * 1e9 / tickRate}.
   */
  @Override
  public double calcWhen(double ticks) {
    return Ticks.toNanos(ticks, tickRate);
  }

  @Override
  protected double errorAtTime(double ticks) {
    return precision;
  }

  /**
   * The precision of a reading: the smallest step the clock was seen to take, or the value
   * configured.
   *
   * @return seconds
   */
  public double precision() {
    return precision;
  }

  /**
   * The maximum frequency error configured for this clock.
   *
   * @return parts per million
   */
  public double maxFreqErrorPpm() {
    return maxFreqErrorPpm;
  }

  @Override
  public double rootMaxFreqErrorPpm() {
    return maxFreqErrorPpm;
  }

  @Override
  public TimeSource timeSource() {
    return timeSource;
  }

  @Override
  public String toString() {
    return "SysClock[tickRate="
        + tickRate
        + ", precision="
        + precision
        + " s, "
        + maxFreqErrorPpm
        + " ppm]";
  }

  /**
   * Measures how finely a time source resolves time at a given tick rate: reads it repeatedly and
   * takes the smallest positive step between consecutive whole-tick readings. Stops after {@code
   * samples} positive steps or {@code 100 * samples} reads; a source that never moves yields one
   * tick.
   *
   * @param source the time source
   * @param tickRate ticks per second
   * @param samples how many positive steps to look at
   * @return seconds, at least {@code 1 / tickRate}
   */
  public static double measurePrecision(TimeSource source, double tickRate, int samples) {
    double best = Double.POSITIVE_INFINITY;
    int seen = 0;
    long reads = 100L * samples;
    double previous = Ticks.floorTicks(source.nanoTime(), tickRate);
    for (long i = 0; i < reads && seen < samples; i++) {
      double now = Ticks.floorTicks(source.nanoTime(), tickRate);
      if (now > previous) {
        best = Math.min(best, now - previous);
        seen++;
      }
      previous = now;
    }
    return Math.max(best == Double.POSITIVE_INFINITY ? 1 : best, 1) / tickRate;
  }

  /** Configuration of a {@link SysClock}. Not thread safe. */
  public static final class Builder {
    private TimeSource timeSource = TimeSource.system();
    private double tickRate = DEFAULT_TICK_RATE;
    private double maxFreqErrorPpm = DEFAULT_MAX_FREQ_ERROR_PPM;
    private double precision = Double.NaN;

    private Builder() {}

    /**
     * The time source to read.
     *
     * @param source the source
     * @return this builder
     */
    public Builder timeSource(TimeSource source) {
      this.timeSource = source;
      return this;
    }

    /**
     * The tick rate.
     *
     * @param ticksPerSecond positive and finite
     * @return this builder
     */
    public Builder tickRate(double ticksPerSecond) {
      if (!(ticksPerSecond > 0) || Double.isInfinite(ticksPerSecond)) {
        throw new IllegalArgumentException(
            "tickRate must be positive and finite: " + ticksPerSecond);
      }
      this.tickRate = ticksPerSecond;
      return this;
    }

    /**
     * The maximum frequency error this clock can have.
     *
     * @param ppm parts per million, not negative
     * @return this builder
     */
    public Builder maxFreqErrorPpm(double ppm) {
      if (!(ppm >= 0) || !(ppm < 1e6)) {
        // at 10^6 ppm or more the clock may stand still: no error bound can grow from it
        throw new IllegalArgumentException("maxFreqErrorPpm must be in [0, 1e6): " + ppm);
      }
      this.maxFreqErrorPpm = ppm;
      return this;
    }

    /**
     * The precision of a reading, instead of measuring it.
     *
     * @param seconds not negative
     * @return this builder
     */
    public Builder precision(double seconds) {
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException("precision must be >= 0 seconds and finite: " + seconds);
      }
      this.precision = seconds;
      return this;
    }

    /**
     * Builds the clock, measuring its precision now if none was given.
     *
     * @return the clock
     */
    public SysClock build() {
      return new SysClock(this);
    }
  }
}
