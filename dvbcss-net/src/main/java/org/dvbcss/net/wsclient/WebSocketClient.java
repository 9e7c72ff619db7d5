package org.dvbcss.net.wsclient;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.net.wsclient.internal.ClientConnection;
import org.dvbcss.net.wsclient.internal.ConnectionEvents;
import org.dvbcss.net.wsclient.internal.Reconnector;
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
 * Listener#onClose}. With {@linkplain WebSocketClientConfig.Builder#reconnect reconnection}
 * configured, the client tries again after every failed attempt and after every close it did not
 * ask for itself (also a clean close by the server, which for a TV usually means it is going away),
 * until {@link #close()} is called. Without it, the client stays closed after the first failure or
 * close.
 *
 * <p>Messages from the server are whole text messages of at most {@link
 * WebSocketClientConfig#maxFrameBytes()} bytes. A larger message makes the client close the
 * connection with status 1009; other violations of the WebSocket protocol close it with the status
 * Netty's decoder chooses (1002, 1007); binary messages are ignored unless the listener {@linkplain
 * Listener#acceptsBinary accepts them}. Each of these is counted in {@link
 * Counters#protocolErrors()} and reported by {@link Listener#onError}.
 *
 * <p>Threading: the client runs on one Netty event loop (taken from its own single-thread group, or
 * from a {@linkplain WebSocketClientConfig.Builder#eventLoopGroup shared group}) and every listener
 * method is called on that loop's thread, one at a time, in order. Listener methods must not block:
 * while they run, no other client on the same loop makes progress. A listener method that throws is
 * logged and changes nothing. {@link #send}, {@link #isOpen}, {@link #counters} and {@link #close}
 * may be called from any thread, including from a listener. A client on its own loop holds one
 * daemon thread until {@link #close()}; host names are resolved on the loop (blocking it while the
 * system resolver works).
 *
 * <p>Inside, the client is three pieces: its {@link WebSocketClientConfig}, one connection attempt
 * at a time (bootstrap, handshakes, channel), and a socket-free reconnect state machine that
 * decides when the next attempt begins.
 */
public final class WebSocketClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketClient.class);

  /** Extra time {@link #close()} waits beyond the close timeout for the loop to finish. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientConnection.Target target;
  private final WebSocketClientConfig config;
  private final @Nullable SslContext sslContext;
  private final Listener listener;
  private final long connectTimeoutNanos;
  private final long pingIntervalNanos;
  private final long closeTimeoutNanos;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Class<? extends SocketChannel> channelType;
  private final EventLoop loop;
  private final Reconnector reconnector;

  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<@Nullable Void> terminated = new CompletableFuture<>();

  /** The current attempt or connection, if any; written on the loop. */
  private volatile @Nullable ClientConnection connection;

  // written only on the loop; read from anywhere
  private volatile long connects;
  private volatile long connectFailures;
  private volatile long messagesReceived;
  private volatile long protocolErrors;
  private volatile long pongsReceived;

  private WebSocketClient(
      ClientConnection.Target target, WebSocketClientConfig c, Listener listener)
      throws SSLException {
    this.target = target;
    this.config = c;
    this.listener = listener;
    this.connectTimeoutNanos = c.connectTimeout().toNanos();
    this.pingIntervalNanos = c.pingInterval().toNanos();
    this.closeTimeoutNanos = c.closeTimeout().toNanos();
    this.sslContext = target.tls() ? sslContext(target.uri(), c) : null;
    EventLoopGroup shared = c.eventLoopGroup().orElse(null);
    if (shared != null) {
      this.group = shared;
      this.ownsGroup = false;
      this.channelType = c.channelType();
    } else {
      this.group =
          new MultiThreadIoEventLoopGroup(
              1, new DefaultThreadFactory("dvbcss-ws-client", true), NioIoHandler.newFactory());
      this.ownsGroup = true;
      this.channelType = NioSocketChannel.class;
    }
    this.loop = group.next();
    this.reconnector =
        new Reconnector(c.reconnect().orElse(null), TimeSource.system(), new Driver());
  }

  private static SslContext sslContext(URI uri, WebSocketClientConfig c) throws SSLException {
    SslContext given = c.sslContext().orElse(null);
    if (given != null) {
      return given;
    }
    SslContextBuilder ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    X509TrustManager trust = c.trustManager().orElse(null);
    if (c.insecureTrustAll()) {
      log.warn("{}: trusting any certificate and any host name (insecureTrustAll)", uri);
      ssl.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else if (trust != null) {
      ssl.trustManager(trust);
    }
    return ssl.build();
  }

  /**
   * Starts configuring a client.
   *
   * @param uri the server's WebSocket URL: {@code ws://host[:port]/path[?query]} or {@code wss://}
   * @param listener told of everything that happens, on the client's event loop
   * @return a builder with {@link WebSocketClientConfig#defaults()}
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
    return target.uri();
  }

  /**
   * The client's settings.
   *
   * @return the config given to the builder
   */
  public WebSocketClientConfig config() {
    return config;
  }

  /**
   * Begins connecting; returns at once. Call once.
   *
   * @return this client
   * @throws IllegalStateException if already started or closed
   */
  public WebSocketClient start() {
    if (reconnector.isCloseRequested()) {
      throw new IllegalStateException("closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    loop.execute(reconnector::start);
    return this;
  }

  /**
   * Whether a connection is open: its opening handshake has completed and no Close frame has been
   * sent or received on it. Any thread.
   *
   * @return whether open
   */
  public boolean isOpen() {
    ClientConnection c = connection;
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
    ClientConnection c = connection;
    return c != null && c.send(text);
  }

  /**
   * Sends a binary message if a connection is open, like {@link #send}. Any thread.
   *
   * @param data the message; copied, so the caller may reuse the array
   * @return {@code true} if the message was queued on an open connection; {@code false} if no
   *     connection is open (the message is dropped)
   */
  public boolean sendBinary(byte[] data) {
    Objects.requireNonNull(data, "data");
    ClientConnection c = connection;
    return c != null && c.sendBinary(data.clone());
  }

  /**
   * What the client has done so far. Any thread.
   *
   * @return a snapshot
   */
  public Counters counters() {
    return new Counters(
        connects,
        reconnector.reconnects(),
        connectFailures,
        messagesReceived,
        protocolErrors,
        pongsReceived);
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
    if (!reconnector.requestClose()) {
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
      log.debug("{}: connection did not close in time", target.uri(), e);
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private void closeOnLoop() {
    if (reconnector.stop()) {
      ClientConnection c = connection;
      if (c != null) {
        c.close(1000, "", closeTimeoutNanos);
      }
    }
  }

  private void call(Runnable callback) {
    try {
      callback.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // NOPMD: a listener must never kill the connection
      log.warn("{}: WebSocket client listener threw; carrying on", target.uri(), e);
    }
  }

  /** Carries out the reconnect machine's decisions on the loop. */
  private final class Driver implements Reconnector.Driver {
    @Override
    public void connect() {
      connection =
          ClientConnection.open(
              loop,
              channelType,
              target,
              sslContext,
              config.maxFrameBytes(),
              connectTimeoutNanos,
              pingIntervalNanos,
              new Events());
    }

    @Override
    public Runnable schedule(Runnable task, long delayNanos) {
      ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    }

    @Override
    public void terminated() {
      terminated.complete(null);
    }
  }

  /** Reports one connection's events to the client; on the loop. */
  private final class Events implements ConnectionEvents {
    @Override
    public void opened() {
      connects++;
      reconnector.opened();
      call(listener::onOpen);
    }

    @Override
    public void text(String text) {
      messagesReceived++;
      call(() -> listener.onText(text));
    }

    @Override
    public boolean binary(ByteBuffer data, long receivedNanos) {
      if (!listener.acceptsBinary()) {
        return false;
      }
      messagesReceived++;
      call(() -> listener.onBinary(data, receivedNanos));
      return true;
    }

    @Override
    public void pong() {
      pongsReceived++;
    }

    @Override
    public void protocolError(Throwable cause, boolean fatal) {
      protocolErrors++;
      log.debug("{}: protocol error{}", target.uri(), fatal ? ", closing" : "", cause);
      call(() -> listener.onError(cause));
    }

    @Override
    public void failedToOpen(Throwable cause) {
      connection = null;
      connectFailures++;
      reconnector.attemptFailed(
          () -> {
            log.debug("{}: connection attempt failed", target.uri(), cause);
            call(() -> listener.onError(cause));
          });
    }

    @Override
    public void closed(int code, String reason) {
      connection = null;
      reconnector.closed(
          willReconnect -> {
            log.debug("{}: closed {} {}", target.uri(), code, reason);
            call(() -> listener.onClose(code, reason, willReconnect));
          });
    }
  }

  /**
   * What a client has done.
   *
   * @param connects connections opened (WebSocket handshake completed)
   * @param reconnects connection attempts begun after the first, by the reconnect backoff
   * @param connectFailures attempts that ended before the WebSocket handshake completed
   * @param messagesReceived text messages (and binary ones, for a listener that accepts them)
   *     received and passed to the listener
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
     * Whether binary messages go to {@link #onBinary}. If false (the default) a binary message is
     * ignored and counted as a protocol error.
     *
     * @return true to receive binary messages
     */
    default boolean acceptsBinary() {
      return false;
    }

    /**
     * A binary message arrived, for a listener whose {@link #acceptsBinary()} is true.
     *
     * @param data the whole message, read only; valid during the call only (copy what must outlive
     *     it)
     * @param receivedNanos {@link System#nanoTime()} read by the first handler of the connection's
     *     pipeline (ahead of TLS and WebSocket decoding) when the socket read that completed this
     *     message arrived, in nanoseconds
     */
    default void onBinary(ByteBuffer data, long receivedNanos) {}

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
     * after a failed attempt depends on {@link WebSocketClientConfig.Builder#reconnect}; a protocol
     * error that ends the connection is followed by {@link #onClose}.
     *
     * @param error what happened
     */
    default void onError(Throwable error) {}
  }

  /**
   * Gathers a client's URL, listener and {@link WebSocketClientConfig}, then builds it. Not thread
   * safe.
   */
  public static final class Builder {
    private final ClientConnection.Target target;
    private final Listener listener;
    private WebSocketClientConfig config = WebSocketClientConfig.defaults();

    private Builder(URI uri, Listener listener) {
      this.target = ClientConnection.Target.of(uri);
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The client's settings (default {@link WebSocketClientConfig#defaults()}).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder config(WebSocketClientConfig config) {
      this.config = Objects.requireNonNull(config, "config");
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
      return new WebSocketClient(target, config, listener);
    }
  }
}
