package org.dvbcss.net.wsclient;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link WebSocketClient}: an immutable value, made by {@link #builder()} (or
 * {@link #toBuilder()} from another) and given to {@link WebSocketClient.Builder#config}, {@link
 * org.dvbcss.net.cii.CiiClient.Builder#webSocket} or {@link
 * org.dvbcss.net.ts.TsClient.Builder#webSocket}. One config may serve many clients.
 *
 * <p>The defaults ({@link #defaults()}): connect timeout 10 s, largest message 65,536 bytes, no
 * reconnection, no keepalive pings, close timeout 1 s, the system's trusted certificates, and an
 * event loop of the client's own (one daemon thread per client).
 *
 * <p>A shared {@linkplain Builder#eventLoopGroup event loop group} is part of the config: it is a
 * live resource owned by the caller, which the config only refers to (as Netty's bootstrap
 * configuration does), so that many clients made from one config share its threads. Likewise a
 * {@linkplain Builder#sslContext TLS context} and a {@linkplain Builder#trustManager trust manager}
 * are held by reference; both are thread safe.
 *
 * <p>Immutable and thread safe; the {@link Builder} is not thread safe. Validation happens in the
 * builder's setters, so a config that exists is valid.
 */
public final class WebSocketClientConfig {
  private static final WebSocketClientConfig DEFAULTS = new Builder().build();

  private final Duration connectTimeout;
  private final int maxFrameBytes;
  private final @Nullable Backoff reconnect;
  private final Duration pingInterval;
  private final Duration closeTimeout;
  private final @Nullable X509TrustManager trustManager;
  private final boolean insecureTrustAll;
  private final @Nullable SslContext sslContext;
  private final @Nullable EventLoopGroup eventLoopGroup;
  private final Class<? extends SocketChannel> channelType;

  private WebSocketClientConfig(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.maxFrameBytes = b.maxFrameBytes;
    this.reconnect = b.reconnect;
    this.pingInterval = b.pingInterval;
    this.closeTimeout = b.closeTimeout;
    this.trustManager = b.trustManager;
    this.insecureTrustAll = b.insecureTrustAll;
    this.sslContext = b.sslContext;
    this.eventLoopGroup = b.eventLoopGroup;
    this.channelType = b.channelType;
  }

  /**
   * The defaults listed above.
   *
   * @return the default config
   */
  public static WebSocketClientConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a config from the defaults.
   *
   * @return a builder holding the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a config from this one.
   *
   * @return a builder holding this config's settings
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * How long to wait for the TCP connection, and again for the TLS and WebSocket handshakes.
   *
   * @return a positive duration
   * @see Builder#connectTimeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The largest message accepted from the server.
   *
   * @return bytes, positive
   * @see Builder#maxFrameBytes
   */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * The delays between reconnection attempts, if the client reconnects.
   *
   * @return the backoff; empty for no reconnection
   * @see Builder#reconnect
   */
  public Optional<Backoff> reconnect() {
    return Optional.ofNullable(reconnect);
  }

  /**
   * How often a ping is sent while a connection is open.
   *
   * @return a duration, zero for no pings
   * @see Builder#pingInterval
   */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * How long {@link WebSocketClient#close()} waits for the server's Close frame.
   *
   * @return a positive duration
   * @see Builder#closeTimeout
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * The trust manager for {@code wss://}, if one replaces the system's trusted certificates.
   *
   * @return the trust manager, or empty
   * @see Builder#trustManager
   */
  public Optional<X509TrustManager> trustManager() {
    return Optional.ofNullable(trustManager);
  }

  /**
   * Whether any certificate and host name is trusted (tests only).
   *
   * @return the setting
   * @see Builder#insecureTrustAll
   */
  public boolean insecureTrustAll() {
    return insecureTrustAll;
  }

  /**
   * The TLS context given, if any.
   *
   * @return the context, or empty to build one from the trust settings
   * @see Builder#sslContext
   */
  public Optional<SslContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /**
   * The shared event loop group, if any.
   *
   * @return the group, or empty for a loop of the client's own
   * @see Builder#eventLoopGroup(EventLoopGroup, Class)
   */
  public Optional<EventLoopGroup> eventLoopGroup() {
    return Optional.ofNullable(eventLoopGroup);
  }

  /**
   * The socket channel type used on a shared group.
   *
   * @return the class ({@link NioSocketChannel} unless given)
   */
  public Class<? extends SocketChannel> channelType() {
    return channelType;
  }

  @Override
  public String toString() {
    return "WebSocketClientConfig[connectTimeout="
        + connectTimeout
        + ", maxFrameBytes="
        + maxFrameBytes
        + ", reconnect="
        + (reconnect == null ? "no" : reconnect)
        + ", pingInterval="
        + pingInterval
        + ", closeTimeout="
        + closeTimeout
        + ", trust="
        + (sslContext != null
            ? "sslContext"
            : insecureTrustAll ? "any" : trustManager != null ? "trustManager" : "system")
        + ", eventLoopGroup="
        + (eventLoopGroup == null ? "own" : "shared, " + channelType.getSimpleName())
        + "]";
  }

  /** Makes a {@link WebSocketClientConfig}; every setter checks its argument. Not thread safe. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxFrameBytes = 65536;
    private @Nullable Backoff reconnect;
    private Duration pingInterval = Duration.ZERO;
    private Duration closeTimeout = Duration.ofSeconds(1);
    private @Nullable X509TrustManager trustManager;
    private boolean insecureTrustAll;
    private @Nullable SslContext sslContext;
    private @Nullable EventLoopGroup eventLoopGroup;
    private Class<? extends SocketChannel> channelType = NioSocketChannel.class;

    private Builder() {}

    private Builder(WebSocketClientConfig c) {
      this.connectTimeout = c.connectTimeout;
      this.maxFrameBytes = c.maxFrameBytes;
      this.reconnect = c.reconnect;
      this.pingInterval = c.pingInterval;
      this.closeTimeout = c.closeTimeout;
      this.trustManager = c.trustManager;
      this.insecureTrustAll = c.insecureTrustAll;
      this.sslContext = c.sslContext;
      this.eventLoopGroup = c.eventLoopGroup;
      this.channelType = c.channelType;
    }

    /**
     * How long to wait for the TCP connection, and then again for the TLS and WebSocket handshakes
     * (default 10 s). An attempt that takes longer fails.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * The largest message accepted from the server, bytes (default 65536). A larger message, whole
     * or in fragments, makes the client close the connection with status 1009.
     *
     * @param bytes positive
     * @return this builder
     */
    public Builder maxFrameBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFrameBytes must be positive: " + bytes);
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /**
     * Reconnects after a failed attempt or a close the client did not ask for, waiting as the
     * backoff says, until {@link WebSocketClient#close()} (default: no reconnection).
     *
     * @param backoff the delays between attempts
     * @return this builder
     */
    public Builder reconnect(Backoff backoff) {
      this.reconnect = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Turns reconnection off again (the default).
     *
     * @return this builder
     */
    public Builder noReconnect() {
      this.reconnect = null;
      return this;
    }

    /**
     * Sends a ping this often while a connection is open, and drops the connection (status 1006) if
     * nothing at all has arrived from the server for two intervals (default: no pings).
     *
     * @param interval positive, or zero for none
     * @return this builder
     */
    public Builder pingInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("pingInterval must not be negative: " + interval);
      }
      this.pingInterval = interval;
      return this;
    }

    /**
     * How long {@link WebSocketClient#close()} waits for the server to answer its Close frame
     * before dropping the connection (default 1 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive(timeout, "closeTimeout");
      return this;
    }

    /**
     * For {@code wss://}: trust the certificates this trust manager trusts instead of the system's.
     * The server's host name is still checked against its certificate.
     *
     * @param trustManager the trust manager
     * @return this builder
     */
    public Builder trustManager(X509TrustManager trustManager) {
      this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
      return this;
    }

    /**
     * For {@code wss://} in tests only: trust any certificate for any host name. Encrypts but does
     * not authenticate the server; logs a warning.
     *
     * @return this builder
     */
    public Builder insecureTrustAll() {
      this.insecureTrustAll = true;
      return this;
    }

    /**
     * For {@code wss://}: use this client TLS context (which several clients may share) instead of
     * building one; overrides {@link #trustManager} and {@link #insecureTrustAll}.
     *
     * @param context a client context
     * @return this builder
     */
    public Builder sslContext(SslContext context) {
      if (!context.isClient()) {
        throw new IllegalArgumentException("not a client SslContext");
      }
      this.sslContext = context;
      return this;
    }

    /**
     * Runs the client on one loop of this NIO group instead of on its own thread, so many clients
     * can share a few threads. The client does not shut the group down.
     *
     * @param group a group whose loops accept NIO socket channels
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      return eventLoopGroup(group, NioSocketChannel.class);
    }

    /**
     * Runs the client on one loop of this group, with sockets of this type (for example epoll's for
     * an epoll group). The client does not shut the group down.
     *
     * @param group the group
     * @param channelType a socket channel class the group's loops accept
     * @return this builder
     */
    public Builder eventLoopGroup(
        EventLoopGroup group, Class<? extends SocketChannel> channelType) {
      this.eventLoopGroup = Objects.requireNonNull(group, "group");
      this.channelType = Objects.requireNonNull(channelType, "channelType");
      return this;
    }

    /**
     * Makes the config.
     *
     * @return the config
     */
    public WebSocketClientConfig build() {
      return new WebSocketClientConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
