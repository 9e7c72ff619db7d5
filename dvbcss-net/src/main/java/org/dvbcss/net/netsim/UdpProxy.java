package org.dvbcss.net.netsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP proxy with impairments: datagrams from each client address go to the target from an
 * upstream socket of that client's own, so the answers to it come back to it; each leg's {@link
 * LinkModel} decides what is lost, duplicated, held back and when the rest is sent.
 *
 * <p>One I/O thread reads the listening socket and every upstream socket (a {@link Selector}); one
 * {@link ReleaseTimer} thread sends at the release times. A client silent for {@link
 * NetsimConfig#udpIdleNanos()} loses its upstream socket; datagrams from more than {@link
 * NetsimConfig#maxUdpClients()} clients at once are dropped and counted on the {@code to-server}
 * leg. A send that fails (a full buffer, an unreachable port) is lost, as on a network.
 *
 * <p>Thread safe.
 */
public final class UdpProxy implements Proxy {
  private static final Logger log = LoggerFactory.getLogger(UdpProxy.class);
  private static final int MAX_DATAGRAM = 65_535;

  private final NetsimConfig config;
  private final InetSocketAddress target;
  private final LinkModel toServer;
  private final LinkModel toClient;
  private final DatagramChannel front;
  private final Selector selector;
  private final ReleaseTimer timer;
  private final Thread io;
  private final Map<InetSocketAddress, Session> sessions = new HashMap<>();
  private volatile int clients;
  private volatile boolean closed;

  private static final class Session {
    final InetSocketAddress client;
    final DatagramChannel upstream;
    long lastNanos;

    Session(InetSocketAddress client, DatagramChannel upstream, long lastNanos) {
      this.client = client;
      this.upstream = upstream;
      this.lastNanos = lastNanos;
    }
  }

  private UdpProxy(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target, long startNanos)
      throws IOException {
    this.config = config;
    this.target = target;
    this.toServer = new LinkModel(Direction.TO_SERVER, config, startNanos);
    this.toClient = new LinkModel(Direction.TO_CLIENT, config, startNanos);
    this.selector = Selector.open();
    try {
      this.front = DatagramChannel.open(family(listen));
      front.bind(listen);
      front.configureBlocking(false);
      front.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      selector.close();
      throw e;
    }
    this.timer = new ReleaseTimer("netsim-udp-release");
    this.io = new Thread(this::run, "netsim-udp-io");
    io.setDaemon(true);
    io.start();
  }

  /**
   * Starts a proxy; the script's time 0 is now.
   *
   * @param config the impairments
   * @param listen where to listen, e.g. {@code 127.0.0.1:0}
   * @param target where to forward
   * @return the running proxy
   * @throws IOException if the listening socket cannot be bound
   */
  public static UdpProxy start(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target) throws IOException {
    return start(config, listen, target, System.nanoTime());
  }

  /**
   * Starts a proxy with a given script start (to share one with other proxies).
   *
   * @param config the impairments
   * @param listen where to listen
   * @param target where to forward
   * @param startNanos the script's time 0, a {@link System#nanoTime()} reading
   * @return the running proxy
   * @throws IOException if the listening socket cannot be bound
   */
  public static UdpProxy start(
      NetsimConfig config, InetSocketAddress listen, InetSocketAddress target, long startNanos)
      throws IOException {
    return new UdpProxy(config, listen, target, startNanos);
  }

  private static StandardProtocolFamily family(InetSocketAddress a) {
    return a.getAddress() instanceof java.net.Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  @Override
  public Protocol protocol() {
    return Protocol.UDP;
  }

  @Override
  public InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) front.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
   * How many client addresses have an upstream socket now.
   *
   * @return the count
   */
  public int clients() {
    return clients;
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    long lastSweep = System.nanoTime();
    try {
      while (!closed) {
        selector.select(
            TimeUnit.NANOSECONDS.toMillis(Math.min(config.udpIdleNanos(), 1_000_000_000L)) + 1);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.attachment() instanceof Session s) {
            fromServer(s, buf);
          } else {
            fromClients(buf);
          }
        }
        long now = System.nanoTime();
        if (now - lastSweep > 100_000_000L) {
          sweep(now);
          lastSweep = now;
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        log.warn("the UDP proxy stopped", e);
      }
    }
  }

  private void fromClients(ByteBuffer buf) throws IOException {
    while (true) {
      buf.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) front.receive(buf);
      } catch (IOException e) {
        if (closed) {
          throw e;
        }
        continue; // an ICMP error from an earlier send: carry on
      }
      if (from == null) {
        return;
      }
      long now = System.nanoTime();
      Session s = sessions.get(from);
      if (s == null) {
        if (sessions.size() >= config.maxUdpClients()) {
          toServer.countDropped();
          continue;
        }
        s = open(from, now);
        if (s == null) {
          toServer.countDropped();
          continue;
        }
      }
      s.lastNanos = now;
      buf.flip();
      ByteBuffer copy = copy(buf);
      DatagramChannel upstream = s.upstream;
      for (long at : toServer.datagram(now, copy.remaining())) {
        ByteBuffer one = copy.duplicate();
        timer.schedule(at, () -> send(upstream, one, null));
      }
    }
  }

  private @Nullable Session open(InetSocketAddress client, long now) {
    try {
      DatagramChannel upstream = DatagramChannel.open(family(target));
      upstream.connect(target);
      upstream.configureBlocking(false);
      Session s = new Session(client, upstream, now);
      upstream.register(selector, SelectionKey.OP_READ, s);
      sessions.put(client, s);
      clients = sessions.size();
      return s;
    } catch (IOException e) {
      log.debug("no upstream socket for {}", client, e);
      return null;
    }
  }

  private void fromServer(Session s, ByteBuffer buf) {
    while (true) {
      buf.clear();
      try {
        if (s.upstream.read(buf) <= 0) {
          return;
        }
      } catch (IOException e) {
        return; // the target is unreachable (ICMP): nothing to forward
      }
      long now = System.nanoTime();
      buf.flip();
      ByteBuffer copy = copy(buf);
      for (long at : toClient.datagram(now, copy.remaining())) {
        ByteBuffer one = copy.duplicate();
        timer.schedule(at, () -> send(front, one, s.client));
      }
    }
  }

  private static ByteBuffer copy(ByteBuffer buf) {
    ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
    copy.put(buf).flip();
    return copy;
  }

  private void send(DatagramChannel via, ByteBuffer data, @Nullable InetSocketAddress to) {
    try {
      if (to == null) {
        via.write(data);
      } else {
        via.send(data, to);
      }
    } catch (IOException e) {
      // closed, full or unreachable: lost, as on a network
    }
  }

  private void sweep(long now) {
    Iterator<Session> it = sessions.values().iterator();
    while (it.hasNext()) {
      Session s = it.next();
      if (now - s.lastNanos > config.udpIdleNanos()) {
        closeQuietly(s.upstream);
        it.remove();
      }
    }
    clients = sessions.size();
  }

  private static void closeQuietly(DatagramChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    selector.wakeup();
    try {
      io.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.close();
    for (Session s : sessions.values()) {
      closeQuietly(s.upstream);
    }
    sessions.clear();
    clients = 0;
    closeQuietly(front);
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
