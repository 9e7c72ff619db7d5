package org.dvbcss.net.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A UDP relay on 127.0.0.1 that puts a delay on each leg of a path, for testing a CSS-WC client
 * through an asymmetric network: datagrams from the client are forwarded to the server after the
 * outbound delay, and the server's answers to the client after the inbound delay. Either delay can
 * be changed while it runs (a route change), and the relay can drop everything for a while (an
 * outage).
 *
 * <p>It serves one client at a time: the last address that sent to it is where answers go. Delays
 * are in nanoseconds and are at least what is asked (the relay's scheduler adds its own latency, a
 * fraction of a millisecond on an idle machine, to either leg).
 *
 * <p>Thread safe: the delays and the outage may be set from any thread.
 */
public final class UdpDelayRelay implements AutoCloseable {
  private final InetSocketAddress server;
  private final DatagramSocket front;
  private final DatagramSocket back;
  private final ScheduledExecutorService delayer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "udp-delay-relay");
            t.setDaemon(true);
            return t;
          });
  private final Thread frontReader;
  private final Thread backReader;
  private final AtomicLong outboundDelayNanos = new AtomicLong();
  private final AtomicLong inboundDelayNanos = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile boolean dropping;
  private volatile @Nullable InetSocketAddress client;
  private volatile boolean closed;

  /**
   * Starts a relay to a server, with no delay on either leg.
   *
   * @param server the server's address (on loopback)
   * @throws SocketException if a socket cannot be opened
   */
  public UdpDelayRelay(InetSocketAddress server) throws SocketException {
    this.server = server;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.front = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.back = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.frontReader = new Thread(this::readFront, "udp-delay-relay-front");
    this.backReader = new Thread(this::readBack, "udp-delay-relay-back");
    frontReader.setDaemon(true);
    backReader.setDaemon(true);
    frontReader.start();
    backReader.start();
  }

  /**
   * Where the client sends: the relay's own address.
   *
   * @return 127.0.0.1 and the relay's port
   */
  public InetSocketAddress address() {
    return (InetSocketAddress) front.getLocalSocketAddress();
  }

  /**
   * The relay as a CSS-WC URL.
   *
   * @return {@code udp://127.0.0.1:PORT}
   */
  public String url() {
    InetSocketAddress a = address();
    return "udp://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /**
   * Sets the delays of the two legs, from now on; datagrams already on their way keep theirs.
   *
   * @param outboundNanos client to server, nanoseconds, 0 or more
   * @param inboundNanos server to client, nanoseconds, 0 or more
   */
  public void delays(long outboundNanos, long inboundNanos) {
    if (outboundNanos < 0 || inboundNanos < 0) {
      throw new IllegalArgumentException("delays must be >= 0 ns");
    }
    outboundDelayNanos.set(outboundNanos);
    inboundDelayNanos.set(inboundNanos);
  }

  /**
   * Drops every datagram in both directions while on: an outage.
   *
   * @param on whether to drop
   */
  public void dropping(boolean on) {
    this.dropping = on;
  }

  /**
   * How many datagrams were forwarded, both legs together.
   *
   * @return the count
   */
  public long forwarded() {
    return forwarded.get();
  }

  private void readFront() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        front.receive(p);
      } catch (IOException e) {
        return;
      }
      client = (InetSocketAddress) p.getSocketAddress();
      relay(back, Arrays.copyOf(p.getData(), p.getLength()), server, outboundDelayNanos.get());
    }
  }

  private void readBack() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        back.receive(p);
      } catch (IOException e) {
        return;
      }
      InetSocketAddress to = client;
      if (to != null) {
        relay(front, Arrays.copyOf(p.getData(), p.getLength()), to, inboundDelayNanos.get());
      }
    }
  }

  private void relay(DatagramSocket via, byte[] data, InetSocketAddress to, long delayNanos) {
    if (dropping || closed) {
      return;
    }
    Runnable send =
        () -> {
          try {
            via.send(new DatagramPacket(data, data.length, to));
            forwarded.incrementAndGet();
          } catch (IOException e) {
            // closed, or the destination is gone: a lost datagram, as on a network
          }
        };
    try {
      delayer.schedule(send, delayNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void close() {
    closed = true;
    front.close();
    back.close();
    delayer.shutdownNow();
    try {
      frontReader.join(2_000);
      backReader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
