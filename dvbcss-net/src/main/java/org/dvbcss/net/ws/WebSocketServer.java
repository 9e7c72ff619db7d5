package org.dvbcss.net.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dvbcss.net.ws.internal.ChildInitializer;
import org.dvbcss.net.ws.internal.ServerState;
import org.dvbcss.net.ws.internal.Transports;
import org.dvbcss.net.ws.internal.WebSocketConnection;
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
 * upgrade, 503 over the connection limit, 400 for a malformed request.
 *
 * <p>Only text messages are data. Bad input closes that one connection with a WebSocket status and
 * is counted (see {@link CloseCause}); it never stops the server or disturbs other connections:
 * binary frame 1003, frame or joined message over {@code maxFrameBytes} 1009, invalid UTF-8 1007,
 * malformed or out-of-sequence frames 1002, no incoming frame for the idle timeout 1001, endpoint
 * threw 1011.
 *
 * <p>Thread safe: {@link #counters()}, {@link #localAddress()} and {@link #close()} may be called
 * from any thread; endpoints are called on the event loops (see {@link WebSocketEndpoint}).
 */
public final class WebSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  /** How long {@link #close()} waits for clients to finish the closing handshake. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ServerState state;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final InetSocketAddress localAddress;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebSocketServer(Builder b) throws IOException {
    this.state =
        new ServerState(
            b.endpoints,
            b.maxConnections,
            b.maxFrameBytes,
            b.idleTimeout.toNanos(),
            b.pingInterval.toNanos());
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
        "WebSocket server on {} ({}) serving {}",
        localAddress,
        Transports.epoll() ? "epoll" : "nio",
        state.endpoints.keySet());
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder with the defaults: all interfaces, port 0, no endpoints, unlimited
   *     connections, 64 KiB frames, ping every 20 s, idle timeout 60 s, water marks 32/64 KiB,
   *     Netty's default number of event loop threads
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
        state.closed());
  }

  /**
   * Shuts down: stops accepting, sends close 1001 "server shutting down" to every client, waits up
   * to 2 s for the closing handshakes, then closes what is left and stops the event loops. Every
   * open session's {@link WebSocketEndpoint#onClose} has run when this returns (unless called from
   * one of the server's own event loop threads, when it does not wait). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    state.startClosing();
    boolean wait = !onOwnEventLoop();
    ChannelFuture unbound = serverChannel.close();
    if (wait) {
      unbound.awaitUninterruptibly(CLOSE_WAIT.toMillis());
    }
    List<Channel> channels = new ArrayList<>(state.channels);
    for (Channel channel : channels) {
      WebSocketConnection.closeForShutdown(channel);
    }
    if (wait) {
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      state.channels.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT.toMillis());
      state.awaitNoSessions(Math.max(0, deadline - System.nanoTime()));
      state.channels.close().awaitUninterruptibly(CLOSE_WAIT.toMillis());
      state.awaitNoSessions(CLOSE_WAIT.toNanos());
    }
    io.netty.util.concurrent.Future<?> stopped =
        group.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (wait) {
      stopped.awaitUninterruptibly(2 * CLOSE_WAIT.toMillis());
    }
    log.info("WebSocket server on {} stopped", localAddress);
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
    private int lowWaterMark = 32 * 1024;
    private int highWaterMark = 64 * 1024;
    private int eventLoopThreads;

    private Builder() {}

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
     * Binds and starts serving.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public WebSocketServer start() throws IOException {
      return new WebSocketServer(this);
    }
  }
}
