package org.dvbcss.net.wsclient;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.net.wsclient.internal.ClientHandshaker;
import org.dvbcss.net.wsclient.internal.ConnectionEvents;
import org.dvbcss.net.wsclient.internal.ConnectionHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client for a CSS-CII or CSS-TS server ({@code ws://} or {@code wss://}), sending and
 * receiving text messages, optionally reconnecting after the connection is lost.
 *
 * <p>{@link #start()} begins connecting and returns at once. Everything that happens is reported to
 * the {@link Listener}; nothing is thrown to the caller after {@code start()}: a failed attempt to
 * connect is reported by {@link Listener#onError}, the end of an open connection by {@link
 * Listener#onClose}. With {@link Builder#reconnect(Backoff) reconnect} configured, the client tries
 * again after every failed attempt and after every close it did not ask for itself (also a clean
 * close by the server, which for a TV usually means it is going away), until {@link #close()} is
 * called. Without it, the client stays closed after the first failure or close.
 *
 * <p>Messages from the server are whole text messages of at most {@link Builder#maxFrameBytes}
 * bytes. A larger message makes the client close the connection with status 1009; other violations
 * of the WebSocket protocol close it with the status Netty's decoder chooses (1002, 1007); binary
 * messages are ignored. Each of these is counted in {@link Counters#protocolErrors()} and reported
 * by {@link Listener#onError}.
 *
 * <p>Threading: the client runs on one Netty event loop (taken from its own single-thread group, or
 * from a {@link Builder#eventLoopGroup shared group}) and every listener method is called on that
 * loop's thread, one at a time, in order. Listener methods must not block: while they run, no other
 * client on the same loop makes progress. A listener method that throws is logged and changes
 * nothing. {@link #send}, {@link #isOpen}, {@link #counters} and {@link #close} may be called from
 * any thread, including from a listener. A client on its own loop holds one daemon thread until
 * {@link #close()}; host names are resolved on the loop (blocking it while the system resolver
 * works).
 */
public final class WebSocketClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketClient.class);

  /** Extra time {@link #close()} waits beyond the close timeout for the loop to finish. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final URI uri;
  private final String host;
  private final int port;
  private final @Nullable SslContext sslContext;
  private final Listener listener;
  private final long connectTimeoutNanos;
  private final int maxFrameBytes;
  private final @Nullable Backoff backoff;
  private final long pingIntervalNanos;
  private final long closeTimeoutNanos;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Class<? extends SocketChannel> channelType;
  private final EventLoop loop;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<@Nullable Void> terminated = new CompletableFuture<>();

  /** The current connection, if any; written on the loop. */
  private volatile @Nullable ConnectionHandler connection;

  /** Loop confined. */
  private @Nullable Channel channel;

  private @Nullable ScheduledFuture<?> retryTimer;
  private int retry;
  private long openedAtNanos;

  // written only on the loop; read from anywhere
  private volatile long connects;
  private volatile long reconnects;
  private volatile long connectFailures;
  private volatile long messagesReceived;
  private volatile long protocolErrors;
  private volatile long pongsReceived;

  private WebSocketClient(Builder b) throws SSLException {
    this.uri = b.uri;
    this.host = b.host;
    this.port = b.port;
    this.listener = b.listener;
    this.connectTimeoutNanos = b.connectTimeout.toNanos();
    this.maxFrameBytes = b.maxFrameBytes;
    this.backoff = b.backoff;
    this.pingIntervalNanos = b.pingInterval.toNanos();
    this.closeTimeoutNanos = b.closeTimeout.toNanos();
    this.sslContext = b.tls ? sslContext(b) : null;
    EventLoopGroup shared = b.group;
    if (shared != null) {
      this.group = shared;
      this.ownsGroup = false;
      this.channelType = b.channelType;
    } else {
      this.group =
          new MultiThreadIoEventLoopGroup(
              1, new DefaultThreadFactory("dvbcss-ws-client", true), NioIoHandler.newFactory());
      this.ownsGroup = true;
      this.channelType = NioSocketChannel.class;
    }
    this.loop = group.next();
  }

  private static SslContext sslContext(Builder b) throws SSLException {
    SslContext given = b.sslContext;
    if (given != null) {
      return given;
    }
    SslContextBuilder ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    if (b.insecure) {
      log.warn("{}: trusting any certificate and any host name (insecureTrustAll)", b.uri);
      ssl.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else if (b.trustManager != null) {
      ssl.trustManager(b.trustManager);
    }
    return ssl.build();
  }

  /**
   * Starts configuring a client.
   *
   * @param uri the server's WebSocket URL: {@code ws://host[:port]/path[?query]} or {@code wss://}
   * @param listener told of everything that happens, on the client's event loop
   * @return a builder with the defaults: 10 s connect timeout, 64 KiB messages, no reconnection, no
   *     keepalive pings, 1 s close timeout, the system's trusted certificates, its own event loop
   * @throws IllegalArgumentException if the URI is not a ws:// or wss:// URL with a host
   */
  public static Builder builder(URI uri, Listener listener) {
    return new Builder(uri, listener);
  }

  /**
   * The server's URL.
   *
   * @return the URI given to the builder
   */
  public URI uri() {
    return uri;
  }

  /**
   * Begins connecting; returns at once. Call once.
   *
   * @return this client
   * @throws IllegalStateException if already started or closed
   */
  public WebSocketClient start() {
    if (closed.get()) {
      throw new IllegalStateException("closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    loop.execute(this::connect);
    return this;
  }

  /**
   * Whether a connection is open: its opening handshake has completed and no Close frame has been
   * sent or received on it. Any thread.
   *
   * @return whether open
   */
  public boolean isOpen() {
    ConnectionHandler c = connection;
    return c != null && c.isOpen();
  }

  /**
   * Sends a text message if a connection is open. Any thread; messages sent from one thread leave
   * in the order sent. The message is queued in Netty's outbound buffer for the connection: {@code
   * true} does not mean it was delivered, and a message queued just before the connection is lost
   * is lost with it. Nothing is queued while the client is disconnected or reconnecting.
   *
   * @param text the message
   * @return {@code true} if the message was queued on an open connection; {@code false} if no
   *     connection is open (the message is dropped)
   */
  public boolean send(String text) {
    Objects.requireNonNull(text, "text");
    ConnectionHandler c = connection;
    return c != null && c.send(text);
  }

  /**
   * What the client has done so far. Any thread.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(
        connects, reconnects, connectFailures, messagesReceived, protocolErrors, pongsReceived);
  }

  /**
   * Stops the client: stops reconnecting, sends a Close frame with status 1000 if a connection is
   * open and waits for the server's (at most the close timeout, then drops the connection), and
   * shuts down the client's own event loop (a shared group is left running). Blocks for at most
   * about the close timeout plus 3 s; called on the client's event loop (from a listener) it does
   * not wait. The listener is told of the close of an open connection by {@link Listener#onClose}
   * with {@code willReconnect} false. Idempotent; any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.execute(this::closeOnLoop);
    } catch (RejectedExecutionException e) {
      terminated.complete(null); // the loop is already gone
    }
    if (ownsGroup) {
      // shut the loop down once the connection has closed, not before: closing from a listener
      // must still be able to run the closing handshake on it
      terminated.whenComplete((v, e) -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }
    if (loop.inEventLoop()) {
      return;
    }
    try {
      terminated.get(closeTimeoutNanos + CLOSE_GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("{}: connection did not close in time", uri, e);
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private void closeOnLoop() {
    if (retryTimer != null) {
      retryTimer.cancel(false);
      retryTimer = null;
    }
    ConnectionHandler c = connection;
    if (channel == null || c == null) {
      terminated.complete(null);
      return;
    }
    if (channel.isActive()) {
      c.close(1000, "", closeTimeoutNanos);
    } else {
      channel.close(); // still connecting: the connect future fails and ends the attempt
    }
  }

  // ---------------------------------------------------------------------------------------------
  // on the loop

  private void connect() {
    if (closed.get()) {
      terminated.complete(null);
      return;
    }
    WebSocketClientHandshaker handshaker = new ClientHandshaker(uri, maxFrameBytes);
    ConnectionHandler handler =
        new ConnectionHandler(
            handshaker, new Events(), maxFrameBytes, connectTimeoutNanos, pingIntervalNanos);
    @Nullable SslContext ssl = sslContext;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeoutNanos / 1_000_000)))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    if (ssl != null) {
                      p.addLast("tls", ssl.newHandler(ch.alloc(), host, port));
                    }
                    p.addLast("http", new HttpClientCodec());
                    p.addLast("http-aggregator", new HttpObjectAggregator(8192));
                    p.addLast("ws", handler);
                  }
                });
    connection = handler;
    ChannelFuture f = bootstrap.connect(host, port);
    channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            attemptFailed(done.cause());
          }
        });
  }

  private void attemptFailed(Throwable cause) {
    channel = null;
    connection = null;
    connectFailures++;
    if (closed.get()) {
      terminated.complete(null);
      return;
    }
    log.debug("{}: connection attempt failed", uri, cause);
    call(() -> listener.onError(cause));
    retryOrStop();
  }

  private void retryOrStop() {
    Backoff b = backoff;
    if (closed.get() || b == null) {
      if (closed.get()) {
        terminated.complete(null);
      }
      return;
    }
    long delay = b.delayNanos(retry);
    retry = Math.min(retry + 1, 1000);
    retryTimer =
        loop.schedule(
            () -> {
              retryTimer = null;
              if (!closed.get()) {
                reconnects++;
              }
              connect();
            },
            delay,
            TimeUnit.NANOSECONDS);
  }

  private void call(Runnable callback) {
    try {
      callback.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // NOPMD: a listener must never kill the connection
      log.warn("{}: WebSocket client listener threw; carrying on", uri, e);
    }
  }

  /** Reports one connection's events to the client; on the loop. */
  private final class Events implements ConnectionEvents {
    @Override
    public void opened() {
      connects++;
      openedAtNanos = System.nanoTime();
      call(listener::onOpen);
    }

    @Override
    public void text(String text) {
      messagesReceived++;
      call(() -> listener.onText(text));
    }

    @Override
    public void pong() {
      pongsReceived++;
    }

    @Override
    public void protocolError(Throwable cause, boolean fatal) {
      protocolErrors++;
      log.debug("{}: protocol error{}", uri, fatal ? ", closing" : "", cause);
      call(() -> listener.onError(cause));
    }

    @Override
    public void failedToOpen(Throwable cause) {
      attemptFailed(cause);
    }

    @Override
    public void closed(int code, String reason) {
      channel = null;
      connection = null;
      Backoff b = backoff;
      if (b != null && System.nanoTime() - openedAtNanos >= b.max().toNanos()) {
        retry = 0; // it stayed up: start again from the initial delay
      }
      boolean willReconnect = b != null && !closed.get();
      log.debug("{}: closed {} {}", uri, code, reason);
      call(() -> listener.onClose(code, reason, willReconnect));
      retryOrStop();
    }
  }

  /**
   * What a client has done.
   *
   * @param connects connections opened (WebSocket handshake completed)
   * @param reconnects connection attempts begun after the first, by the reconnect backoff
   * @param connectFailures attempts that ended before the WebSocket handshake completed
   * @param messagesReceived text messages received and passed to the listener
   * @param protocolErrors protocol violations by the server, oversized and binary messages
   * @param pongsReceived pongs received (answers to keepalive pings)
   */
  public record Counters(
      long connects,
      long reconnects,
      long connectFailures,
      long messagesReceived,
      long protocolErrors,
      long pongsReceived) {}

  /**
   * Receives what happens to a {@link WebSocketClient}. Every method is called on the client's
   * event loop thread, one at a time, in order, and must not block. For each connection that opens,
   * {@link #onOpen()} is followed by any number of {@link #onText} and exactly one {@link
   * #onClose}. A method that throws is logged; the connection carries on.
   */
  public interface Listener {
    /** A connection opened: {@link WebSocketClient#send} works from now until the close. */
    default void onOpen() {}

    /**
     * A text message arrived.
     *
     * @param text the whole message
     */
    void onText(String text);

    /**
     * An open connection ended.
     *
     * @param code the WebSocket status code of the first Close frame sent or received (1000 after
     *     {@link WebSocketClient#close()}, 1009 after an oversized message, the server's code if it
     *     closed), 1005 if the server's Close frame had no code, 1006 if the connection ended
     *     without a Close frame (TCP dropped, keepalive pings unanswered)
     * @param reason the Close frame's reason text, or what ended the connection for 1006
     * @param willReconnect whether the client will try to connect again
     */
    default void onClose(int code, String reason, boolean willReconnect) {}

    /**
     * Something went wrong: an attempt to connect failed (refused, timed out, TLS handshake failed,
     * WebSocket upgrade refused) or the server broke the protocol. Whether the client tries again
     * after a failed attempt depends on {@link Builder#reconnect}; a protocol error that ends the
     * connection is followed by {@link #onClose}.
     *
     * @param error what happened
     */
    default void onError(Throwable error) {}
  }

  /** Configuration of a {@link WebSocketClient}. Not thread safe. */
  public static final class Builder {
    private final URI uri;
    private final Listener listener;
    private final String host;
    private final int port;
    private final boolean tls;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxFrameBytes = 65536;
    private @Nullable Backoff backoff;
    private Duration pingInterval = Duration.ZERO;
    private Duration closeTimeout = Duration.ofSeconds(1);
    private @Nullable X509TrustManager trustManager;
    private boolean insecure;
    private @Nullable SslContext sslContext;
    private @Nullable EventLoopGroup group;
    private Class<? extends SocketChannel> channelType = NioSocketChannel.class;

    private Builder(URI uri, Listener listener) {
      this.uri = Objects.requireNonNull(uri, "uri");
      this.listener = Objects.requireNonNull(listener, "listener");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException("not a ws:// or wss:// URL: " + uri);
      }
      String h = uri.getHost();
      if (h == null || h.isEmpty()) {
        throw new IllegalArgumentException("no host in " + uri);
      }
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      this.host = h;
      this.tls = scheme.equals("wss");
      this.port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
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
      this.backoff = Objects.requireNonNull(backoff, "backoff");
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
      this.insecure = true;
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
      this.group = Objects.requireNonNull(group, "group");
      this.channelType = Objects.requireNonNull(channelType, "channelType");
      return this;
    }

    /**
     * Builds the client and begins connecting; returns at once.
     *
     * @return the started client
     * @throws SSLException if a {@code wss://} client's TLS context cannot be built
     */
    public WebSocketClient start() throws SSLException {
      return build().start();
    }

    /**
     * Builds the client without starting it.
     *
     * @return the client; call {@link WebSocketClient#start()}
     * @throws SSLException if a {@code wss://} client's TLS context cannot be built
     */
    public WebSocketClient build() throws SSLException {
      return new WebSocketClient(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
