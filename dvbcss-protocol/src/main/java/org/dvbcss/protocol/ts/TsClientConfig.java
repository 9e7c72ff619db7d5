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
 */
public record TsClientConfig(
    double thresholdSeconds,
    @Nullable Clock earliest,
    @Nullable Clock latest,
    @Nullable SetupData setupData,
    ReadMode readMode) {

  /** The default threshold for applying a change, seconds: 0.1 ms, as in pydvbcss. */
  public static final double DEFAULT_THRESHOLD_SECONDS = 0.0001;

  /**
   * The default configuration: the default threshold, infinities, no setup data, tolerant reading.
   */
  public static final TsClientConfig DEFAULT =
      new TsClientConfig(DEFAULT_THRESHOLD_SECONDS, null, null, null, ReadMode.TOLERANT);

  /**
   * Validates the threshold.
   *
   * @throws IllegalArgumentException if {@code thresholdSeconds} is negative, infinite or NaN
   * @throws NullPointerException if {@code readMode} is null
   */
  public TsClientConfig {
    checkThreshold(thresholdSeconds);
    Objects.requireNonNull(readMode, "readMode");
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

    private Builder(TsClientConfig from) {
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
     * Builds the configuration.
     *
     * @return the configuration
     */
    public TsClientConfig build() {
      return new TsClientConfig(thresholdSeconds, earliest, latest, setupData, readMode);
    }
  }
}
