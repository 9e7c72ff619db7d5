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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dvbcss.net.internal.Addresses;
import org.dvbcss.net.ws.internal.ChildInitializer;
import org.dvbcss.net.ws.internal.ServerState;
import org.dvbcss.net.ws.internal.TlsSource;
import org.dvbcss.net.ws.internal.Transports;
import org.dvbcss.net.ws.internal.WebSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on one port that hosts WebSocket endpoints by path (RFC 6455), for example CSS-CII
 * at {@code /cii} and CSS-TS at {@code /ts}.
 *
 * <p>Built on Netty: io_uring where the Linux kernel allows it, else native epoll on Linux x86-64,
 * else NIO (see {@link WebSocketServerConfig.Builder#transport}; {@link #transport()} says which).
 * A GET with a WebSocket upgrade on a registered path opens a {@link WebSocketSession} handed to
 * that path's {@link WebSocketEndpoint}. Anything else gets a short plain-text HTTP answer and the
 * connection is closed: 404 for an unknown path, 405 for a method other than GET, 426 for a GET
 * without an upgrade, 403 for an {@code Origin} not on the {@linkplain
 * WebSocketServerConfig.Builder#allowedOrigins allow-list}, 503 over the connection limit, 400 for
 * a malformed request. Plain {@linkplain HttpResource HTTP resources} may be served at paths of
 * their own ({@link Builder#resource}).
 *
 * <p>With {@link WebSocketServerConfig.Builder#tls} or {@link
 * WebSocketServerConfig.Builder#tlsKeyStore} the port speaks only TLS ({@code wss://}); a
 * connection whose TLS handshake fails (a plain {@code ws://} client, garbage) is counted in {@link
 * Counters#tlsFailures()} and closed, and nothing else is disturbed.
 *
 * <p>Text messages are data, and binary messages for an endpoint whose {@link
 * WebSocketEndpoint#acceptsBinary()} is true. Bad input closes that one connection with a WebSocket
 * status and is counted (see {@link CloseCause}); it never stops the server or disturbs other
 * connections: binary frame to an endpoint that does not accept binary 1003, frame or joined
 * message over {@code maxFrameBytes} 1009, invalid UTF-8 1007, malformed or out-of-sequence frames
 * 1002, frames faster than the {@linkplain WebSocketServerConfig.Builder#maxInboundFrameRate
 * inbound frame rate limit} 1008, no incoming frame for the idle timeout 1001, endpoint threw 1011.
 *
 * <p>Thread safe: {@link #counters()}, {@link #localAddress()} and {@link #close()} may be called
 * from any thread; endpoints are called on the event loops (see {@link WebSocketEndpoint}).
 */
public final class WebSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  private final ServerState state;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final InetSocketAddress localAddress;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long shutdownTimeoutNanos;
  private final WebSocketTransport transport;

  private WebSocketServer(
      WebSocketServerConfig c,
      Map<String, WebSocketEndpoint> endpoints,
      Map<String, HttpResource> resources)
      throws IOException {
    this.shutdownTimeoutNanos = c.shutdownTimeout().toNanos();
    TlsSource tls = c.tlsSource();
    this.state =
        new ServerState(
            endpoints,
            resources,
            c.maxConnections(),
            c.maxFrameBytes(),
            c.idleTimeout().toNanos(),
            c.pingInterval().toNanos(),
            c.inboundFramesPerSecond(),
            c.inboundFrameBurst(),
            System::nanoTime,
            c.origins(),
            tls == null ? null : tls.load(),
            c.refuseByClosing(),
            c.shutdownWithoutCloseFrame());
    this.transport = Transports.resolve(c.transport());
    this.group = Transports.newGroup(transport, c.eventLoopThreads(), "dvbcss-ws");
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverChannel(transport))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(c.lowWaterMark(), c.highWaterMark()))
            .childHandler(new ChildInitializer(state));
    Transports.configureChildren(bootstrap, transport);
    ChannelFuture bound = bootstrap.bind(c.bindAddress()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
      Throwable cause = bound.cause();
      IOException e =
          cause instanceof IOException io
              ? io
              : new IOException("cannot bind " + c.bindAddress() + ": " + cause, cause);
      throw e;
    }
    this.serverChannel = bound.channel();
    this.localAddress = (InetSocketAddress) serverChannel.localAddress();
    log.info(
        "WebSocket server on {} ({}, {}) serving {}{}",
        localAddress,
        transport.label(),
        scheme(),
        state.endpoints.keySet(),
        state.origins == null ? "" : " to origins " + state.origins.allowed());
  }

  /**
   * Starts gathering a server's config and endpoints, for example {@code
   * WebSocketServer.builder().config(cfg).endpoint("/cii", cii).start()}.
   *
   * @return a builder with {@link WebSocketServerConfig#defaults()} and no endpoints
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
   * The socket transport the server runs on, chosen when it started.
   *
   * @return {@link WebSocketTransport#IO_URING}, {@link WebSocketTransport#EPOLL} or {@link
   *     WebSocketTransport#NIO}; never AUTO
   */
  public WebSocketTransport transport() {
    return transport;
  }

  /**
   * Whether the server speaks TLS ({@code wss://}).
   *
   * @return true if configured with {@link WebSocketServerConfig.Builder#tls} or {@link
   *     WebSocketServerConfig.Builder#tlsKeyStore}
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
        state.accepted.sum(),
        state.rejected.sum(),
        state.unknownPath.sum(),
        state.badRequests.sum(),
        state.idleBeforeHandshake.sum(),
        state.endpointErrors.sum(),
        state.forbiddenOrigin.sum(),
        state.tlsFailures.sum(),
        state.closed(),
        state.httpServed.sum(),
        state.httpErrors.sum());
  }

  /**
   * Shuts down, within a bound even if clients misbehave: stops accepting and refuses handshakes
   * with 503, closes connections that have not finished their handshake at once, sends close 1001
   * "server shutting down" to every open session, and waits up to the {@linkplain
   * WebSocketServerConfig.Builder#shutdownTimeout shutdown timeout} for the closing handshakes (a
   * session whose client answers nothing is dropped after 1 s in any case). Then it drops whatever
   * is still open (clients that never read, so that the close frame is stuck behind their unread
   * data, or that never answer it), and stops the event loops.
   *
   * <p>Returns within about twice the shutdown timeout (4 s by default), however the clients
   * behave, unless an endpoint callback blocks an event loop. When it returns normally, every
   * session's {@link WebSocketEndpoint#onClose} has run exactly once, with 1001 "server shutting
   * down" unless the session was already closing for another reason, {@link Counters#connections()}
   * is 0, and the port can be bound again at once (the socket is bound with {@code SO_REUSEADDR}).
   * Called from one of the server's own event loop threads it starts all this but does not wait.
   * Idempotent; any thread.
   *
   * <p>With {@link WebSocketServerConfig.Builder#shutdownWithoutCloseFrame}, open sessions are not
   * sent a close frame: their TCP connections are closed at once, and each endpoint's {@code
   * onClose} runs with 1006 "server shutting down, connection dropped" instead of 1001.
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
   *     the {@linkplain WebSocketServerConfig.Builder#allowedOrigins allow-list}
   * @param tlsFailures connections closed because their TLS handshake failed or did not finish (a
   *     plain {@code ws://} or HTTP client on a {@code wss://} port, garbage, a client that does
   *     not trust the certificate, a connection dropped or silent for Netty's 10 s TLS handshake
   *     timeout); always 0 without TLS
   * @param closed sessions ended, by cause (every cause present)
   * @param httpServed requests answered by a plain {@link HttpResource} (including its errors)
   * @param httpErrors requests whose {@link HttpResource} threw or returned nothing (HTTP 500)
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
      Map<CloseCause, Long> closed,
      long httpServed,
      long httpErrors) {
    /** Copies the map. */
    public Counters {
      closed = Map.copyOf(closed);
    }

    /**
     * Counters of a server that served no plain HTTP resource.
     *
     * @param connections see the record
     * @param accepted see the record
     * @param rejected see the record
     * @param unknownPath see the record
     * @param badRequests see the record
     * @param idleBeforeHandshake see the record
     * @param endpointErrors see the record
     * @param forbiddenOrigin see the record
     * @param tlsFailures see the record
     * @param closed see the record
     */
    public Counters(
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
      this(
          connections,
          accepted,
          rejected,
          unknownPath,
          badRequests,
          idleBeforeHandshake,
          endpointErrors,
          forbiddenOrigin,
          tlsFailures,
          closed,
          0,
          0);
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

  /**
   * Gathers a server's {@link WebSocketServerConfig} and its endpoints, then starts it. Not thread
   * safe.
   */
  public static final class Builder {
    private WebSocketServerConfig config = WebSocketServerConfig.defaults();
    private final Map<String, WebSocketEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, HttpResource> resources = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The server's settings (default {@link WebSocketServerConfig#defaults()}).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder config(WebSocketServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
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
      Objects.requireNonNull(endpoint, "endpoint");
      if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
        throw new IllegalArgumentException("path must start with / and have no query: " + path);
      }
      if (resources.containsKey(path) || endpoints.putIfAbsent(path, endpoint) != null) {
        throw new IllegalArgumentException("path already has an endpoint: " + path);
      }
      return this;
    }

    /**
     * Serves a plain HTTP resource at a path (GET, HEAD, and OPTIONS as a CORS preflight; see
     * {@link HttpResource}).
     *
     * @param path an absolute path such as {@code /dial/dd.xml}; matched exactly, ignoring any
     *     query string
     * @param resource what answers requests for it
     * @return this builder
     * @throws IllegalArgumentException if the path does not start with {@code /}, or is taken by an
     *     endpoint or another resource
     */
    public Builder resource(String path, HttpResource resource) {
      Objects.requireNonNull(resource, "resource");
      if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
        throw new IllegalArgumentException("path must start with / and have no query: " + path);
      }
      if (endpoints.containsKey(path) || resources.putIfAbsent(path, resource) != null) {
        throw new IllegalArgumentException("path already taken: " + path);
      }
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound, the TLS files cannot be read or hold no
     *     usable key and certificate, or a {@linkplain WebSocketServerConfig.Builder#transport
     *     forced transport} does not load here
     */
    public WebSocketServer start() throws IOException {
      return new WebSocketServer(config, endpoints, resources);
    }
  }
}
