package org.dvbcss.net.ws;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dvbcss.net.ws.internal.Origins;
import org.dvbcss.net.ws.internal.TlsSource;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link WebSocketServer}, every one except its endpoints: an immutable value,
 * made by {@link #builder()} (or {@link #toBuilder()} from another) and given to {@link
 * WebSocketServer.Builder#config}.
 *
 * <p>The defaults ({@link #defaults()}):
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #bindAddress()}</td><td>every interface, port 0 (the system picks)</td></tr>
 *   <tr><td>{@link #maxConnections()}</td><td>unlimited ({@link Integer#MAX_VALUE})</td></tr>
 *   <tr><td>{@link #maxFrameBytes()}</td><td>65,536 bytes</td></tr>
 *   <tr><td>{@link #idleTimeout()}</td><td>60 s</td></tr>
 *   <tr><td>{@link #pingInterval()}</td><td>20 s</td></tr>
 *   <tr><td>{@link #inboundFramesPerSecond()}, {@link #inboundFrameBurst()}</td>
 *       <td>100 frames per second, bursts of 1,000 frames</td></tr>
 *   <tr><td>{@link #lowWaterMark()}, {@link #highWaterMark()}</td>
 *       <td>32 KiB, 64 KiB per connection</td></tr>
 *   <tr><td>{@link #eventLoopThreads()}</td><td>0: Netty's default (twice the processors)</td></tr>
 *   <tr><td>{@link #transport()}</td><td>{@link WebSocketTransport#AUTO}: io_uring, else epoll, else NIO</td></tr>
 *   <tr><td>{@link #shutdownTimeout()}</td><td>2 s</td></tr>
 *   <tr><td>{@link #allowedOrigins()}</td><td>none: every origin allowed</td></tr>
 *   <tr><td>{@link #isTls()}</td><td>false: plain {@code ws://}</td></tr>
 *   <tr><td>{@link #refuseByClosing()}, {@link #shutdownWithoutCloseFrame()}</td>
 *       <td>false, false</td></tr>
 * </table>
 *
 * <p>Immutable and thread safe; the {@link Builder} is not thread safe. Validation happens in the
 * builder's setters, so a config that exists is valid.
 */
public final class WebSocketServerConfig {
  /** The default sustained rate of {@link #inboundFramesPerSecond()}, in frames per second. */
  public static final double DEFAULT_INBOUND_FRAMES_PER_SECOND = 100;

  /** The default {@link #inboundFrameBurst()}, in frames. */
  public static final int DEFAULT_INBOUND_FRAME_BURST = 1_000;

  /** The default {@link #shutdownTimeout()}: 2 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  private static final WebSocketServerConfig DEFAULTS = new Builder().build();

  private final InetSocketAddress bindAddress;
  private final int maxConnections;
  private final int maxFrameBytes;
  private final Duration idleTimeout;
  private final Duration pingInterval;
  private final double inboundFramesPerSecond;
  private final int inboundFrameBurst;
  private final int lowWaterMark;
  private final int highWaterMark;
  private final int eventLoopThreads;
  private final WebSocketTransport transport;
  private final Duration shutdownTimeout;
  private final @Nullable Origins origins;
  private final @Nullable TlsSource tls;
  private final boolean refuseByClosing;
  private final boolean shutdownWithoutCloseFrame;

  private WebSocketServerConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.maxConnections = b.maxConnections;
    this.maxFrameBytes = b.maxFrameBytes;
    this.idleTimeout = b.idleTimeout;
    this.pingInterval = b.pingInterval;
    this.inboundFramesPerSecond = b.inboundFramesPerSecond;
    this.inboundFrameBurst = b.inboundFrameBurst;
    this.lowWaterMark = b.lowWaterMark;
    this.highWaterMark = b.highWaterMark;
    this.eventLoopThreads = b.eventLoopThreads;
    this.transport = b.transport;
    this.shutdownTimeout = b.shutdownTimeout;
    this.origins = b.origins;
    this.tls = b.tls;
    this.refuseByClosing = b.refuseByClosing;
    this.shutdownWithoutCloseFrame = b.shutdownWithoutCloseFrame;
  }

  /**
   * The defaults listed above.
   *
   * @return the default config
   */
  public static WebSocketServerConfig defaults() {
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
   * Where the server listens.
   *
   * @return the address and port (port 0: the system picks)
   * @see Builder#bind
   */
  public InetSocketAddress bindAddress() {
    return bindAddress;
  }

  /**
   * The most connections at once.
   *
   * @return a count, 0 or more
   * @see Builder#maxConnections
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * The largest incoming frame and joined message.
   *
   * @return bytes of payload, 1 or more
   * @see Builder#maxFrameBytes
   */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * How long a connection may be silent before it is closed.
   *
   * @return a duration, zero for none
   * @see Builder#idleTimeout
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * How often the server pings each session.
   *
   * @return a duration, zero for no pings
   * @see Builder#pingInterval
   */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * The sustained inbound frame rate each connection is allowed.
   *
   * @return frames per second, 0 for no limit
   * @see Builder#maxInboundFrameRate
   */
  public double inboundFramesPerSecond() {
    return inboundFramesPerSecond;
  }

  /**
   * How many frames a connection may send at once.
   *
   * @return frames
   * @see Builder#maxInboundFrameRate
   */
  public int inboundFrameBurst() {
    return inboundFrameBurst;
  }

  /**
   * The outbound queue size below which a session becomes writable again.
   *
   * @return bytes
   * @see Builder#writeBufferWaterMarks
   */
  public int lowWaterMark() {
    return lowWaterMark;
  }

  /**
   * The outbound queue size above which a session becomes unwritable.
   *
   * @return bytes
   * @see Builder#writeBufferWaterMarks
   */
  public int highWaterMark() {
    return highWaterMark;
  }

  /**
   * How many event loop threads serve connections.
   *
   * @return threads, 0 for Netty's default
   * @see Builder#eventLoopThreads
   */
  public int eventLoopThreads() {
    return eventLoopThreads;
  }

  /**
   * The socket transport asked for.
   *
   * @return the transport, {@link WebSocketTransport#AUTO} unless one was forced
   * @see Builder#transport
   * @see WebSocketServer#transport()
   */
  public WebSocketTransport transport() {
    return transport;
  }

  /**
   * How long {@link WebSocketServer#close()} waits for closing handshakes.
   *
   * @return a positive duration
   * @see Builder#shutdownTimeout
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * The origin allow-list, if there is one.
   *
   * @return the allowed origins, normalised; empty if every origin is allowed
   * @see Builder#allowedOrigins
   */
  public Optional<List<String>> allowedOrigins() {
    Origins o = origins;
    return o == null ? Optional.empty() : Optional.of(List.copyOf(o.allowed()));
  }

  /**
   * Whether the server speaks TLS ({@code wss://}).
   *
   * @return true if configured with {@link Builder#tls} or {@link Builder#tlsKeyStore}
   */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * Whether refused requests are answered by closing the TCP connection.
   *
   * @return the setting
   * @see Builder#refuseByClosing
   */
  public boolean refuseByClosing() {
    return refuseByClosing;
  }

  /**
   * Whether shutdown drops sessions without a close frame.
   *
   * @return the setting
   * @see Builder#shutdownWithoutCloseFrame
   */
  public boolean shutdownWithoutCloseFrame() {
    return shutdownWithoutCloseFrame;
  }

  @Nullable Origins origins() {
    return origins;
  }

  @Nullable TlsSource tlsSource() {
    return tls;
  }

  @Override
  public String toString() {
    return "WebSocketServerConfig[bind="
        + bindAddress
        + ", maxConnections="
        + maxConnections
        + ", maxFrameBytes="
        + maxFrameBytes
        + ", idleTimeout="
        + idleTimeout
        + ", pingInterval="
        + pingInterval
        + ", inboundFrames="
        + inboundFramesPerSecond
        + "/s burst "
        + inboundFrameBurst
        + ", waterMarks="
        + lowWaterMark
        + "/"
        + highWaterMark
        + ", eventLoopThreads="
        + eventLoopThreads
        + ", transport="
        + transport.label()
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", origins="
        + allowedOrigins().map(Object::toString).orElse("any")
        + ", tls="
        + isTls()
        + ", refuseByClosing="
        + refuseByClosing
        + ", shutdownWithoutCloseFrame="
        + shutdownWithoutCloseFrame
        + "]";
  }

  /** Makes a {@link WebSocketServerConfig}; every setter checks its argument. Not thread safe. */
  public static final class Builder {
    private InetSocketAddress bindAddress = new InetSocketAddress(0);
    private int maxConnections = Integer.MAX_VALUE;
    private int maxFrameBytes = 64 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration pingInterval = Duration.ofSeconds(20);
    private double inboundFramesPerSecond = DEFAULT_INBOUND_FRAMES_PER_SECOND;
    private int inboundFrameBurst = DEFAULT_INBOUND_FRAME_BURST;
    private int lowWaterMark = 32 * 1024;
    private int highWaterMark = 64 * 1024;
    private int eventLoopThreads;
    private WebSocketTransport transport = WebSocketTransport.AUTO;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private @Nullable Origins origins;
    private @Nullable TlsSource tls;
    private boolean refuseByClosing;
    private boolean shutdownWithoutCloseFrame;

    private Builder() {}

    private Builder(WebSocketServerConfig c) {
      this.bindAddress = c.bindAddress;
      this.maxConnections = c.maxConnections;
      this.maxFrameBytes = c.maxFrameBytes;
      this.idleTimeout = c.idleTimeout;
      this.pingInterval = c.pingInterval;
      this.inboundFramesPerSecond = c.inboundFramesPerSecond;
      this.inboundFrameBurst = c.inboundFrameBurst;
      this.lowWaterMark = c.lowWaterMark;
      this.highWaterMark = c.highWaterMark;
      this.eventLoopThreads = c.eventLoopThreads;
      this.transport = c.transport;
      this.shutdownTimeout = c.shutdownTimeout;
      this.origins = c.origins;
      this.tls = c.tls;
      this.refuseByClosing = c.refuseByClosing;
      this.shutdownWithoutCloseFrame = c.shutdownWithoutCloseFrame;
    }

    /**
     * Answers every request the server refuses (an unknown path, a method other than GET, a GET
     * without an upgrade, an origin not allowed, over the connection limit or shutting down, a
     * malformed request or handshake, an unsupported WebSocket version) by closing the TCP
     * connection at once, writing nothing: the client sees the connection end with no HTTP status.
     * Some TVs answer a refused upgrade that way; this lets a TV simulator do the same, so that
     * companions can be tested against it. The refusals are counted as they would be otherwise.
     *
     * <p>Default false: a short plain-text HTTP answer with the status, then the connection is
     * closed.
     *
     * @param on whether to refuse by closing
     * @return this builder
     */
    public Builder refuseByClosing(boolean on) {
      this.refuseByClosing = on;
      return this;
    }

    /**
     * Makes {@link WebSocketServer#close()} drop every open session's TCP connection at once,
     * without a WebSocket close frame, as some TVs do when they shut down or change channel; this
     * lets a TV simulator do the same, so that companions can be tested against it. Each endpoint's
     * {@code onClose} still runs once per session, with 1006 "server shutting down, connection
     * dropped", counted as {@link CloseCause#SHUTDOWN}. Messages queued for a session but not yet
     * written may be lost.
     *
     * <p>Default false: each open session is sent close 1001 "server shutting down" and given the
     * shutdown timeout to answer.
     *
     * @param on whether to drop sessions at shutdown
     * @return this builder
     */
    public Builder shutdownWithoutCloseFrame(boolean on) {
      this.shutdownWithoutCloseFrame = on;
      return this;
    }

    /**
     * Accepts WebSocket handshakes only from these web origins, or from clients that send no {@code
     * Origin} header. A handshake whose {@code Origin} is not listed (or that carries more than
     * one) gets HTTP 403 "Forbidden. Origin not allowed.", is counted in {@link
     * WebSocketServer.Counters#forbiddenOrigin()}, and its connection is closed.
     *
     * <p>Origins compare as serialized origins (RFC 6454): {@code scheme://host[:port]}, scheme and
     * host case-insensitive, and the default port (80 for http and ws, 443 for https and wss) the
     * same as none; IPv6 hosts are compared as written, in brackets. The opaque origin {@code null}
     * (sandboxed frames, {@code file:} pages) is refused unless {@code "null"} is listed.
     *
     * <p>A handshake without an {@code Origin} header is allowed: browsers always send one, so it
     * comes from a native companion app or tool, which the origin check cannot restrain anyway (it
     * can send any header it likes). The check protects against web pages in a browser on the home
     * network opening the TV's WebSocket endpoints; it is not authentication.
     *
     * <p>By default there is no list and every origin is allowed: DVB-CSS companions are native
     * apps and HbbTV or web pages served from anywhere, and the specification requires no origin
     * check, so a list can only be chosen by whoever knows which web apps should connect.
     *
     * @param allowed origins such as {@code https://app.example.com}, {@code http://localhost:8080}
     *     or {@code null}; an empty collection refuses every browser
     * @return this builder
     * @throws IllegalArgumentException if an entry is not an origin (it has a path, a query, user
     *     info, or no host)
     */
    public Builder allowedOrigins(Collection<String> allowed) {
      this.origins = Origins.of(allowed);
      return this;
    }

    /**
     * Serves {@code wss://} (TLS) with a certificate chain and private key from PEM files, using
     * the JDK's TLS implementation. The files are read when the server starts.
     *
     * <p>The key must be an unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), RSA or
     * EC; a PKCS#1 key ({@code -----BEGIN RSA PRIVATE KEY-----}) or SEC1 key ({@code -----BEGIN EC
     * PRIVATE KEY-----}) is refused: convert it with {@code openssl pkcs8 -topk8 -nocrypt}.
     *
     * @param certificateChain PEM file: the server's certificate first, then any intermediates
     * @param privateKey PEM file with the certificate's private key, PKCS#8
     * @return this builder
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
      this.tls = new TlsSource.Pem(certificateChain, privateKey);
      return this;
    }

    /**
     * Serves {@code wss://} (TLS) with the key and certificate chain in a PKCS#12 key store (the
     * first key entry; store and key password the same), using the JDK's TLS implementation. The
     * file is read when the server starts.
     *
     * @param pkcs12 the key store file
     * @param password its password (copied)
     * @return this builder
     */
    public Builder tlsKeyStore(Path pkcs12, char[] password) {
      Objects.requireNonNull(pkcs12, "pkcs12");
      this.tls = new TlsSource.KeyStoreFile(pkcs12, password.clone());
      return this;
    }

    /**
     * Where to listen. Port 0 lets the system pick a free port; {@link
     * WebSocketServer#localAddress()} tells which. The wildcard {@code 0.0.0.0} listens on every
     * IPv4 interface, {@code ::} on every interface. Default: every interface, port 0.
     *
     * @param address the address and port
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The most connections at once, open sessions and handshakes in progress together, over all
     * endpoints. A connection takes its slot when it is accepted, before its HTTP request has
     * arrived; one accepted over the limit gets HTTP 503 when its request is complete. Default:
     * unlimited.
     *
     * @param count 0 or more
     * @return this builder
     */
    public Builder maxConnections(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxConnections must be >= 0: " + count);
      }
      this.maxConnections = count;
      return this;
    }

    /**
     * The largest incoming frame, and the largest message joined from fragments, in bytes of
     * payload. A larger one closes the connection with 1009. Default 65,536.
     *
     * @param bytes 1 or more
     * @return this builder
     */
    public Builder maxFrameBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxFrameBytes must be >= 1: " + bytes);
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /**
     * Limits how fast each connection may send frames, so that one client cannot keep an event loop
     * busy and starve the other connections on it. A token bucket per connection holds up to {@code
     * burst} frames and refills at {@code framesPerSecond}; every incoming frame takes one (text,
     * binary, continuation, ping, pong and close alike). A frame that finds the bucket empty closes
     * the connection with 1008 "too many frames", counted as {@link CloseCause#RATE_LIMITED}; that
     * frame and any after it are discarded, and the server reads nothing more from the connection
     * before dropping it.
     *
     * <p>The default, 100 frames per second with bursts of 1,000, is far above what an honest
     * companion sends: a CSS-CII companion sends only pongs and its own keep-alive pings (one every
     * few seconds) and a close; a CSS-TS companion adds one setup message and occasional timing
     * reports. A flood of 20,000 pings a second is closed within about 50 ms. Raise it for a custom
     * endpoint that receives a stream of messages.
     *
     * @param framesPerSecond the sustained rate, finite and positive; or 0 for no limit
     * @param burst how many frames a connection may send at once (and its first frames), 1 or more;
     *     ignored (but must not be negative) when {@code framesPerSecond} is 0
     * @return this builder
     * @throws IllegalArgumentException if the rate is negative, NaN or infinite, or the burst is
     *     below 1 with a positive rate
     */
    public Builder maxInboundFrameRate(double framesPerSecond, int burst) {
      if (!(framesPerSecond >= 0) || Double.isInfinite(framesPerSecond)) {
        throw new IllegalArgumentException(
            "framesPerSecond must be finite and >= 0 (0 for no limit): " + framesPerSecond);
      }
      if (burst < (framesPerSecond > 0 ? 1 : 0)) {
        throw new IllegalArgumentException("burst must be >= 1 (>= 0 with no limit): " + burst);
      }
      this.inboundFramesPerSecond = framesPerSecond;
      this.inboundFrameBurst = burst;
      return this;
    }

    /**
     * How long a connection may go without sending anything (a frame, a pong, or, before the
     * handshake, the HTTP request) before it is closed: with 1001 once open. Make it longer than
     * {@link #pingInterval} so live clients answer a ping in time. Default 60 s.
     *
     * @param timeout positive, or zero for no timeout
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = nonNegative(timeout, "idleTimeout");
      return this;
    }

    /**
     * How often the server pings each session. Default 20 s.
     *
     * @param interval positive, or zero for no pings
     * @return this builder
     */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = nonNegative(interval, "pingInterval");
      return this;
    }

    private static Duration nonNegative(Duration d, String name) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }

    /**
     * The outbound queue sizes, per connection, at which a session stops and starts being
     * {@linkplain WebSocketSession#isWritable() writable}. Default 32 KiB and 64 KiB.
     *
     * @param lowBytes the session becomes writable again when its queue falls below this
     * @param highBytes the session becomes unwritable when its queue rises above this
     * @return this builder
     * @throws IllegalArgumentException unless {@code 0 <= lowBytes <= highBytes} and highBytes > 0
     */
    public Builder writeBufferWaterMarks(int lowBytes, int highBytes) {
      if (lowBytes < 0 || highBytes < lowBytes || highBytes == 0) {
        throw new IllegalArgumentException(
            "need 0 <= low <= high, high > 0: " + lowBytes + ", " + highBytes);
      }
      this.lowWaterMark = lowBytes;
      this.highWaterMark = highBytes;
      return this;
    }

    /**
     * How many event loop threads serve connections. Default 0.
     *
     * @param threads 1 or more, or 0 for Netty's default (twice the processors)
     * @return this builder
     */
    public Builder eventLoopThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("eventLoopThreads must be >= 0: " + threads);
      }
      this.eventLoopThreads = threads;
      return this;
    }

    /**
     * The socket transport. Default {@link WebSocketTransport#AUTO}: io_uring where the kernel
     * allows it (with receive buffer rings), else epoll where it loads, else NIO, chosen when the
     * server starts (the system property {@code dvbcss.ws.transport}, set to {@code io_uring},
     * {@code epoll} or {@code nio}, replaces that choice). Forcing one lets a benchmark compare
     * them; a forced transport that does not load here makes {@link
     * WebSocketServer.Builder#start()} throw.
     *
     * @param t the transport
     * @return this builder
     */
    public Builder transport(WebSocketTransport t) {
      this.transport = Objects.requireNonNull(t, "transport");
      return this;
    }

    /**
     * How long {@link WebSocketServer#close()} waits for clients to finish the closing handshake
     * before dropping their connections; it then allows as long again to drop them and stop the
     * event loops, so {@code close()} returns within about twice this. Default 2 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("shutdownTimeout must be positive: " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * Makes the config.
     *
     * @return the config
     */
    public WebSocketServerConfig build() {
      return new WebSocketServerConfig(this);
    }
  }
}
