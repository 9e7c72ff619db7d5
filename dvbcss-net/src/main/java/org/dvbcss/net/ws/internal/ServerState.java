package org.dvbcss.net.ws.internal;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.dvbcss.net.ws.CloseCause;
import org.dvbcss.net.ws.HttpResource;
import org.dvbcss.net.ws.WebSocketEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * What the handlers of one server share: configuration, the connection limit, and the counters.
 * Thread safe.
 */
public final class ServerState {
  /** The endpoints by exact path. */
  public final Map<String, WebSocketEndpoint> endpoints;

  /** The plain HTTP resources by exact path (none collides with an endpoint). */
  public final Map<String, HttpResource> resources;

  /** The most connections (open sessions plus handshakes in progress). */
  public final int maxConnections;

  /** The largest frame or joined message accepted, in bytes. */
  public final int maxFrameBytes;

  /** How long without an incoming frame before a connection is closed, in ns; 0 for never. */
  public final long idleTimeoutNanos;

  /** How often the server pings each session, in ns; 0 for never. */
  public final long pingIntervalNanos;

  /** Frames each connection may send per second, sustained; 0 for no limit. */
  public final double inboundFramesPerSecond;

  /** Frames each connection may send at once, on top of the sustained rate; unused without one. */
  public final int inboundFrameBurst;

  /** The clock for the inbound frame limit, in ns (arbitrary origin, monotonic). */
  public final LongSupplier nanoTime;

  /** The origins a handshake may come from, or null for any. */
  public final @Nullable Origins origins;

  /** The TLS context for wss://, or null for plain ws://. */
  public final @Nullable SslContext sslContext;

  /** Whether a refused request is answered by closing the connection, with no HTTP status. */
  public final boolean refuseByClosing;

  /** Whether shutdown drops open sessions without a close frame. */
  public final boolean shutdownWithoutCloseFrame;

  /** Every accepted TCP connection still open (not the listening channel). */
  public final ChannelGroup channels =
      new DefaultChannelGroup("dvbcss-ws", GlobalEventExecutor.INSTANCE);

  private final AtomicInteger slots = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closing;
  private int liveSessions; // guarded by this

  // the counts behind WebSocketServer.counters(), which reads them: sessions opened, handshakes
  // refused with 503, unknown paths (404), bad requests (400, 405, 426, an unsupported version),
  // connections idle before their handshake, endpoint callbacks that threw, origins refused (403),
  // TLS failures
  public final LongAdder accepted = new LongAdder();
  public final LongAdder rejected = new LongAdder();
  public final LongAdder unknownPath = new LongAdder();
  public final LongAdder badRequests = new LongAdder();
  public final LongAdder idleBeforeHandshake = new LongAdder();
  public final LongAdder endpointErrors = new LongAdder();
  public final LongAdder forbiddenOrigin = new LongAdder();
  public final LongAdder tlsFailures = new LongAdder();
  // plain HTTP resources: requests answered by a resource, and resources that threw (HTTP 500)
  public final LongAdder httpServed = new LongAdder();
  public final LongAdder httpErrors = new LongAdder();
  private final Map<CloseCause, LongAdder> closed = new EnumMap<>(CloseCause.class);

  /**
   * Creates the shared state: the server's limits and timings, and the ways of misbehaving a TV
   * simulator may choose.
   *
   * @param endpoints endpoints by path (copied)
   * @param maxConnections the connection limit
   * @param maxFrameBytes the frame and message size limit in bytes
   * @param idleTimeoutNanos idle timeout in ns, 0 for none
   * @param pingIntervalNanos ping interval in ns, 0 for none
   * @param inboundFramesPerSecond frames per second each connection may send, sustained; 0 for no
   *     limit
   * @param inboundFrameBurst frames a connection may send at once (the bucket's size)
   * @param nanoTime the clock for the limit, in ns
   * @param origins the allowed origins, or null for any
   * @param sslContext the server's TLS context, or null for no TLS
   * @param refuseByClosing answer a refused request by closing the connection, writing nothing
   * @param shutdownWithoutCloseFrame at shutdown, drop open sessions without a close frame
   */
  public ServerState(
      Map<String, WebSocketEndpoint> endpoints,
      int maxConnections,
      int maxFrameBytes,
      long idleTimeoutNanos,
      long pingIntervalNanos,
      double inboundFramesPerSecond,
      int inboundFrameBurst,
      LongSupplier nanoTime,
      @Nullable Origins origins,
      @Nullable SslContext sslContext,
      boolean refuseByClosing,
      boolean shutdownWithoutCloseFrame) {
    this(
        endpoints,
        Map.of(),
        maxConnections,
        maxFrameBytes,
        idleTimeoutNanos,
        pingIntervalNanos,
        inboundFramesPerSecond,
        inboundFrameBurst,
        nanoTime,
        origins,
        sslContext,
        refuseByClosing,
        shutdownWithoutCloseFrame);
  }

  /**
   * Creates the shared state with plain HTTP resources as well as endpoints.
   *
   * @param endpoints endpoints by path (copied)
   * @param resources plain HTTP resources by path (copied)
   * @param maxConnections the connection limit
   * @param maxFrameBytes the frame and message size limit in bytes
   * @param idleTimeoutNanos idle timeout in ns, 0 for none
   * @param pingIntervalNanos ping interval in ns, 0 for none
   * @param inboundFramesPerSecond frames per second each connection may send, sustained; 0 for no
   *     limit
   * @param inboundFrameBurst frames a connection may send at once (the bucket's size)
   * @param nanoTime the clock for the limit, in ns
   * @param origins the allowed origins, or null for any
   * @param sslContext the server's TLS context, or null for no TLS
   * @param refuseByClosing answer a refused request by closing the connection, writing nothing
   * @param shutdownWithoutCloseFrame at shutdown, drop open sessions without a close frame
   * @throws IllegalArgumentException if a path is both an endpoint and a resource
   */
  public ServerState(
      Map<String, WebSocketEndpoint> endpoints,
      Map<String, HttpResource> resources,
      int maxConnections,
      int maxFrameBytes,
      long idleTimeoutNanos,
      long pingIntervalNanos,
      double inboundFramesPerSecond,
      int inboundFrameBurst,
      LongSupplier nanoTime,
      @Nullable Origins origins,
      @Nullable SslContext sslContext,
      boolean refuseByClosing,
      boolean shutdownWithoutCloseFrame) {
    for (String path : resources.keySet()) {
      if (endpoints.containsKey(path)) {
        throw new IllegalArgumentException("path is both an endpoint and a resource: " + path);
      }
    }
    this.resources = Map.copyOf(resources);
    this.refuseByClosing = refuseByClosing;
    this.shutdownWithoutCloseFrame = shutdownWithoutCloseFrame;
    this.origins = origins;
    this.sslContext = sslContext;
    this.endpoints = Map.copyOf(endpoints);
    this.maxConnections = maxConnections;
    this.maxFrameBytes = maxFrameBytes;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.pingIntervalNanos = pingIntervalNanos;
    this.inboundFramesPerSecond = inboundFramesPerSecond;
    this.inboundFrameBurst = inboundFrameBurst;
    this.nanoTime = nanoTime;
    for (CloseCause cause : CloseCause.values()) {
      closed.put(cause, new LongAdder());
    }
  }

  /**
   * Takes a connection slot if one is free.
   *
   * @return true if taken; the caller must {@link #releaseSlot()} when the connection closes
   */
  boolean tryAcquireSlot() {
    while (true) {
      int used = slots.get();
      if (used >= maxConnections) {
        return false;
      }
      if (slots.compareAndSet(used, used + 1)) {
        return true;
      }
    }
  }

  void releaseSlot() {
    slots.decrementAndGet();
  }

  String nextId(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1).replaceAll("[^A-Za-z0-9_.-]", "");
    return (name.isEmpty() ? "ws" : name) + "-" + ids.incrementAndGet();
  }

  void countClosed(CloseCause cause) {
    closed.get(cause).increment();
  }

  synchronized void sessionOpened() {
    liveSessions++;
  }

  synchronized void sessionEnded() {
    liveSessions--;
    notifyAll();
  }

  /**
   * Waits until every opened session has ended (its {@code onClose} has returned).
   *
   * @param timeoutNanos the most to wait, in ns
   * @return true if none is left, false on timeout or interrupt
   */
  public synchronized boolean awaitNoSessions(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (liveSessions > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Marks the server as shutting down: new handshakes are refused with 503. */
  public void startClosing() {
    closing = true;
  }

  boolean isClosing() {
    return closing;
  }

  /**
   * Open sessions plus handshakes in progress.
   *
   * @return a count
   */
  public int connections() {
    return slots.get();
  }

  /**
   * Sessions ended, by cause.
   *
   * @return a new map with every cause
   */
  public Map<CloseCause, Long> closed() {
    Map<CloseCause, Long> copy = new EnumMap<>(CloseCause.class);
    closed.forEach((cause, count) -> copy.put(cause, count.sum()));
    return copy;
  }
}
