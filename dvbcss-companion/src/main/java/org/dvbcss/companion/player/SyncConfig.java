package org.dvbcss.companion.player;

/**
 * The settings of a {@link PlayerSynchroniser}'s controller, alerts and timing reports: an
 * immutable value, built with {@link #builder()} ({@link #toBuilder()} to change one).
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@link #targetSeconds()}</td><td>0.010</td><td>the error the synchroniser aims to stay within, seconds; the share of time within it is reported</td></tr>
 * <tr><td>{@link #filterTimeConstantSeconds()}</td><td>0.5</td><td>the time constant of the exponential filter of the player's position, seconds</td></tr>
 * <tr><td>{@link #actSeconds()}</td><td>0.005</td><td>start correcting when the predicted error exceeds this, seconds (hysteresis: upper threshold)</td></tr>
 * <tr><td>{@link #releaseSeconds()}</td><td>0.002</td><td>stop correcting when the predicted error is below this, seconds (hysteresis: lower threshold)</td></tr>
 * <tr><td>{@link #rateLimit()}</td><td>0.05</td><td>the largest rate correction, a fraction of the TV's speed (0.05: ±5 %)</td></tr>
 * <tr><td>{@link #correctionHorizonSeconds()}</td><td>0.5</td><td>the rate correction removes the predicted error over about this long, seconds (proportional gain 1/horizon)</td></tr>
 * <tr><td>{@link #rateStep()}</td><td>0.0025</td><td>rate corrections are multiples of this fraction of the TV's speed, so that the player is not told a new rate every tick</td></tr>
 * <tr><td>{@link #seekThresholdSeconds()}</td><td>0.15</td><td>seek instead of changing the rate when the predicted error exceeds this, seconds</td></tr>
 * <tr><td>{@link #seekLeadSeconds()}</td><td>0.15</td><td>seek this far ahead of the TV's position (times its speed), seconds: the player's seek latency; the starting value if adapted</td></tr>
 * <tr><td>{@link #adaptSeekLead()}</td><td>true</td><td>whether to learn the seek lead from where seeks land</td></tr>
 * <tr><td>{@link #deadTimeSeconds()}</td><td>0.05</td><td>how long a rate change takes to take effect in the player, seconds; the controller predicts the error this far ahead</td></tr>
 * <tr><td>{@link #cooldownSeconds()}</td><td>1.0</td><td>the least time between two seeks, seconds</td></tr>
 * <tr><td>{@link #alertErrorSeconds()}</td><td>0.020</td><td>an error alert is raised when the estimated error exceeds this, seconds</td></tr>
 * <tr><td>{@link #alertDelaySeconds()}</td><td>0.5</td><td>for at least this long, seconds (an alert condition must persist this long to raise)</td></tr>
 * <tr><td>{@link #alertClearSeconds()}</td><td>1.0</td><td>an alert clears when its quantity has been within the target for this long, seconds</td></tr>
 * <tr><td>{@link #calibrationSeconds()}</td><td>0</td><td>output latency added to the player's own, seconds: the measured difference between the player's declared latency and what a viewer sees (positive: the output appears later)</td></tr>
 * <tr><td>{@link #mediaOffsetSeconds()}</td><td>0</td><td>the player's media position minus the TV timeline's position for the same frame, seconds</td></tr>
 * <tr><td>{@link #reportHorizonSeconds()}</td><td>1.0</td><td>timing reports' earliest and latest are the actual presentation moved by rate limit times this, seconds</td></tr>
 * <tr><td>{@link #reportIntervalSeconds()}</td><td>1.0</td><td>how often timing reports are sent, seconds; 0 never</td></tr>
 * <tr><td>{@link #tickPeriodSeconds()}</td><td>0.01</td><td>the period of the synchroniser's own scheduler ({@link PlayerSynchroniser#start()}), seconds</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe.
 *
 * @param targetSeconds the error the synchroniser aims to stay within, seconds; the share of time
 *     within it is reported
 * @param filterTimeConstantSeconds the time constant of the exponential filter of the player's
 *     position, seconds
 * @param actSeconds start correcting when the predicted error exceeds this, seconds (hysteresis:
 *     upper threshold)
 * @param releaseSeconds stop correcting when the predicted error is below this, seconds
 *     (hysteresis: lower threshold)
 * @param rateLimit the largest rate correction, a fraction of the TV's speed (0.05: ±5 %)
 * @param correctionHorizonSeconds the rate correction removes the predicted error over about this
 *     long, seconds (proportional gain 1/horizon)
 * @param rateStep rate corrections are multiples of this fraction of the TV's speed, so that the
 *     player is not told a new rate every tick
 * @param seekThresholdSeconds seek instead of changing the rate when the predicted error exceeds
 *     this, seconds
 * @param seekLeadSeconds seek this far ahead of the TV's position (times its speed), seconds: the
 *     player's seek latency; the starting value if adapted
 * @param adaptSeekLead whether to learn the seek lead from where seeks land
 * @param deadTimeSeconds how long a rate change takes to take effect in the player, seconds; the
 *     controller predicts the error this far ahead
 * @param cooldownSeconds the least time between two seeks, seconds
 * @param alertErrorSeconds an error alert is raised when the estimated error exceeds this, seconds
 * @param alertDelaySeconds for at least this long, seconds (an alert condition must persist this
 *     long to raise)
 * @param alertClearSeconds an alert clears when its quantity has been within the target for this
 *     long, seconds
 * @param calibrationSeconds output latency added to the player's own, seconds: the measured
 *     difference between the player's declared latency and what a viewer sees (positive: the output
 *     appears later)
 * @param mediaOffsetSeconds the player's media position minus the TV timeline's position for the
 *     same frame, seconds
 * @param reportHorizonSeconds timing reports' earliest and latest are the actual presentation moved
 *     by rate limit times this, seconds
 * @param reportIntervalSeconds how often timing reports are sent, seconds; 0 never
 * @param tickPeriodSeconds the period of the synchroniser's own scheduler ({@link
 *     PlayerSynchroniser#start()}), seconds
 */
public record SyncConfig(
    double targetSeconds,
    double filterTimeConstantSeconds,
    double actSeconds,
    double releaseSeconds,
    double rateLimit,
    double correctionHorizonSeconds,
    double rateStep,
    double seekThresholdSeconds,
    double seekLeadSeconds,
    boolean adaptSeekLead,
    double deadTimeSeconds,
    double cooldownSeconds,
    double alertErrorSeconds,
    double alertDelaySeconds,
    double alertClearSeconds,
    double calibrationSeconds,
    double mediaOffsetSeconds,
    double reportHorizonSeconds,
    double reportIntervalSeconds,
    double tickPeriodSeconds) {

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a setting is out of range
   */
  public SyncConfig {
    positive("targetSeconds", targetSeconds);
    positive("filterTimeConstantSeconds", filterTimeConstantSeconds);
    positive("actSeconds", actSeconds);
    atLeastZero("releaseSeconds", releaseSeconds);
    if (releaseSeconds >= actSeconds) {
      throw new IllegalArgumentException(
          "releaseSeconds must be below actSeconds: " + releaseSeconds + " >= " + actSeconds);
    }
    positive("rateLimit", rateLimit);
    if (rateLimit >= 1) {
      throw new IllegalArgumentException("rateLimit must be below 1: " + rateLimit);
    }
    positive("correctionHorizonSeconds", correctionHorizonSeconds);
    positive("rateStep", rateStep);
    if (rateStep > rateLimit) {
      throw new IllegalArgumentException("rateStep must not exceed rateLimit: " + rateStep);
    }
    positive("seekThresholdSeconds", seekThresholdSeconds);
    atLeastZero("seekLeadSeconds", seekLeadSeconds);
    atLeastZero("deadTimeSeconds", deadTimeSeconds);
    atLeastZero("cooldownSeconds", cooldownSeconds);
    positive("alertErrorSeconds", alertErrorSeconds);
    atLeastZero("alertDelaySeconds", alertDelaySeconds);
    atLeastZero("alertClearSeconds", alertClearSeconds);
    finite("calibrationSeconds", calibrationSeconds);
    finite("mediaOffsetSeconds", mediaOffsetSeconds);
    atLeastZero("reportHorizonSeconds", reportHorizonSeconds);
    atLeastZero("reportIntervalSeconds", reportIntervalSeconds);
    positive("tickPeriodSeconds", tickPeriodSeconds);
  }

  private static void finite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite: " + v);
    }
  }

  private static void atLeastZero(String name, double v) {
    finite(name, v);
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + v);
    }
  }

  private static void positive(String name, double v) {
    finite(name, v);
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + v);
    }
  }

  /**
   * The defaults (see the table above).
   *
   * @return the defaults
   */
  public static SyncConfig defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.targetSeconds = targetSeconds;
    b.filterTimeConstantSeconds = filterTimeConstantSeconds;
    b.actSeconds = actSeconds;
    b.releaseSeconds = releaseSeconds;
    b.rateLimit = rateLimit;
    b.correctionHorizonSeconds = correctionHorizonSeconds;
    b.rateStep = rateStep;
    b.seekThresholdSeconds = seekThresholdSeconds;
    b.seekLeadSeconds = seekLeadSeconds;
    b.adaptSeekLead = adaptSeekLead;
    b.deadTimeSeconds = deadTimeSeconds;
    b.cooldownSeconds = cooldownSeconds;
    b.alertErrorSeconds = alertErrorSeconds;
    b.alertDelaySeconds = alertDelaySeconds;
    b.alertClearSeconds = alertClearSeconds;
    b.calibrationSeconds = calibrationSeconds;
    b.mediaOffsetSeconds = mediaOffsetSeconds;
    b.reportHorizonSeconds = reportHorizonSeconds;
    b.reportIntervalSeconds = reportIntervalSeconds;
    b.tickPeriodSeconds = tickPeriodSeconds;
    return b;
  }

  /** Builds a {@link SyncConfig}; every setting starts at its default. Not thread safe. */
  public static final class Builder {
    private double targetSeconds = 0.010;
    private double filterTimeConstantSeconds = 0.5;
    private double actSeconds = 0.005;
    private double releaseSeconds = 0.002;
    private double rateLimit = 0.05;
    private double correctionHorizonSeconds = 0.5;
    private double rateStep = 0.0025;
    private double seekThresholdSeconds = 0.15;
    private double seekLeadSeconds = 0.15;
    private boolean adaptSeekLead = true;
    private double deadTimeSeconds = 0.05;
    private double cooldownSeconds = 1.0;
    private double alertErrorSeconds = 0.020;
    private double alertDelaySeconds = 0.5;
    private double alertClearSeconds = 1.0;
    private double calibrationSeconds = 0;
    private double mediaOffsetSeconds = 0;
    private double reportHorizonSeconds = 1.0;
    private double reportIntervalSeconds = 1.0;
    private double tickPeriodSeconds = 0.01;

    private Builder() {}

    /**
     * Sets {@link SyncConfig#targetSeconds()}.
     *
     * @param value the error the synchroniser aims to stay within, seconds; the share of time
     *     within it is reported
     * @return this builder
     */
    public Builder targetSeconds(double value) {
      this.targetSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#filterTimeConstantSeconds()}.
     *
     * @param value the time constant of the exponential filter of the player's position, seconds
     * @return this builder
     */
    public Builder filterTimeConstantSeconds(double value) {
      this.filterTimeConstantSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#actSeconds()}.
     *
     * @param value start correcting when the predicted error exceeds this, seconds (hysteresis:
     *     upper threshold)
     * @return this builder
     */
    public Builder actSeconds(double value) {
      this.actSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#releaseSeconds()}.
     *
     * @param value stop correcting when the predicted error is below this, seconds (hysteresis:
     *     lower threshold)
     * @return this builder
     */
    public Builder releaseSeconds(double value) {
      this.releaseSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#rateLimit()}.
     *
     * @param value the largest rate correction, a fraction of the TV's speed (0.05: ±5 %)
     * @return this builder
     */
    public Builder rateLimit(double value) {
      this.rateLimit = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#correctionHorizonSeconds()}.
     *
     * @param value the rate correction removes the predicted error over about this long, seconds
     *     (proportional gain 1/horizon)
     * @return this builder
     */
    public Builder correctionHorizonSeconds(double value) {
      this.correctionHorizonSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#rateStep()}.
     *
     * @param value rate corrections are multiples of this fraction of the TV's speed, so that the
     *     player is not told a new rate every tick
     * @return this builder
     */
    public Builder rateStep(double value) {
      this.rateStep = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#seekThresholdSeconds()}.
     *
     * @param value seek instead of changing the rate when the predicted error exceeds this, seconds
     * @return this builder
     */
    public Builder seekThresholdSeconds(double value) {
      this.seekThresholdSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#seekLeadSeconds()}.
     *
     * @param value seek this far ahead of the TV's position (times its speed), seconds: the
     *     player's seek latency; the starting value if adapted
     * @return this builder
     */
    public Builder seekLeadSeconds(double value) {
      this.seekLeadSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#adaptSeekLead()}.
     *
     * @param value whether to learn the seek lead from where seeks land
     * @return this builder
     */
    public Builder adaptSeekLead(boolean value) {
      this.adaptSeekLead = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#deadTimeSeconds()}.
     *
     * @param value how long a rate change takes to take effect in the player, seconds; the
     *     controller predicts the error this far ahead
     * @return this builder
     */
    public Builder deadTimeSeconds(double value) {
      this.deadTimeSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#cooldownSeconds()}.
     *
     * @param value the least time between two seeks, seconds
     * @return this builder
     */
    public Builder cooldownSeconds(double value) {
      this.cooldownSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#alertErrorSeconds()}.
     *
     * @param value an error alert is raised when the estimated error exceeds this, seconds
     * @return this builder
     */
    public Builder alertErrorSeconds(double value) {
      this.alertErrorSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#alertDelaySeconds()}.
     *
     * @param value for at least this long, seconds (an alert condition must persist this long to
     *     raise)
     * @return this builder
     */
    public Builder alertDelaySeconds(double value) {
      this.alertDelaySeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#alertClearSeconds()}.
     *
     * @param value an alert clears when its quantity has been within the target for this long,
     *     seconds
     * @return this builder
     */
    public Builder alertClearSeconds(double value) {
      this.alertClearSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#calibrationSeconds()}.
     *
     * @param value output latency added to the player's own, seconds: the measured difference
     *     between the player's declared latency and what a viewer sees (positive: the output
     *     appears later)
     * @return this builder
     */
    public Builder calibrationSeconds(double value) {
      this.calibrationSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#mediaOffsetSeconds()}.
     *
     * @param value the player's media position minus the TV timeline's position for the same frame,
     *     seconds
     * @return this builder
     */
    public Builder mediaOffsetSeconds(double value) {
      this.mediaOffsetSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#reportHorizonSeconds()}.
     *
     * @param value timing reports' earliest and latest are the actual presentation moved by rate
     *     limit times this, seconds
     * @return this builder
     */
    public Builder reportHorizonSeconds(double value) {
      this.reportHorizonSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#reportIntervalSeconds()}.
     *
     * @param value how often timing reports are sent, seconds; 0 never
     * @return this builder
     */
    public Builder reportIntervalSeconds(double value) {
      this.reportIntervalSeconds = value;
      return this;
    }

    /**
     * Sets {@link SyncConfig#tickPeriodSeconds()}.
     *
     * @param value the period of the synchroniser's own scheduler ({@link
     *     PlayerSynchroniser#start()}), seconds
     * @return this builder
     */
    public Builder tickPeriodSeconds(double value) {
      this.tickPeriodSeconds = value;
      return this;
    }

    /**
     * Builds the value.
     *
     * @return the settings
     * @throws IllegalArgumentException if a setting is out of range
     */
    public SyncConfig build() {
      return new SyncConfig(
          targetSeconds,
          filterTimeConstantSeconds,
          actSeconds,
          releaseSeconds,
          rateLimit,
          correctionHorizonSeconds,
          rateStep,
          seekThresholdSeconds,
          seekLeadSeconds,
          adaptSeekLead,
          deadTimeSeconds,
          cooldownSeconds,
          alertErrorSeconds,
          alertDelaySeconds,
          alertClearSeconds,
          calibrationSeconds,
          mediaOffsetSeconds,
          reportHorizonSeconds,
          reportIntervalSeconds,
          tickPeriodSeconds);
    }
  }
}
