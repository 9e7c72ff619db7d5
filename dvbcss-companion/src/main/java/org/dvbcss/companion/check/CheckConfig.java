package org.dvbcss.companion.check;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dvbcss.companion.discovery.DiscoveryConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;

/**
 * What a conformance check runs against and how long it spends.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #ciiUrl()}</td><td>(required without discovery)</td><td>the TV's CSS-CII
 *       URL, {@code ws://host:port/path}</td></tr>
 *   <tr><td>{@link #discovery()}</td><td>none</td><td>find the TV by DIAL first, grade DIAL
 *       (R-DISC-*), then check the CII URL it advertises (the one matching {@link #ciiUrl()} if
 *       that is set, else the first TV found)</td></tr>
 *   <tr><td>{@link #duration()}</td><td>65 s</td><td>how long the wall clock's rate and the
 *       timelines' rates are measured; R-WC-6 needs 60 s to grade the rate, and a shorter run
 *       reports it as INFO</td></tr>
 *   <tr><td>{@link #connectTimeout()}</td><td>5 s</td><td>the limit for each connection and for
 *       each awaited message</td></tr>
 *   <tr><td>{@link #guide()}</td><td>none</td><td>who carries out guided steps; none skips
 *       them</td></tr>
 *   <tr><td>{@link #steps()}</td><td>every {@link GuidedStep}</td><td>the guided steps to
 *       ask for, in order</td></tr>
 *   <tr><td>{@link #wallClockServer()}</td><td>none</td><td>a CSS-WC server to measure instead
 *       of the one CII advertises</td></tr>
 *   <tr><td>{@link #rapidConnections()}</td><td>400</td><td>connection attempts made in a burst
 *       for R-WS-5</td></tr>
 *   <tr><td>{@link #tsClients()}</td><td>10</td><td>simultaneous CSS-TS clients for
 *       R-TS-12</td></tr>
 *   <tr><td>{@link #availabilityWait()}</td><td>5 s</td><td>how long a timeline may take to
 *       become available (R-TS-11)</td></tr>
 * </table>
 *
 * @param ciiUrl the TV's CSS-CII URL, or null when {@code discovery} finds it
 * @param discovery DIAL discovery to run first, or null
 * @param duration how long rates are measured (at least 1 s)
 * @param connectTimeout the limit for each connection and awaited message (positive)
 * @param guide who carries out guided steps, or null for none
 * @param steps the guided steps, in order (ignored without a guide)
 * @param wallClockServer a CSS-WC server to use instead of CII's {@code wcUrl}, or null
 * @param rapidConnections connection attempts in the burst (0 skips the burst)
 * @param tsClients simultaneous CSS-TS clients (at least 1)
 * @param availabilityWait the time a timeline may take to become available (not negative)
 *     <p>Immutable; thread safe.
 */
public record CheckConfig(
    @Nullable String ciiUrl,
    @Nullable DiscoveryConfig discovery,
    Duration duration,
    Duration connectTimeout,
    @Nullable Guide guide,
    List<GuidedStep> steps,
    @Nullable UdpUrl wallClockServer,
    int rapidConnections,
    int tsClients,
    Duration availabilityWait) {

  /** Validates and copies. */
  public CheckConfig {
    if (ciiUrl == null && discovery == null) {
      throw new IllegalArgumentException("a CII URL or a discovery is needed");
    }
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(availabilityWait, "availabilityWait");
    steps = List.copyOf(steps);
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("duration must be at least 1 s: " + duration);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (availabilityWait.isNegative()) {
      throw new IllegalArgumentException("availabilityWait must not be negative");
    }
    if (rapidConnections < 0) {
      throw new IllegalArgumentException("rapidConnections must not be negative");
    }
    if (tsClients < 1) {
      throw new IllegalArgumentException("tsClients must be at least 1");
    }
  }

  /**
   * A check of a TV with the defaults.
   *
   * @param ciiUrl the TV's CSS-CII URL
   * @return the config
   */
  public static CheckConfig of(String ciiUrl) {
    return builder(ciiUrl).build();
  }

  /**
   * A builder with the defaults.
   *
   * @param ciiUrl the TV's CSS-CII URL
   * @return a builder
   */
  public static Builder builder(String ciiUrl) {
    return new Builder(Objects.requireNonNull(ciiUrl, "ciiUrl"));
  }

  /**
   * A builder with the defaults that finds the TV by DIAL.
   *
   * @param discovery how to search
   * @return a builder
   */
  public static Builder discovering(DiscoveryConfig discovery) {
    Builder b = new Builder(null);
    b.discovery = Objects.requireNonNull(discovery, "discovery");
    return b;
  }

  /**
   * A builder holding this config's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(ciiUrl);
    b.discovery = discovery;
    b.duration = duration;
    b.connectTimeout = connectTimeout;
    b.guide = guide;
    b.steps = steps;
    b.wallClockServer = wallClockServer;
    b.rapidConnections = rapidConnections;
    b.tsClients = tsClients;
    b.availabilityWait = availabilityWait;
    return b;
  }

  /**
   * The rate-measuring time in nanoseconds.
   *
   * @return {@link #duration()} in nanoseconds
   */
  public long durationNanos() {
    return duration.toNanos();
  }

  /** Builds a {@link CheckConfig}. Not thread safe. */
  public static final class Builder {
    private @Nullable String ciiUrl;
    private @Nullable DiscoveryConfig discovery;
    private Duration duration = Duration.ofSeconds(65);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private @Nullable Guide guide;
    private List<GuidedStep> steps = List.of(GuidedStep.values());
    private @Nullable UdpUrl wallClockServer;
    private int rapidConnections = 400;
    private int tsClients = 10;
    private Duration availabilityWait = Duration.ofSeconds(5);

    private Builder(@Nullable String ciiUrl) {
      this.ciiUrl = ciiUrl;
    }

    /**
     * The TV's CSS-CII URL.
     *
     * @param url {@code ws://host:port/path}; null only with a {@link #discovery(DiscoveryConfig)}
     * @return this builder
     */
    public Builder ciiUrl(@Nullable String url) {
      this.ciiUrl = url;
      return this;
    }

    /**
     * DIAL discovery to run first.
     *
     * @param d the search, or null to check {@link #ciiUrl(String)} without DIAL
     * @return this builder
     */
    public Builder discovery(@Nullable DiscoveryConfig d) {
      this.discovery = d;
      return this;
    }

    /**
     * How long rates are measured.
     *
     * @param d at least 1 s
     * @return this builder
     */
    public Builder duration(Duration d) {
      this.duration = d;
      return this;
    }

    /**
     * The limit for each connection and each awaited message.
     *
     * @param d positive
     * @return this builder
     */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    /**
     * Who carries out the guided steps.
     *
     * @param g the guide, or null to skip them
     * @return this builder
     */
    public Builder guide(@Nullable Guide g) {
      this.guide = g;
      return this;
    }

    /**
     * The guided steps to ask for, in order.
     *
     * @param s the steps
     * @return this builder
     */
    public Builder steps(List<GuidedStep> s) {
      this.steps = s;
      return this;
    }

    /**
     * A CSS-WC server to measure instead of the one CII advertises.
     *
     * @param url the server, or null to use CII's {@code wcUrl}
     * @return this builder
     */
    public Builder wallClockServer(@Nullable UdpUrl url) {
      this.wallClockServer = url;
      return this;
    }

    /**
     * Connection attempts made in a burst for R-WS-5.
     *
     * @param n not negative; 0 skips the burst
     * @return this builder
     */
    public Builder rapidConnections(int n) {
      this.rapidConnections = n;
      return this;
    }

    /**
     * Simultaneous CSS-TS clients for R-TS-12.
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder tsClients(int n) {
      this.tsClients = n;
      return this;
    }

    /**
     * How long a timeline may take to become available.
     *
     * @param d not negative
     * @return this builder
     */
    public Builder availabilityWait(Duration d) {
      this.availabilityWait = d;
      return this;
    }

    /**
     * The config.
     *
     * @return a validated config
     */
    public CheckConfig build() {
      return new CheckConfig(
          ciiUrl,
          discovery,
          duration,
          connectTimeout,
          guide,
          steps,
          wallClockServer,
          rapidConnections,
          tsClients,
          availabilityWait);
    }
  }
}
