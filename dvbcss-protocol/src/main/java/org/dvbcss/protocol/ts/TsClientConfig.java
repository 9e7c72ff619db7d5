package org.dvbcss.protocol.ts;

import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.protocol.ReadMode;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link TsClientCore}: when a control timestamp is applied, which clocks give
 * the earliest and latest presentation timestamps, what the session asks the TV for, and how
 * strictly control timestamps are read.
 *
 * <p>Build one with {@link #builder()} or {@link #toBuilder()}. Which tree the clocks belong to is
 * checked when a {@link TsClientCore} is made with this configuration (it needs the timeline).
 *
 * <p>Immutable and thread safe (the clocks it names are thread safe themselves).
 *
 * @param thresholdSeconds a control timestamp that would move the timeline clock by this many
 *     seconds or less, at the same speed, is not applied (see {@link
 *     org.dvbcss.clock.CorrelatedClock#isChangeSignificant}); finite and 0 or more (0 applies every
 *     change)
 * @param earliest the clock whose current position is reported as the earliest presentation
 *     timestamp, ticking in timeline ticks in the wall clock's tree; null for minus infinity
 * @param latest the clock whose current position is reported as the latest presentation timestamp,
 *     ticking in timeline ticks in the wall clock's tree; null for plus infinity
 * @param setupData what the session asks for (see {@link TsClientCore#setupMessage()}); null if the
 *     transport sends the setup data itself
 * @param readMode how control timestamps are read (see {@link TsClientCore#onText(String)}): {@link
 *     ReadMode#TOLERANT} by default, accepting and reporting each documented deviation that has one
 *     sensible reading; {@link ReadMode#STRICT} for the spec only
 * @param tvRoundingTicks how far a control timestamp's content time may be from the TV's exact
 *     position at its wall clock time, in timeline ticks: the TV rounds its position to a whole
 *     tick, which is half a tick if it rounds to the nearest (the default, {@value
 *     #DEFAULT_TV_ROUNDING_TICKS}) and up to one if it truncates; finite and 0 or more
 * @param tvThresholdTicks how far the TV's timeline may move away from its last control timestamp
 *     before the TV sends a new one, in timeline ticks (the project's TV sends every change of a
 *     tick or more: the default, {@value #DEFAULT_TV_THRESHOLD_TICKS}); finite and 0 or more
 */
public record TsClientConfig(
    double thresholdSeconds,
    @Nullable Clock earliest,
    @Nullable Clock latest,
    @Nullable SetupData setupData,
    ReadMode readMode,
    double tvRoundingTicks,
    double tvThresholdTicks) {

  /** The default threshold for applying a change, seconds: 0.1 ms, as in pydvbcss. */
  public static final double DEFAULT_THRESHOLD_SECONDS = 0.0001;

  /** The default for {@link #tvRoundingTicks()}: half a tick, a TV that rounds to the nearest. */
  public static final double DEFAULT_TV_ROUNDING_TICKS = 0.5;

  /** The default for {@link #tvThresholdTicks()}: one tick, as the project's TV sends. */
  public static final double DEFAULT_TV_THRESHOLD_TICKS = 1.0;

  /** The wall clock time of a control timestamp is whole nanoseconds: half of one, in seconds. */
  private static final double WALL_ROUNDING_SECONDS = 0.5e-9;

  /**
   * The default configuration: the default threshold, infinities, no setup data, tolerant reading,
   * a TV that rounds to the nearest tick and sends every change of a tick or more.
   */
  public static final TsClientConfig DEFAULT =
      new TsClientConfig(
          DEFAULT_THRESHOLD_SECONDS,
          null,
          null,
          null,
          ReadMode.TOLERANT,
          DEFAULT_TV_ROUNDING_TICKS,
          DEFAULT_TV_THRESHOLD_TICKS);

  /**
   * Validates the threshold and the TV's declared terms.
   *
   * @throws IllegalArgumentException if {@code thresholdSeconds}, {@code tvRoundingTicks} or {@code
   *     tvThresholdTicks} is negative, infinite or NaN
   * @throws NullPointerException if {@code readMode} is null
   */
  public TsClientConfig {
    checkThreshold(thresholdSeconds);
    Objects.requireNonNull(readMode, "readMode");
    checkTicks(tvRoundingTicks, "tvRoundingTicks");
    checkTicks(tvThresholdTicks, "tvThresholdTicks");
  }

  /**
   * A configuration with the default TV terms.
   *
   * @param thresholdSeconds see the record's description
   * @param earliest see the record's description
   * @param latest see the record's description
   * @param setupData see the record's description
   * @param readMode see the record's description
   * @throws IllegalArgumentException if {@code thresholdSeconds} is negative, infinite or NaN
   */
  public TsClientConfig(
      double thresholdSeconds,
      @Nullable Clock earliest,
      @Nullable Clock latest,
      @Nullable SetupData setupData,
      ReadMode readMode) {
    this(
        thresholdSeconds,
        earliest,
        latest,
        setupData,
        readMode,
        DEFAULT_TV_ROUNDING_TICKS,
        DEFAULT_TV_THRESHOLD_TICKS);
  }

  /**
   * How far the timeline position a control timestamp gives the companion can be from the TV's true
   * position, before any wall clock error: the error the controller puts in the timeline clock's
   * correlation when it applies one. The sum of
   *
   * <ul>
   *   <li>the TV's rounding of the content time, {@code tvRoundingTicks / tickRate};
   *   <li>the TV's change threshold, {@code tvThresholdTicks / tickRate};
   *   <li>the companion's own threshold: a change it does not apply leaves the timeline clock up to
   *       {@code thresholdSeconds} of wall clock time away from the TV's statement, which is {@code
   *       thresholdSeconds * |speed|} of content time (at speed 0 the threshold is measured in
   *       content time, so {@code thresholdSeconds});
   *   <li>the wall clock time's resolution: whole nanoseconds, half a nanosecond of wall clock time
   *       at most, {@code 0.5e-9 * |speed|} of content time.
   * </ul>
   *
   * <p>The wall clock's own error is not in it: the timeline clock adds its parent's dispersion,
   * scaled by {@code |speed|} (see {@link Clock#dispersionAtTime}).
   *
   * @param tickRate the timeline's tick rate, ticks per second, positive
   * @param speed the timeline's speed in the control timestamp
   * @return seconds of content time, not negative
   */
  public double timestampErrorSeconds(double tickRate, double speed) {
    double s = Math.abs(speed);
    double ours = s == 0 ? thresholdSeconds : thresholdSeconds * s;
    return (tvRoundingTicks + tvThresholdTicks) / tickRate + ours + WALL_ROUNDING_SECONDS * s;
  }

  /**
   * A configuration that reads {@linkplain ReadMode#TOLERANT tolerantly}.
   *
   * @param thresholdSeconds see the record's description
   * @param earliest see the record's description
   * @param latest see the record's description
   * @param setupData see the record's description
   * @throws IllegalArgumentException if {@code thresholdSeconds} is negative, infinite or NaN
   */
  public TsClientConfig(
      double thresholdSeconds,
      @Nullable Clock earliest,
      @Nullable Clock latest,
      @Nullable SetupData setupData) {
    this(thresholdSeconds, earliest, latest, setupData, ReadMode.TOLERANT);
  }

  /**
   * Starts a configuration from the defaults ({@link #DEFAULT}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /**
   * Starts a configuration from this one.
   *
   * @return a builder holding this configuration's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static double checkTicks(double ticks, String name) {
    if (!(ticks >= 0) || Double.isInfinite(ticks)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0 ticks: " + ticks);
    }
    return ticks;
  }

  private static double checkThreshold(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("threshold must be finite and >= 0 s: " + seconds);
    }
    return seconds;
  }

  /** Builds a {@link TsClientConfig}. Not thread safe. */
  public static final class Builder {
    private double thresholdSeconds;
    private @Nullable Clock earliest;
    private @Nullable Clock latest;
    private @Nullable SetupData setupData;
    private ReadMode readMode;
    private double tvRoundingTicks;
    private double tvThresholdTicks;

    private Builder(TsClientConfig from) {
      this.tvRoundingTicks = from.tvRoundingTicks;
      this.tvThresholdTicks = from.tvThresholdTicks;
      this.thresholdSeconds = from.thresholdSeconds;
      this.earliest = from.earliest;
      this.latest = from.latest;
      this.setupData = from.setupData;
      this.readMode = from.readMode;
    }

    /**
     * Sets the threshold: a control timestamp that would move the timeline clock by this much or
     * less (at the same speed) is not applied.
     *
     * @param seconds the threshold, seconds, 0 or more (0 applies every change)
     * @return this builder
     * @throws IllegalArgumentException if {@code seconds} is negative, infinite or NaN
     */
    public Builder thresholdSeconds(double seconds) {
      this.thresholdSeconds = checkThreshold(seconds);
      return this;
    }

    /**
     * Sets the clock whose current position is reported as the earliest presentation timestamp,
     * e.g. an {@link org.dvbcss.clock.OffsetClock} of the timeline ahead of it by how early the
     * companion can present. It ticks in timeline ticks and shares the wall clock's root.
     *
     * @param clock the clock, or null for minus infinity
     * @return this builder
     */
    public Builder earliest(@Nullable Clock clock) {
      this.earliest = clock;
      return this;
    }

    /**
     * Sets the clock whose current position is reported as the latest presentation timestamp, e.g.
     * an {@link org.dvbcss.clock.OffsetClock} of the timeline behind it by how late the companion
     * can present. It ticks in timeline ticks and shares the wall clock's root.
     *
     * @param clock the clock, or null for plus infinity
     * @return this builder
     */
    public Builder latest(@Nullable Clock clock) {
      this.latest = clock;
      return this;
    }

    /**
     * Sets what the session asks the TV for, so that {@link TsClientCore#setupMessage()} can give
     * the first message of each connection.
     *
     * @param setupData the setup data, or null if the transport sends its own
     * @return this builder
     */
    public Builder setupData(@Nullable SetupData setupData) {
      this.setupData = setupData;
      return this;
    }

    /**
     * Sets how control timestamps are read: {@link ReadMode#TOLERANT} (the default) accepts and
     * reports each documented deviation that has one sensible reading; {@link ReadMode#STRICT}
     * accepts the spec only and treats anything else as an invalid message.
     *
     * @param readMode the mode
     * @return this builder
     * @throws NullPointerException if {@code readMode} is null
     */
    public Builder readMode(ReadMode readMode) {
      this.readMode = Objects.requireNonNull(readMode, "readMode");
      return this;
    }

    /**
     * Declares how the TV rounds a control timestamp's content time: how far it may be from the
     * TV's exact position at the timestamp's wall clock time. 0.5 (the default) for a TV that
     * rounds to the nearest tick, 1 for one that truncates, 0 for one that picks a wall clock time
     * at which its position is a whole tick.
     *
     * @param ticks timeline ticks, finite and 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code ticks} is negative, infinite or NaN
     */
    public Builder tvRoundingTicks(double ticks) {
      this.tvRoundingTicks = checkTicks(ticks, "tvRoundingTicks");
      return this;
    }

    /**
     * Declares the TV's change threshold: how far its timeline may move from what it last sent
     * before it sends a new control timestamp. The default is 1, as the project's TV sends.
     *
     * @param ticks timeline ticks, finite and 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code ticks} is negative, infinite or NaN
     */
    public Builder tvThresholdTicks(double ticks) {
      this.tvThresholdTicks = checkTicks(ticks, "tvThresholdTicks");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public TsClientConfig build() {
      return new TsClientConfig(
          thresholdSeconds,
          earliest,
          latest,
          setupData,
          readMode,
          tvRoundingTicks,
          tvThresholdTicks);
    }
  }
}
