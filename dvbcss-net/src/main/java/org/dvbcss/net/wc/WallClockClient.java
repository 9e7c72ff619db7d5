package org.dvbcss.net.wc;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.function.Consumer;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.protocol.wc.WallClockClientCore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSS-WC client: keeps a companion's wall clock following a server's.
 *
 * <p>The wall clock is a {@link CorrelatedClock} whose parent is the local clock (normally a {@code
 * SysClock} on the real-time source); the client measures the local clock against the server and
 * its {@link WallClockAlgorithm} sets the wall clock's correlation. The dispersion of the wall
 * clock is the client's honest error bound: infinite until a first measurement, then growing
 * between measurements by the two sides' declared frequency errors.
 *
 * <p>Its socket is connected to the server's address and port, so datagrams from anywhere else
 * never reach it. A response counts only if its originate value matches the outstanding request
 * (see {@link WallClockClientCore}). With no server it keeps asking at the algorithm's pace and the
 * clock keeps reporting infinite dispersion; it converges as soon as a server answers.
 *
 * <p>Threading: the client runs on its own thread, which is the only one that changes the wall
 * clock's correlation; clock listeners and the candidate observer are called on it. Any thread may
 * read the wall clock and call {@link #counters()} and {@link #close()}.
 */
public final class WallClockClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WallClockClient.class);

  /** How long to poll for a response before sleeping on the selector, nanoseconds. */
  private static final long SPIN_NANOS = 1_000_000;

  private final WallClockClientCore core;
  private final TimeSource time;
  private final DatagramChannel channel;
  private final Selector selector;
  private final Thread thread;
  private final InetSocketAddress server;
  private final WallClockClientConfig config;
  private volatile WallClockClientCore.Counters counters;
  private volatile boolean running = true;

  private WallClockClient(
      InetSocketAddress server,
      CorrelatedClock wallClock,
      WallClockClientConfig config,
      @Nullable Consumer<Candidate> observer)
      throws IOException {
    if (server.isUnresolved()) {
      throw new IllegalArgumentException("unresolved server address: " + server);
    }
    this.server = server;
    this.config = config;
    this.time = wallClock.timeSource();
    if (!time.isRealTime()) {
      throw new IllegalArgumentException(
          "a UDP client needs a wall clock on a real-time source; drive a WallClockClientCore"
              + " directly for simulated time");
    }
    this.core = new WallClockClientCore(wallClock, algorithm(config, observer));
    this.counters = core.counters();
    boolean v6 = server.getAddress() instanceof Inet6Address;
    this.channel =
        DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    try {
      channel.bind(config.bind());
      channel.connect(server);
      channel.configureBlocking(false);
      this.selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    this.thread = new Thread(this::run, "dvbcss-wc-client");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Opens the socket and starts measuring.
   *
   * @param server the server's address and port; resolved
   * @param wallClock the clock to keep following the server; its parent is the local clock, on a
   *     real-time source
   * @param config the options; {@link WallClockClientConfig#defaults()} for {@link
   *     LowestDispersion} with its defaults and an ephemeral local port on the wildcard address
   * @return the running client
   * @throws IOException if the socket cannot be opened or bound
   */
  public static WallClockClient start(
      InetSocketAddress server, CorrelatedClock wallClock, WallClockClientConfig config)
      throws IOException {
    return new WallClockClient(server, wallClock, config, null);
  }

  /**
   * Opens the socket and starts measuring, showing every measurement to an observer.
   *
   * @param server the server's address and port; resolved
   * @param wallClock the clock to keep following the server; its parent is the local clock, on a
   *     real-time source
   * @param config the options
   * @param onCandidate sees every measurement that arrives in time, before the algorithm judges it
   *     (for tools that print offsets and round-trip times); called on the client's thread; if it
   *     throws, the exception is logged and the client carries on
   * @return the running client
   * @throws IOException if the socket cannot be opened or bound
   */
  public static WallClockClient start(
      InetSocketAddress server,
      CorrelatedClock wallClock,
      WallClockClientConfig config,
      Consumer<Candidate> onCandidate)
      throws IOException {
    return new WallClockClient(
        server, wallClock, config, Objects.requireNonNull(onCandidate, "onCandidate"));
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
   * The server this client measures against.
   *
   * @return its address and port
   */
  public InetSocketAddress server() {
    return server;
  }

  /**
   * The local address the client sends from.
   *
   * @return the bound address
   * @throws IOException if the socket is closed
   */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * What the client has seen so far, as of its thread's last turn.
   *
   * @return a snapshot
   */
  public WallClockClientCore.Counters counters() {
    return counters;
  }

  private void run() {
    ByteBuffer in = ByteBuffer.allocateDirect(64);
    while (running) {
      try {
        core.poll(time.nanoTime()).ifPresent(this::send);
        if (core.isAwaitingResponse()) {
          spinForResponse(in);
        }
        long waitNanos = core.nextActionNanos() - time.nanoTime();
        if (waitNanos > 0) {
          selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
          selector.selectedKeys().clear();
        }
        receiveAll(in);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException | RuntimeException e) {
        log.warn("wall clock client turn failed; carrying on", e);
      }
      counters = core.counters();
    }
  }

  /**
   * Polls the socket without sleeping for a short while after a request: a response on a quiet
   * network usually arrives within it, and is then stamped the moment it lands instead of after a
   * thread wake-up, which would count as round-trip time and so as error.
   */
  private void spinForResponse(ByteBuffer in) throws IOException {
    long until = time.nanoTime() + SPIN_NANOS;
    while (core.isAwaitingResponse() && time.nanoTime() < until && running) {
      receiveAll(in);
      Thread.onSpinWait();
    }
  }

  private void receiveAll(ByteBuffer in) throws IOException {
    while (true) {
      in.clear();
      try {
        if (channel.receive(in) == null) {
          return;
        }
      } catch (PortUnreachableException e) {
        continue; // the server is not there (yet): the request will time out
      }
      long arrival = time.nanoTime();
      in.flip();
      core.onDatagram(in, arrival);
    }
  }

  private void send(byte[] request) {
    try {
      channel.write(ByteBuffer.wrap(request));
    } catch (PortUnreachableException e) {
      log.debug("server {} unreachable", server);
    } catch (IOException e) {
      log.debug("send to {} failed", server, e);
    }
  }

  /**
   * Stops measuring and closes the socket; the wall clock keeps its last correlation. Idempotent.
   */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    if (thread != Thread.currentThread()) {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      selector.close();
      channel.close();
    } catch (IOException e) {
      log.debug("closing the wall clock client's socket failed", e);
    }
  }

  /**
   * A new algorithm from the configuration's factory, shown to the observer if there is one: what
   * each client, over UDP or WebSocket, measures with.
   *
   * @param config the client's options
   * @param observer sees every candidate before the algorithm, or null
   * @return the algorithm
   */
  static WallClockAlgorithm algorithm(
      WallClockClientConfig config, @Nullable Consumer<Candidate> observer) {
    WallClockAlgorithm algorithm =
        Objects.requireNonNull(config.algorithm().get(), "the algorithm factory returned null");
    return observer == null ? algorithm : new Observed(algorithm, observer);
  }

  /** Passes each candidate to an observer before the algorithm sees it. */
  private record Observed(WallClockAlgorithm algorithm, Consumer<Candidate> observer)
      implements WallClockAlgorithm {
    @Override
    public void start(CorrelatedClock wallClock) {
      algorithm.start(wallClock);
    }

    @Override
    public long responseTimeoutNanos() {
      return algorithm.responseTimeoutNanos();
    }

    @Override
    public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
      try {
        observer.accept(candidate);
      } catch (RuntimeException e) {
        log.warn("candidate observer threw; carrying on", e);
      }
      return algorithm.onCandidate(candidate, wallClock);
    }

    @Override
    public long onTimeout(CorrelatedClock wallClock) {
      return algorithm.onTimeout(wallClock);
    }
  }
}
