package org.dvbcss.companion;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.ReadMode;
import org.dvbcss.protocol.ts.TsClientConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Companion} connects and what it assumes about the TV.
 *
 * <pre>{@code
 * Companion companion = new Companion(CompanionConfig.builder()
 *     .readMode(ReadMode.STRICT)
 *     .tvRoundingTicks(1)             // this TV truncates its content times
 *     .build());
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>value</th><th>default</th></tr>
 *   <tr><td>{@link #webSocket()}</td><td>{@link WebSocketClientConfig#defaults()} reconnecting
 *       with {@link #DEFAULT_BACKOFF} (100 ms doubling up to 5 s), the system's trusted
 *       certificates</td></tr>
 *   <tr><td>{@link #wallClock()}</td><td>{@link WallClockClientConfig#defaults()}</td></tr>
 *   <tr><td>{@link #wallClockServer()}</td><td>null: the server CII advertises</td></tr>
 *   <tr><td>{@link #wallClockWebSocket()}</td><td>null: CSS-WC on UDP</td></tr>
 *   <tr><td>{@link #readMode()}</td><td>{@link ReadMode#TOLERANT}</td></tr>
 *   <tr><td>{@link #thresholdSeconds()}</td><td>{@value TsClientConfig#DEFAULT_THRESHOLD_SECONDS}
 *       s</td></tr>
 *   <tr><td>{@link #tvRoundingTicks()}</td><td>{@value
 *       TsClientConfig#DEFAULT_TV_ROUNDING_TICKS} ticks</td></tr>
 *   <tr><td>{@link #tvThresholdTicks()}</td><td>{@value
 *       TsClientConfig#DEFAULT_TV_THRESHOLD_TICKS} tick</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe.
 *
 * @param webSocket the CII and TS clients' settings: reconnection backoff (set one: a companion
 *     keeps following a TV that restarts), TLS trust for {@code wss://}, timeouts, message size
 * @param wallClock the CSS-WC client's settings (the algorithm that picks measurements)
 * @param wallClockServer a CSS-WC server to use instead of the one CII's {@code wcUrl} names, or
 *     null to follow CII: for a TV that advertises an address the companion cannot reach, or to
 *     measure through a relay
 * @param wallClockWebSocket a CSS-WC over WebSocket URL ({@code ws://host:port/wc} or {@code
 *     wss://}) to follow the wall clock over instead of UDP, or null for UDP; when set, it replaces
 *     both {@code wallClockServer} and CII's {@code wcUrl} (CII does not advertise this form)
 * @param readMode how to read the TV's CII and TS messages: {@link ReadMode#TOLERANT} to follow the
 *     TVs that exist, {@link ReadMode#STRICT} for the spec only
 * @param thresholdSeconds a control timestamp that would move the timeline by this much or less,
 *     seconds, is not applied (see {@link TsClientConfig#thresholdSeconds()})
 * @param tvRoundingTicks how far the TV's content times may be from its true position, in timeline
 *     ticks (see {@link TsClientConfig#tvRoundingTicks()}); part of the error bound
 * @param tvThresholdTicks how far the TV's timeline may move before it sends a new control
 *     timestamp, in timeline ticks (see {@link TsClientConfig#tvThresholdTicks()}); part of the
 *     error bound
 */
public record CompanionConfig(
    WebSocketClientConfig webSocket,
    WallClockClientConfig wallClock,
    @Nullable UdpUrl wallClockServer,
    @Nullable URI wallClockWebSocket,
    ReadMode readMode,
    double thresholdSeconds,
    double tvRoundingTicks,
    double tvThresholdTicks) {

  /** The default reconnection backoff: 100 ms doubling up to 5 s, with jitter. */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);

  /**
   * Validates.
   *
   * @throws NullPointerException if a value other than {@code wallClockServer} or {@code
   *     wallClockWebSocket} is null
   * @throws IllegalArgumentException if a threshold or TV term is negative, infinite or NaN, or
   *     {@code wallClockWebSocket} is not a ws:// or wss:// URL with a host
   */
  public CompanionConfig {
    Objects.requireNonNull(webSocket, "webSocket");
    if (wallClockWebSocket != null) {
      String scheme = wallClockWebSocket.getScheme();
      if (!("ws".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme))
          || wallClockWebSocket.getHost() == null) {
        throw new IllegalArgumentException(
            "not a ws:// or wss:// URL with a host: " + wallClockWebSocket);
      }
    }
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(readMode, "readMode");
    timestamps(thresholdSeconds, tvRoundingTicks, tvThresholdTicks, readMode); // validates
  }

  /**
   * The defaults (see the class description).
   *
   * @return the default configuration
   */
  public static CompanionConfig defaults() {
    return builder().build();
  }

  /**
   * Starts a configuration from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(
        new CompanionConfig(
            WebSocketClientConfig.builder().reconnect(DEFAULT_BACKOFF).build(),
            WallClockClientConfig.defaults(),
            null,
            null,
            ReadMode.TOLERANT,
            TsClientConfig.DEFAULT_THRESHOLD_SECONDS,
            TsClientConfig.DEFAULT_TV_ROUNDING_TICKS,
            TsClientConfig.DEFAULT_TV_THRESHOLD_TICKS));
  }

  /**
   * Starts a configuration from this one.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The settings of the CSS-TS core this companion follows a timeline with.
   *
   * @return the threshold, the TV's terms and the read mode as a {@link TsClientConfig}
   */
  public TsClientConfig timestamps() {
    return timestamps(thresholdSeconds, tvRoundingTicks, tvThresholdTicks, readMode);
  }

  private static TsClientConfig timestamps(
      double threshold, double rounding, double tvThreshold, ReadMode mode) {
    return TsClientConfig.builder()
        .thresholdSeconds(threshold)
        .tvRoundingTicks(rounding)
        .tvThresholdTicks(tvThreshold)
        .readMode(mode)
        .build();
  }

  /** Builds a {@link CompanionConfig}. Not thread safe. */
  public static final class Builder {
    private WebSocketClientConfig webSocket;
    private WallClockClientConfig wallClock;
    private @Nullable UdpUrl wallClockServer;
    private @Nullable URI wallClockWebSocket;
    private ReadMode readMode;
    private double thresholdSeconds;
    private double tvRoundingTicks;
    private double tvThresholdTicks;

    private Builder(CompanionConfig from) {
      this.webSocket = from.webSocket;
      this.wallClock = from.wallClock;
      this.wallClockServer = from.wallClockServer;
      this.wallClockWebSocket = from.wallClockWebSocket;
      this.readMode = from.readMode;
      this.thresholdSeconds = from.thresholdSeconds;
      this.tvRoundingTicks = from.tvRoundingTicks;
      this.tvThresholdTicks = from.tvThresholdTicks;
    }

    /**
     * Sets the CII and TS clients' settings.
     *
     * @param config the settings; give it a backoff so the companion reconnects
     * @return this builder
     */
    public Builder webSocket(WebSocketClientConfig config) {
      this.webSocket = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the reconnection backoff, keeping the other WebSocket settings.
     *
     * @param backoff the delays between attempts, for CII and TS
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.webSocket = webSocket.toBuilder().reconnect(backoff).build();
      return this;
    }

    /**
     * Sets the CSS-WC client's settings.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder wallClock(WallClockClientConfig config) {
      this.wallClock = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Uses this CSS-WC server whatever CII advertises.
     *
     * @param server the server, or null to follow CII's {@code wcUrl}
     * @return this builder
     */
    public Builder wallClockServer(@Nullable UdpUrl server) {
      this.wallClockServer = server;
      return this;
    }

    /**
     * Follows the wall clock over CSS-WC over WebSocket at this URL instead of UDP, whatever CII
     * advertises (CII names only the UDP server). The WebSocket reconnects with the backoff of
     * {@link #webSocket()} and uses its TLS trust for {@code wss://}.
     *
     * @param url e.g. {@code ws://192.168.1.20:7681/wc}, or null for UDP
     * @return this builder
     */
    public Builder wallClockWebSocket(@Nullable URI url) {
      this.wallClockWebSocket = url;
      return this;
    }

    /**
     * Sets how the TV's messages are read.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder readMode(ReadMode mode) {
      this.readMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the companion's threshold for applying a control timestamp.
     *
     * @param seconds 0 or more, finite
     * @return this builder
     */
    public Builder thresholdSeconds(double seconds) {
      this.thresholdSeconds = seconds;
      return this;
    }

    /**
     * Declares how the TV rounds its content times.
     *
     * @param ticks timeline ticks, 0 or more, finite
     * @return this builder
     */
    public Builder tvRoundingTicks(double ticks) {
      this.tvRoundingTicks = ticks;
      return this;
    }

    /**
     * Declares the TV's change threshold.
     *
     * @param ticks timeline ticks, 0 or more, finite
     * @return this builder
     */
    public Builder tvThresholdTicks(double ticks) {
      this.tvThresholdTicks = ticks;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a threshold or term is out of range
     */
    public CompanionConfig build() {
      return new CompanionConfig(
          webSocket,
          wallClock,
          wallClockServer,
          wallClockWebSocket,
          readMode,
          thresholdSeconds,
          tvRoundingTicks,
          tvThresholdTicks);
    }
  }
}
