package org.dvbcss.net.ws;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dvbcss.net.internal.Addresses;
import org.dvbcss.net.ws.internal.ChildInitializer;
import org.dvbcss.net.ws.internal.Origins;
import org.dvbcss.net.ws.internal.ServerState;
import org.dvbcss.net.ws.internal.TlsSource;
import org.dvbcss.net.ws.internal.Transports;
import org.dvbcss.net.ws.internal.WebSocketConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on one port that hosts WebSocket endpoints by path (RFC 6455), for example CSS-CII
 * at {@code /cii} and CSS-TS at {@code /ts}.
 *
 * <p>Built on Netty, with native epoll on Linux x86-64 and NIO elsewhere. A GET with a WebSocket
 * upgrade on a registered path opens a {@link WebSocketSession} handed to that path's {@link
 * WebSocketEndpoint}. Anything else gets a short plain-text HTTP answer and the connection is
 * closed: 404 for an unknown path, 405 for a method other than GET, 426 for a GET without an
 * upgrade, 403 for an {@code Origin} not on the {@linkplain Builder#allowedOrigins allow-list}, 503
 * over the connection limit, 400 for a malformed request.
 *
 * <p>With {@link Builder#tls} or {@link Builder#tlsKeyStore} the port speaks only TLS ({@code
 * wss://}); a connection whose TLS handshake fails (a plain {@code ws://} client, garbage) is
 * counted in {@link Counters#tlsFailures()} and closed, and nothing else is disturbed.
 *
 * <p>Only text messages are data. Bad input closes that one connection with a WebSocket status and
 * is counted (see {@link CloseCause}); it never stops the server or disturbs other connections:
 * binary frame 1003, frame or joined message over {@code maxFrameBytes} 1009, invalid UTF-8 1007,
 * malformed or out-of-sequence frames 1002, frames faster than the {@linkplain
 * Builder#maxInboundFrameRate inbound frame rate limit} 1008, no incoming frame for the idle
 * timeout 1001, endpoint threw 1011.
 *
 * <p>Thread safe: {@link #counters()}, {@link #localAddress()} and {@link #close()} may be called
 * from any thread; endpoints are called on the event loops (see {@link WebSocketEndpoint}).
 */
public final class WebSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  /** The default sustained rate for {@link Builder#maxInboundFrameRate}, in frames per second. */
  public static final double DEFAULT_INBOUND_FRAMES_PER_SECOND = 100;

  /** The default burst for {@link Builder#maxInboundFrameRate}, in frames. */
  public static final int DEFAULT_INBOUND_FRAME_BURST = 1_000;

  /** The default for {@link Builder#shutdownTimeout}. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

  private final ServerState state;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final InetSocketAddress localAddress;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long shutdownTimeoutNanos;

  private WebSocketServer(Builder b) throws IOException {
    this.shutdownTimeoutNanos = b.shutdownTimeout.toNanos();
    this.state =
        new ServerState(
            b.endpoints,
            b.maxConnections,
            b.maxFrameBytes,
            b.idleTimeout.toNanos(),
            b.pingInterval.toNanos(),
            b.inboundFramesPerSecond,
            b.inboundFrameBurst,
            System::nanoTime,
            b.origins,
            b.tls == null ? null : b.tls.load(),
            b.refuseByClosing,
            b.shutdownWithoutCloseFrame);
    this.group = Transports.newGroup(b.eventLoopThreads, "dvbcss-ws");
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(b.lowWaterMark, b.highWaterMark))
            .childHandler(new ChildInitializer(state));
    ChannelFuture bound = bootstrap.bind(b.bindAddress).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
      Throwable cause = bound.cause();
      IOException e =
          cause instanceof IOException io
              ? io
              : new IOException("cannot bind " + b.bindAddress + ": " + cause, cause);
      throw e;
    }
    this.serverChannel = bound.channel();
    this.localAddress = (InetSocketAddress) serverChannel.localAddress();
    log.info(
        "WebSocket server on {} ({}, {}) serving {}{}",
        localAddress,
        Transports.epoll() ? "epoll" : "nio",
        scheme(),
        state.endpoints.keySet(),
        state.origins == null ? "" : " to origins " + state.origins.allowed());
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder with the defaults: all interfaces, port 0, no endpoints, unlimited
   *     connections, 64 KiB frames, at most 100 incoming frames per second per connection with
   *     bursts of 1,000, ping every 20 s, idle timeout 60 s, water marks 32/64 KiB, Netty's default
   *     number of event loop threads, shutdown timeout 2 s, plain {@code ws://} (no TLS), every
   *     origin allowed
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bound address, with the actual port (useful when port 0 was asked for).
   *
   * @return the address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * Whether the server speaks TLS ({@code wss://}).
   *
   * @return true if configured with {@link Builder#tls} or {@link Builder#tlsKeyStore}
   */
  public boolean isTls() {
    return state.sslContext != null;
  }

  /**
   * The URL scheme clients use to reach this server.
   *
   * @return {@code wss} with TLS, otherwise {@code ws}
   */
  public String scheme() {
    return isTls() ? "wss" : "ws";
  }

  /**
   * The URL of an endpoint at the bound address, e.g. {@code wss://127.0.0.1:7681/cii} or {@code
   * ws://[::1]:7681/ts}. For a server bound to a wildcard address the host is that wildcard; a
   * companion needs one of the machine's own addresses instead.
   *
   * @param path the endpoint's path, starting with {@code /}
   * @return the URL
   */
  public String url(String path) {
    return scheme()
        + "://"
        + Addresses.uriHost(localAddress.getAddress())
        + ":"
        + localAddress.getPort()
        + path;
  }

  /**
   * A snapshot of what the server has done.
   *
   * @return the counters
   */
  public Counters counters() {
    return new Counters(
        state.connections(),
        state.accepted(),
        state.rejected(),
        state.unknownPath(),
        state.badRequests(),
        state.idleBeforeHandshake(),
        state.endpointErrors(),
        state.forbiddenOrigin(),
        state.tlsFailures(),
        state.closed());
  }

  /**
   * Shuts down, within a bound even if clients misbehave: stops accepting and refuses handshakes
   * with 503, closes connections that have not finished their handshake at once, sends close 1001
   * "server shutting down" to every open session, and waits up to the {@linkplain
   * Builder#shutdownTimeout shutdown timeout} for the closing handshakes (a session whose client
   * answers nothing is dropped after 1 s in any case). Then it drops whatever is still open
   * (clients that never read, so that the close frame is stuck behind their unread data, or that
   * never answer it), and stops the event loops.
   *
   * <p>Returns within about twice the shutdown timeout (4 s by default), however the clients
   * behave, unless an endpoint callback blocks an event loop. When it returns normally, every
   * session's {@link WebSocketEndpoint#onClose} has run exactly once, with 1001 "server shutting
   * down" unless the session was already closing for another reason, {@link Counters#connections()}
   * is 0, and the port can be bound again at once (the socket is bound with {@code SO_REUSEADDR}).
   * Called from one of the server's own event loop threads it starts all this but does not wait.
   * Idempotent; any thread.
   *
   * <p>With {@link Builder#shutdownWithoutCloseFrame}, open sessions are not sent a close frame:
   * their TCP connections are closed at once, and each endpoint's {@code onClose} runs with 1006
   * "server shutting down, connection dropped" instead of 1001.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    state.startClosing();
    boolean wait = !onOwnEventLoop();
    long graceful = System.nanoTime() + shutdownTimeoutNanos;
    long deadline = graceful + shutdownTimeoutNanos;
    ChannelFuture unbound = serverChannel.close();
    if (wait) {
      unbound.awaitUninterruptibly(millisUntil(graceful));
      // connections accepted just before the listening socket closed may still be registering
      // on their loops; a task queued behind each registration makes sure they are in the group
      awaitEveryLoop(graceful);
    }
    List<Channel> channels = new ArrayList<>(state.channels);
    for (Channel channel : channels) {
      WebSocketConnection.closeForShutdown(channel);
    }
    if (wait) {
      state.channels.newCloseFuture().awaitUninterruptibly(millisUntil(graceful));
      state.awaitNoSessions(Math.max(0, graceful - System.nanoTime()));
      // whatever is left has a peer that does not read or does not answer: drop it
      state.channels.close().awaitUninterruptibly(millisUntil(deadline));
      state.awaitNoSessions(Math.max(0, deadline - System.nanoTime()));
    }
    io.netty.util.concurrent.Future<?> stopped =
        group.shutdownGracefully(
            0, Math.max(1, TimeUnit.NANOSECONDS.toMillis(shutdownTimeoutNanos)), MILLISECONDS);
    if (wait) {
      stopped.awaitUninterruptibly(millisUntil(deadline));
      int left = state.connections();
      if (left > 0 || !stopped.isDone()) {
        log.warn(
            "WebSocket server on {} stopped with {} connections left, event loops {}",
            localAddress,
            left,
            stopped.isDone() ? "stopped" : "still running");
      }
    }
    log.info("WebSocket server on {} stopped", localAddress);
  }

  private static long millisUntil(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private void awaitEveryLoop(long deadlineNanos) {
    List<io.netty.util.concurrent.Future<?>> barriers = new ArrayList<>();
    for (EventExecutor executor : group) {
      try {
        barriers.add(executor.submit(() -> {}));
      } catch (RejectedExecutionException e) {
        // already shutting down: nothing can be registering
      }
    }
    for (io.netty.util.concurrent.Future<?> barrier : barriers) {
      barrier.awaitUninterruptibly(millisUntil(deadlineNanos));
    }
  }

  private boolean onOwnEventLoop() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a server has done.
   *
   * @param connections connections now open that hold a slot of the limit: sessions plus
   *     connections accepted whose handshake has not finished (even if their request is half sent)
   * @param accepted sessions opened so far
   * @param rejected handshakes refused with HTTP 503: over the connection limit or shutting down
   * @param unknownPath requests for a path with no endpoint (HTTP 404)
   * @param badRequests requests refused with HTTP 400, 405, 426 or an unsupported WebSocket version
   * @param idleBeforeHandshake connections closed for sending no HTTP request within the idle
   *     timeout
   * @param endpointErrors endpoint callbacks that threw
   * @param forbiddenOrigin handshakes refused with HTTP 403 because their {@code Origin} is not on
   *     the {@linkplain Builder#allowedOrigins allow-list}
   * @param tlsFailures connections closed because their TLS handshake failed or did not finish (a
   *     plain {@code ws://} or HTTP client on a {@code wss://} port, garbage, a client that does
   *     not trust the certificate, a connection dropped or silent for Netty's 10 s TLS handshake
   *     timeout); always 0 without TLS
   * @param closed sessions ended, by cause (every cause present)
   */
  public record Counters(
      int connections,
      long accepted,
      long rejected,
      long unknownPath,
      long badRequests,
      long idleBeforeHandshake,
      long endpointErrors,
      long forbiddenOrigin,
      long tlsFailures,
      Map<CloseCause, Long> closed) {
    /** Copies the map. */
    public Counters {
      closed = Map.copyOf(closed);
    }

    /**
     * Sessions ended for one cause.
     *
     * @param cause the cause
     * @return a count
     */
    public long closed(CloseCause cause) {
      return closed.getOrDefault(cause, 0L);
    }
  }

  /** Configuration of a {@link WebSocketServer}. Not thread safe. */
  public static final class Builder {
    private InetSocketAddress bindAddress = new InetSocketAddress(0);
    private final Map<String, WebSocketEndpoint> endpoints = new LinkedHashMap<>();
    private int maxConnections = Integer.MAX_VALUE;
    private int maxFrameBytes = 64 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration pingInterval = Duration.ofSeconds(20);
    private double inboundFramesPerSecond = DEFAULT_INBOUND_FRAMES_PER_SECOND;
    private int inboundFrameBurst = DEFAULT_INBOUND_FRAME_BURST;
    private int lowWaterMark = 32 * 1024;
    private int highWaterMark = 64 * 1024;
    private int eventLoopThreads;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private @Nullable Origins origins;
    private @Nullable TlsSource tls;
    private boolean refuseByClosing;
    private boolean shutdownWithoutCloseFrame;

    private Builder() {}

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
     * Counters#forbiddenOrigin()}, and its connection is closed.
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
     * the JDK's TLS implementation. The files are read by {@link #start()}.
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
     * file is read by {@link #start()}.
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
     * Where to listen. Port 0 lets the system pick a free port; {@link #localAddress()} tells
     * which. The wildcard {@code 0.0.0.0} listens on every IPv4 interface, {@code ::} on every
     * interface.
     *
     * @param address the address and port
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bindAddress = address;
      return this;
    }

    /**
     * Serves an endpoint at a path.
     *
     * @param path an absolute path such as {@code /cii}; matched exactly, ignoring any query string
     * @param endpoint what handles sessions on it
     * @return this builder
     * @throws IllegalArgumentException if the path does not start with {@code /} or is taken
     */
    public Builder endpoint(String path, WebSocketEndpoint endpoint) {
      if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
        throw new IllegalArgumentException("path must start with / and have no query: " + path);
      }
      if (endpoints.putIfAbsent(path, endpoint) != null) {
        throw new IllegalArgumentException("path already has an endpoint: " + path);
      }
      return this;
    }

    /**
     * The most connections at once, open sessions and handshakes in progress together, over all
     * endpoints. A connection takes its slot when it is accepted, before its HTTP request has
     * arrived; one accepted over the limit gets HTTP 503 when its request is complete.
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
     * payload. A larger one closes the connection with 1009.
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
     * {@link #pingInterval} so live clients answer a ping in time.
     *
     * @param timeout positive, or zero for no timeout
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = nonNegative(timeout, "idleTimeout");
      return this;
    }

    /**
     * How often the server pings each session.
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
     * {@linkplain WebSocketSession#isWritable() writable}.
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
     * How many event loop threads serve connections.
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
     * How long {@link WebSocketServer#close()} waits for clients to finish the closing handshake
     * before dropping their connections; it then allows as long again to drop them and stop the
     * event loops, so {@code close()} returns within about twice this.
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
     * Binds and starts serving.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound, or the TLS files cannot be read or hold
     *     no usable key and certificate
     */
    public WebSocketServer start() throws IOException {
      return new WebSocketServer(this);
    }
  }
}
