package org.dvbcss.net.netsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy with impairments: each accepted connection gets a connection to the target, and the
 * bytes of each direction are delivered in order at the times the leg's {@link LinkModel} gives
 * ({@link LinkModel#chunk}: delay, jitter, bandwidth, loss as a retransmission delay, outages
 * held).
 *
 * <p>Each connection has four threads: per direction one reads (a chunk of up to 16 KiB per read)
 * and one writes at the release times, with at most 64 chunks (1 MiB) between them. A flooding
 * sender fills that queue and is then held back by TCP's own flow control; a slow reader holds up
 * only its own connection. The accepting thread never waits on a connection.
 *
 * <p>Closing: an end of stream from one side is passed on as a half-close (shutdown of output) to
 * the other after the bytes before it; the connection is closed when both directions have ended. A
 * reset (or any error) on either side resets the other. With {@link NetsimConfig.TcpOutage#RESET}
 * every open connection is reset when an outage of either leg starts, and new ones are reset while
 * it lasts. More than {@link NetsimConfig#maxTcpConnections()} connections at once, or a target
 * that does not answer, also reset the new connection; each is counted.
 *
 * <p>Thread safe.
 */
public final class TcpProxy implements Proxy {
  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);
  private static final int CHUNK = 16 * 1024;
  private static final int QUEUE = 64;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /**
   * The connections a TCP proxy has handled: a snapshot.
   *
   * @param accepted connections accepted
   * @param active connections open now
   * @param refused connections reset at once: too many, or during a {@code RESET} outage
   * @param upstreamFailed connections reset because the target could not be reached
   * @param reset connections ended by a reset (from either side, or by an outage)
   */
  public record Connections(
      long accepted, long active, long refused, long upstreamFailed, long reset) {}

  private final NetsimConfig config;
  private final InetSocketAddress target;
  private final LinkModel toServer;
  private final LinkModel toClient;
  private final ServerSocket server;
  private final Thread acceptor;
  private final @Nullable Thread watcher;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong upstreamFailed = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private volatile boolean closed;

  private TcpProxy(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target, long startNanos)
      throws IOException {
    this.config = config;
    this.target = target;
    this.toServer = new LinkModel(Direction.TO_SERVER, config, startNanos);
    this.toClient = new LinkModel(Direction.TO_CLIENT, config, startNanos);
    this.server = new ServerSocket();
    try {
      server.bind(listen, 128);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    this.acceptor = new Thread(this::accept, "netsim-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    if (config.tcpOutage() == NetsimConfig.TcpOutage.RESET) {
      watcher = new Thread(this::watch, "netsim-tcp-outage");
      watcher.setDaemon(true);
      watcher.start();
    } else {
      watcher = null;
    }
  }

  /**
   * Starts a proxy; the script's time 0 is now.
   *
   * @param config the impairments
   * @param listen where to listen, e.g. {@code 127.0.0.1:0}
   * @param target where to connect
   * @return the running proxy
   * @throws IOException if the listening socket cannot be bound
   */
  public static TcpProxy start(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target) throws IOException {
    return start(config, listen, target, System.nanoTime());
  }

  /**
   * Starts a proxy with a given script start (to share one with other proxies).
   *
   * @param config the impairments
   * @param listen where to listen
   * @param target where to connect
   * @param startNanos the script's time 0, a {@link System#nanoTime()} reading
   * @return the running proxy
   * @throws IOException if the listening socket cannot be bound
   */
  public static TcpProxy start(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target, long startNanos)
      throws IOException {
    return new TcpProxy(config, listen, target, startNanos);
  }

  @Override
  public Protocol protocol() {
    return Protocol.TCP;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public InetSocketAddress target() {
    return target;
  }

  @Override
  public LinkCounters counters(Direction leg) {
    return (leg == Direction.TO_SERVER ? toServer : toClient).counters();
  }

  /**
   * What happened to connections.
   *
   * @return a snapshot
   */
  public Connections connections() {
    return new Connections(
        accepted.get(), connections.size(), refused.get(), upstreamFailed.get(), resets.get());
  }

  private boolean resetOutage(long now) {
    return config.tcpOutage() == NetsimConfig.TcpOutage.RESET
        && (toServer.down(now) || toClient.down(now));
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("the TCP proxy stopped accepting", e);
        }
        return;
      }
      accepted.incrementAndGet();
      if (connections.size() >= config.maxTcpConnections() || resetOutage(System.nanoTime())) {
        refused.incrementAndGet();
        reset(client);
        continue;
      }
      Connection c = new Connection(client);
      connections.add(c);
      Thread t = new Thread(c::open, "netsim-tcp-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void watch() {
    while (!closed) {
      if (resetOutage(System.nanoTime())) {
        for (Connection c : connections) {
          resets.incrementAndGet();
          c.abort();
        }
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // closed already
    }
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A chunk of bytes, an end of stream ({@code data} null) or a reset ({@code reset}). */
  private record Chunk(long atNanos, byte @Nullable [] data, boolean reset) {}

  private final class Connection {
    private final Socket client;
    private final Socket upstream = new Socket();
    private final AtomicInteger ended = new AtomicInteger();
    private volatile boolean aborted;

    Connection(Socket client) {
      this.client = client;
    }

    void open() {
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        upstreamFailed.incrementAndGet();
        log.debug("cannot reach {}", target, e);
        connections.remove(this);
        reset(client);
        reset(upstream);
        return;
      }
      if (closed) {
        abort();
        return;
      }
      BlockingQueue<Chunk> up = new ArrayBlockingQueue<>(QUEUE);
      BlockingQueue<Chunk> down = new ArrayBlockingQueue<>(QUEUE);
      start(() -> write(up, upstream), "netsim-tcp-write-up");
      start(() -> write(down, client), "netsim-tcp-write-down");
      start(() -> read(upstream, down, toClient), "netsim-tcp-read-down");
      read(client, up, toServer);
    }

    private void start(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    }

    private void read(Socket from, BlockingQueue<Chunk> queue, LinkModel leg) {
      long last = Long.MIN_VALUE;
      byte[] buf = new byte[CHUNK];
      try {
        InputStream in = from.getInputStream();
        while (true) {
          int n;
          try {
            n = in.read(buf);
          } catch (IOException e) {
            put(queue, new Chunk(Math.max(last, System.nanoTime()), null, true));
            return;
          }
          long now = System.nanoTime();
          if (n < 0) {
            put(queue, new Chunk(leg.endAt(now, last), null, false));
            return;
          }
          last = leg.chunk(now, n, last);
          put(queue, new Chunk(last, Arrays.copyOf(buf, n), false));
        }
      } catch (IOException | InterruptedException e) {
        abort();
      }
    }

    private void put(BlockingQueue<Chunk> queue, Chunk c) throws InterruptedException {
      while (!aborted && !queue.offer(c, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        // full: the reader waits, and TCP holds the sender back
      }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to) {
      try {
        OutputStream out = to.getOutputStream();
        while (!aborted) {
          Chunk c = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (c == null) {
            continue;
          }
          if (c.atNanos() == Long.MAX_VALUE) {
            while (!aborted) {
              java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // an endless outage
            }
            return;
          }
          if (!Release.awaitUntil(c.atNanos(), () -> aborted)) {
            return;
          }
          if (c.reset()) {
            resets.incrementAndGet();
            abort();
            return;
          }
          byte[] data = c.data();
          if (data == null) {
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
              finish();
            }
            return;
          }
          out.write(data);
          out.flush();
        }
      } catch (IOException e) {
        if (!aborted) {
          resets.incrementAndGet();
        }
        abort();
      } catch (InterruptedException e) {
        abort();
      }
    }

    private void finish() {
      connections.remove(this);
      try {
        client.close();
        upstream.close();
      } catch (IOException e) {
        // closing anyway
      }
    }

    void abort() {
      if (aborted) {
        return;
      }
      aborted = true;
      connections.remove(this);
      reset(client);
      reset(upstream);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Connection c : connections) {
      c.abort();
    }
    try {
      acceptor.join(2_000);
      if (watcher != null) {
        watcher.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
