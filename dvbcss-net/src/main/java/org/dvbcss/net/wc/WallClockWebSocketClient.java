package org.dvbcss.net.wc;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.net.wsclient.Backoff;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.protocol.wc.WallClockClientCore;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSS-WC client over WebSocket ({@code ws://host:port/wc} or {@code wss://}): the same
 * measurements as the UDP {@link WallClockClient}, each request and response one 32-byte binary
 * message, as served by {@link WallClockWebSocketEndpoint}.
 *
 * <p>The wall clock, the algorithm (from {@link WallClockClientConfig#algorithm()}, one per client)
 * and the honest dispersion are exactly as for UDP: a {@link WallClockClientCore} does the work;
 * {@link WallClockClientConfig#bind()} is not used. A response's arrival time is the {@code
 * System.nanoTime()} read by the first handler of the connection's pipeline when its bytes were
 * read from the socket, converted to the wall clock's time source. A request's originate time is
 * read just before it is handed to the connection, so any wait to get onto the wire, and any
 * head-of-line blocking on the TCP connection, counts as round-trip time and widens the bound.
 *
 * <p>The WebSocket reconnects with a backoff (by default 0.5 s doubling to 5 s) whenever it drops;
 * while it is down requests time out and the wall clock's dispersion grows as the algorithm says.
 *
 * <p>Threading: the client core runs on the client's own daemon thread, which is the only one that
 * changes the wall clock's correlation; clock listeners and the candidate observer are called on
 * it. Any thread may read the wall clock and call {@link #counters()}, {@link #isConnected()} and
 * {@link #close()}.
 */
public final class WallClockWebSocketClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WallClockWebSocketClient.class);

  /** The WebSocket settings used when none are given: reconnecting, 0.5 s doubling to 5 s. */
  public static final WebSocketClientConfig DEFAULT_WEBSOCKET =
      WebSocketClientConfig.builder()
          .maxFrameBytes(1024)
          .reconnect(Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(5), 2))
          .build();

  private final URI uri;
  private final WallClockClientConfig config;
  private final TimeSource time;
  private final WallClockClientCore core;
  private final ScheduledExecutorService thread;
  private final WebSocketClient socket;
  private volatile WallClockClientCore.Counters counters;
  private volatile boolean running = true;
  private @Nullable ScheduledFuture<?> nextTurn; // client thread only

  private WallClockWebSocketClient(
      URI uri,
      CorrelatedClock wallClock,
      WallClockClientConfig config,
      WebSocketClientConfig webSocket,
      @Nullable Consumer<Candidate> observer)
      throws SSLException {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.config = Objects.requireNonNull(config, "config");
    this.time = wallClock.timeSource();
    if (!time.isRealTime()) {
      throw new IllegalArgumentException(
          "a WebSocket client needs a wall clock on a real-time source; drive a"
              + " WallClockClientCore directly for simulated time");
    }
    WallClockAlgorithm algorithm = WallClockClient.algorithm(config, observer);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "dvbcss-wc-ws-client");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.thread = executor;
    WallClockClientCore[] made = new WallClockClientCore[1];
    try {
      // the core's constructor starts the algorithm, which sets the clock: on the client thread
      executor.submit(() -> made[0] = new WallClockClientCore(wallClock, algorithm)).get();
    } catch (Exception e) {
      executor.shutdownNow();
      throw new IllegalStateException("could not start the wall clock client core", e);
    }
    this.core = made[0];
    this.counters = core.counters();
    try {
      this.socket = WebSocketClient.builder(uri, new Listener()).config(webSocket).build();
    } catch (SSLException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    socket.start();
    executor.execute(this::turn);
  }

  /**
   * Starts following a server at {@code ws://host:port/wc}, reconnecting with {@link
   * #DEFAULT_WEBSOCKET}'s backoff.
   *
   * @param uri the server's URL, {@code ws://} or {@code wss://}
   * @param wallClock the clock to keep following the server; its parent is the local clock, on a
   *     real-time source
   * @param config the options; {@link WallClockClientConfig#defaults()} for {@link
   *     org.dvbcss.protocol.wc.LowestDispersion} with its defaults
   * @return the running client
   * @throws SSLException if a {@code wss://} client's TLS context cannot be built
   * @throws IllegalArgumentException if the URI is not a ws:// or wss:// URL with a host
   */
  public static WallClockWebSocketClient start(
      URI uri, CorrelatedClock wallClock, WallClockClientConfig config) throws SSLException {
    return new WallClockWebSocketClient(uri, wallClock, config, DEFAULT_WEBSOCKET, null);
  }

  /**
   * Starts following a server with given WebSocket settings (TLS trust, reconnection, ...), showing
   * every measurement to an observer if one is given.
   *
   * @param uri the server's URL, {@code ws://} or {@code wss://}
   * @param wallClock the clock to keep following the server
   * @param config the options
   * @param webSocket the WebSocket client's settings
   * @param onCandidate sees every measurement that arrives in time, before the algorithm judges it;
   *     called on the client's thread; null for none
   * @return the running client
   * @throws SSLException if a {@code wss://} client's TLS context cannot be built
   */
  public static WallClockWebSocketClient start(
      URI uri,
      CorrelatedClock wallClock,
      WallClockClientConfig config,
      WebSocketClientConfig webSocket,
      @Nullable Consumer<Candidate> onCandidate)
      throws SSLException {
    return new WallClockWebSocketClient(
        uri, wallClock, config, Objects.requireNonNull(webSocket, "webSocket"), onCandidate);
  }

  /**
   * The server this client measures against.
   *
   * @return its URL
   */
  public URI uri() {
    return uri;
  }

  /**
   * The options this client was started with.
   *
   * @return its configuration
   */
  public WallClockClientConfig config() {
    return config;
  }

  /**
   * What the client core has seen so far, as of its thread's last turn.
   *
   * @return a snapshot
   */
  public WallClockClientCore.Counters counters() {
    return counters;
  }

  /**
   * What the WebSocket connection has done: connects, reconnects, failures.
   *
   * @return a snapshot
   */
  public WebSocketClient.Counters webSocketCounters() {
    return socket.counters();
  }

  /**
   * Whether the WebSocket is open now.
   *
   * @return true if open
   */
  public boolean isConnected() {
    return socket.isOpen();
  }

  /** One turn of the core: send when due, time out when due, then wait for the next action. */
  private void turn() {
    if (!running) {
      return;
    }
    try {
      core.poll(time.nanoTime()).ifPresent(socket::sendBinary);
    } catch (RuntimeException e) {
      log.warn("wall clock client turn failed; carrying on", e);
    }
    afterTurn();
  }

  private void afterTurn() {
    counters = core.counters();
    ScheduledFuture<?> pending = nextTurn;
    if (pending != null) {
      pending.cancel(false);
    }
    if (!running) {
      return;
    }
    long wait = Math.max(0, core.nextActionNanos() - time.nanoTime());
    nextTurn = thread.schedule(this::turn, wait, TimeUnit.NANOSECONDS);
  }

  private void onMessage(byte[] message, long arrivalNanos) {
    if (!running) {
      return;
    }
    try {
      core.onDatagram(ByteBuffer.wrap(message), arrivalNanos);
    } catch (RuntimeException e) {
      log.warn("wall clock client could not take a message; carrying on", e);
    }
    afterTurn();
  }

  /** Carries binary messages from the connection's event loop to the client thread. */
  private final class Listener implements WebSocketClient.Listener {
    @Override
    public boolean acceptsBinary() {
      return true;
    }

    @Override
    public void onBinary(ByteBuffer data, long receivedNanos) {
      // on the time source of the wall clock: now, less the time since the socket read
      long arrival = time.nanoTime() - Math.max(0, System.nanoTime() - receivedNanos);
      byte[] copy = new byte[Math.min(data.remaining(), WcMessage.SIZE + 1)];
      data.get(copy);
      try {
        thread.execute(() -> onMessage(copy, arrival));
      } catch (RejectedExecutionException e) {
        // closed
      }
    }

    @Override
    public void onText(String text) {
      log.debug("{}: text message ignored", uri);
    }

    @Override
    public void onClose(int code, String reason, boolean willReconnect) {
      log.debug("{}: closed {} {}{}", uri, code, reason, willReconnect ? ", reconnecting" : "");
    }
  }

  /**
   * Stops measuring and closes the WebSocket; the wall clock keeps its last correlation.
   * Idempotent; any thread.
   */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    socket.close();
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
