package org.dvbcss.tv;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketServerConfig;

/**
 * How a {@link Tv} is set up: its two servers, how long a content change stays "transitioning",
 * what it gets wrong on purpose, and how its wall clock differs from this machine's.
 *
 * <p>Build one with {@link #builder()} (or {@link #toBuilder()} from another):
 *
 * <pre>{@code
 * Tv tv = Tv.start(TvConfig.builder()
 *     .webSocketAddress(new InetSocketAddress(7681))
 *     .wallClockAddress(new InetSocketAddress(6677))
 *     .transition(Duration.ofSeconds(1))
 *     .build());
 * }</pre>
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>value</th><th>default</th></tr>
 *   <tr><td>{@link #webSocket()}</td><td>{@link WebSocketServerConfig#defaults()}: all interfaces,
 *       port 0 (any free port), plain {@code ws://}</td></tr>
 *   <tr><td>{@link #wallClock()}</td><td>{@link WallClockServerConfig#defaults()} bound to all
 *       interfaces, port 0 (a library cannot know the deployment; {@code dvbcss tv} binds
 *       7681 and 6677)</td></tr>
 *   <tr><td>{@link #transition()}</td><td>1 s</td></tr>
 *   <tr><td>{@link #faults()}</td><td>{@link Faults#NONE}: the TV keeps to the
 *       specification</td></tr>
 *   <tr><td>{@link #clockOffsetSeconds()}</td><td>0 s</td></tr>
 *   <tr><td>{@link #clockDriftPpm()}</td><td>0 ppm</td></tr>
 *   <tr><td>{@link #dial()}</td><td>{@link DialConfig#off()}: no DIAL, nothing more is bound
 *       ({@code dvbcss tv} turns it on)</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe.
 *
 * @param webSocket the WebSocket server that serves CSS-CII at {@code /cii} and CSS-TS at {@code
 *     /ts}: its address, limits, and TLS and {@code Origin} allow-list (with TLS, every WebSocket
 *     URL the TV advertises is {@code wss://}). The faults {@link Fault#REFUSE_BY_CLOSE} and {@link
 *     Fault#NO_CLOSE_FRAME} turn on the matching settings of it.
 * @param wallClock the CSS-WC server: its address, rate limit, follow-up mode. A maximum frequency
 *     error it declares is raised by {@code |clockDriftPpm|} (see below); left unset (NaN) it is
 *     the wall clock's own figure plus {@code |clockDriftPpm|}.
 * @param transition how long presentationStatus stays "transitioning" after a content change, 0 or
 *     more
 * @param faults what to get wrong, as real TVs do ({@link Fault})
 * @param clockOffsetSeconds how far the TV's wall clock is ahead of this machine's monotonic clock,
 *     seconds, at monotonic time 0; finite
 * @param clockDriftPpm how fast the TV's wall clock runs against this machine's monotonic clock,
 *     parts per million (positive: fast); finite and more than -10^6. The wall clock reads exactly
 *     {@code monotonic ns + offset ns + monotonic ns * ppm / 10^6} (see {@link
 *     org.dvbcss.clock.CorrelatedClock#offsetAndDrift})
 * @param dial the DIAL responder (SSDP on UDP, its HTTP part on the WebSocket port)
 */
public record TvConfig(
    WebSocketServerConfig webSocket,
    WallClockServerConfig wallClock,
    Duration transition,
    Faults faults,
    double clockOffsetSeconds,
    double clockDriftPpm,
    DialConfig dial) {

  /**
   * A configuration without DIAL.
   *
   * @param webSocket see the record
   * @param wallClock see the record
   * @param transition see the record
   * @param faults see the record
   * @param clockOffsetSeconds see the record
   * @param clockDriftPpm see the record
   */
  public TvConfig(
      WebSocketServerConfig webSocket,
      WallClockServerConfig wallClock,
      Duration transition,
      Faults faults,
      double clockOffsetSeconds,
      double clockDriftPpm) {
    this(
        webSocket,
        wallClock,
        transition,
        faults,
        clockOffsetSeconds,
        clockDriftPpm,
        DialConfig.off());
  }

  /**
   * Validates.
   *
   * @throws NullPointerException if a value is null
   * @throws IllegalArgumentException if the transition is negative, the offset not finite, or the
   *     drift not finite or -10^6 ppm or less
   */
  public TvConfig {
    Objects.requireNonNull(webSocket, "webSocket");
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(dial, "dial");
    if (transition.isNegative()) {
      throw new IllegalArgumentException("transition must not be negative: " + transition);
    }
    if (!Double.isFinite(clockOffsetSeconds)) {
      throw new IllegalArgumentException("clock offset must be finite seconds");
    }
    if (!Double.isFinite(clockDriftPpm) || clockDriftPpm <= -1e6) {
      throw new IllegalArgumentException("clock drift must be finite and > -1e6 ppm");
    }
  }

  /**
   * The defaults (see the class description).
   *
   * @return the default configuration
   */
  public static TvConfig defaults() {
    return builder().build();
  }

  /**
   * Starts a configuration from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder(
        new TvConfig(
            WebSocketServerConfig.defaults(),
            WallClockServerConfig.builder().bind(new InetSocketAddress(0)).build(),
            Duration.ofSeconds(1),
            Faults.NONE,
            0,
            0));
  }

  /**
   * Starts a configuration from this one.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link TvConfig}. Not thread safe. */
  public static final class Builder {
    private WebSocketServerConfig webSocket;
    private WallClockServerConfig wallClock;
    private Duration transition;
    private Faults faults;
    private double clockOffsetSeconds;
    private double clockDriftPpm;
    private DialConfig dial;

    private Builder(TvConfig from) {
      this.dial = from.dial;
      this.webSocket = from.webSocket;
      this.wallClock = from.wallClock;
      this.transition = from.transition;
      this.faults = from.faults;
      this.clockOffsetSeconds = from.clockOffsetSeconds;
      this.clockDriftPpm = from.clockDriftPpm;
    }

    /**
     * Sets the WebSocket server's settings (its address included).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder webSocket(WebSocketServerConfig config) {
      this.webSocket = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets where the WebSocket server listens, keeping its other settings.
     *
     * @param address the address; port 0 for any free one
     * @return this builder
     */
    public Builder webSocketAddress(InetSocketAddress address) {
      this.webSocket = webSocket.toBuilder().bind(address).build();
      return this;
    }

    /**
     * Sets the CSS-WC server's settings (its address included).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder wallClock(WallClockServerConfig config) {
      this.wallClock = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets where the CSS-WC server listens, keeping its other settings.
     *
     * @param address the address; port 0 for any free one
     * @return this builder
     */
    public Builder wallClockAddress(InetSocketAddress address) {
      this.wallClock = wallClock.toBuilder().bind(address).build();
      return this;
    }

    /**
     * Sets how long presentationStatus stays "transitioning" after a content change.
     *
     * @param duration 0 or more
     * @return this builder
     */
    public Builder transition(Duration duration) {
      this.transition = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * Sets what the TV gets wrong.
     *
     * @param faults the faults, {@link Faults#NONE} for none
     * @return this builder
     */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Makes the TV's wall clock differ from this machine's monotonic clock.
     *
     * @param offsetSeconds ahead by this much at monotonic time 0, seconds
     * @param driftPpm running fast by this much, parts per million (negative: slow)
     * @return this builder
     */
    public Builder clock(double offsetSeconds, double driftPpm) {
      this.clockOffsetSeconds = offsetSeconds;
      this.clockDriftPpm = driftPpm;
      return this;
    }

    /**
     * Sets the DIAL responder's settings.
     *
     * @param dial the settings ({@link DialConfig#off()} for none)
     * @return this builder
     */
    public Builder dial(DialConfig dial) {
      this.dial = Objects.requireNonNull(dial, "dial");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range (see {@link TvConfig})
     */
    public TvConfig build() {
      return new TvConfig(
          webSocket, wallClock, transition, faults, clockOffsetSeconds, clockDriftPpm, dial);
    }
  }
}
