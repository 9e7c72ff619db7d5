package org.dvbcss.net.wc;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.protocol.wc.WallClockServerCore;
import org.dvbcss.protocol.wc.WallClockServerCore.DropReason;
import org.dvbcss.protocol.wc.WallClockServerCore.Reply;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSS-WC server: answers wall clock requests on UDP from a {@link Clock}.
 *
 * <p>Each receiving thread blocks on its own {@link DatagramChannel} and reads the wall clock
 * immediately after a datagram arrives, before decoding it; the transmit time is read just before
 * the response is sent. In follow-up mode each request gets a type-2 response and then a type-3
 * follow-up whose transmit time is read after the type-2 response left. With {@code threads > 1}
 * the channels share the port with {@code SO_REUSEPORT} and the kernel spreads requests over them.
 *
 * <p>A datagram that is not a valid request is counted by reason and dropped: never answered, never
 * fatal. A response is never larger than its request: each 32-byte request gets one 32-byte
 * response, or in follow-up mode two (twice the packets and bytes it came with).
 *
 * <p>An optional per-source rate limit ({@link Builder#rateLimit(double, int)}, off by default)
 * drops datagrams from an address that sends faster than allowed, counted as {@link
 * DropReason#RATE_LIMITED}.
 *
 * <p>Thread safe: {@link #counters()} and {@link #close()} may be called from any thread.
 */
public final class WallClockServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WallClockServer.class);

  /** The port CSS-WC conventionally uses. */
  public static final int DEFAULT_PORT = 6677;

  private final Config config;
  private final List<DatagramChannel> channels = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final InetSocketAddress localAddress;
  private final LongAdder answered = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final @Nullable SourceRateLimiter limiter;
  private volatile boolean running = true;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WallClockServer(Config config) throws IOException {
    this.config = config;
    this.limiter =
        config.ratePerSecond > 0
            ? new SourceRateLimiter(
                config.ratePerSecond,
                config.burst,
                SourceRateLimiter.DEFAULT_MAX_SOURCES,
                TimeSource.system())
            : null;
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
    try {
      InetSocketAddress bind = config.bindAddress;
      for (int i = 0; i < config.threads; i++) {
        DatagramChannel channel = DatagramChannel.open(familyOf(bind.getAddress()));
        channels.add(channel);
        if (config.threads > 1) {
          channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        channel.bind(bind);
        // the first bind picks the port when 0 was asked for; the others join it
        bind = (InetSocketAddress) channel.getLocalAddress();
      }
      this.localAddress = bind;
    } catch (IOException | RuntimeException e) {
      closeChannels();
      throw e;
    }
    for (int i = 0; i < channels.size(); i++) {
      DatagramChannel channel = channels.get(i);
      Thread thread = new Thread(() -> serve(channel), "dvbcss-wc-server-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    log.info("CSS-WC server bound to {}", url());
  }

  /**
   * Starts configuring a server for a clock.
   *
   * @param wallClock the clock to serve; readings are sent as nanoseconds at its tick rate
   * @return a builder with the defaults: all interfaces, port 6677, one thread, no follow-up, the
   *     clock's own precision and frequency error, no rate limit
   */
  public static Builder builder(Clock wallClock) {
    return new Builder(wallClock);
  }

  private static ProtocolFamily familyOf(InetAddress address) {
    return address instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  /**
   * The address the server is bound to, with the actual port (useful when port 0 was asked for).
   *
   * @return the bound address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * The bound address as a CSS-WC URL, e.g. {@code udp://127.0.0.1:6677} or {@code
   * udp://[::1]:6677}.
   *
   * @return the URL
   */
  public String url() {
    return UdpUrls.of(localAddress).toString();
  }

  /**
   * What the server has done so far. The counts are read without stopping the server, so a snapshot
   * taken under load may be a few datagrams out of step between fields.
   *
   * @return a snapshot
   */
  public Counters counters() {
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
    return new Counters(answered.sum(), Map.copyOf(drops), sendFailures.sum());
  }

  /**
   * Whether the server still answers.
   *
   * @return false once closed
   */
  public boolean isRunning() {
    return running;
  }

  private void serve(DatagramChannel channel) {
    WallClockServerCore core =
        new WallClockServerCore(
            config.wallClock, config.precisionSeconds, config.maxFreqErrorPpm, config.followUp);
    ByteBuffer in = ByteBuffer.allocateDirect(WcMessage.SIZE + 1);
    ByteBuffer out = ByteBuffer.allocateDirect(WcMessage.SIZE);
    Clock clock = config.wallClock;
    while (running) {
      SocketAddress source;
      double receivedTicks;
      try {
        in.clear();
        source = channel.receive(in);
        receivedTicks = clock.ticks();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        log.debug("receive failed; carrying on", e);
        continue;
      }
      in.flip();
      if (limiter != null && !limiter.tryAcquire(((InetSocketAddress) source).getAddress())) {
        dropped.get(DropReason.RATE_LIMITED).increment();
        continue;
      }
      try {
        Reply reply = core.handle(in, receivedTicks);
        if (reply instanceof Reply.Drop drop) {
          dropped.get(drop.reason()).increment();
          continue;
        }
        Reply.Respond respond = (Reply.Respond) reply;
        send(channel, out, respond.response(), source);
        if (respond.followUpDue()) {
          send(channel, out, core.followUp(respond.response()), source);
        }
        answered.increment();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException | RuntimeException e) {
        sendFailures.increment();
        log.debug("could not answer {}; carrying on", source, e);
      }
    }
  }

  private static void send(
      DatagramChannel channel, ByteBuffer out, WcMessage message, SocketAddress to)
      throws IOException {
    out.clear();
    message.encode(out);
    out.flip();
    channel.send(out, to);
  }

  /**
   * Stops answering: closes the sockets, which wakes the receiving threads even while a flood of
   * requests keeps them busy, and waits up to 1 s for the threads to end. Returns within about 1 s;
   * the port can then be bound again at once. Idempotent; any thread (a second call returns at
   * once).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    closeChannels();
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0 && thread != Thread.currentThread()) {
        try {
          thread.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    log.info("CSS-WC server on {} stopped", url());
  }

  private void closeChannels() {
    for (DatagramChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing {} failed", channel, e);
      }
    }
  }

  /**
   * What a server has done.
   *
   * @param answered requests answered (a type-2 response and its follow-up count as one)
   * @param dropped datagrams dropped unanswered, by reason
   * @param sendFailures answers that could not be sent
   */
  public record Counters(long answered, Map<DropReason, Long> dropped, long sendFailures) {
    /**
     * All datagrams dropped, whatever the reason.
     *
     * @return a count
     */
    public long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private record Config(
      Clock wallClock,
      InetSocketAddress bindAddress,
      int threads,
      boolean followUp,
      double precisionSeconds,
      double maxFreqErrorPpm,
      double ratePerSecond,
      int burst) {}

  /** Configuration of a {@link WallClockServer}. Not thread safe. */
  public static final class Builder {
    private final Clock wallClock;
    private InetSocketAddress bindAddress = new InetSocketAddress(DEFAULT_PORT);
    private int threads = 1;
    private boolean followUp;
    private double precisionSeconds = Double.NaN;
    private double maxFreqErrorPpm = Double.NaN;
    private double ratePerSecond;
    private int burst;

    private Builder(Clock wallClock) {
      this.wallClock = wallClock;
    }

    /**
     * Where to listen. Port 0 lets the system pick a free port; {@link #localAddress()} tells
     * which. IPv4 and IPv6 addresses both work; the wildcard {@code 0.0.0.0} listens on every IPv4
     * interface, {@code ::} on every interface.
     *
     * @param address the address and port
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bindAddress = address;
      return this;
    }

    /**
     * How many receiving threads share the port (with {@code SO_REUSEPORT}).
     *
     * @param count 1 or more
     * @return this builder
     */
    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + count);
      }
      this.threads = count;
      return this;
    }

    /**
     * Whether to answer each request with a type-2 response followed by a type-3 follow-up.
     *
     * @param enabled true for follow-up mode
     * @return this builder
     */
    public Builder followUp(boolean enabled) {
      this.followUp = enabled;
      return this;
    }

    /**
     * A fixed precision to state instead of the clock's dispersion at each request.
     *
     * @param seconds positive
     * @return this builder
     */
    public Builder precision(double seconds) {
      if (!(seconds > 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException("precision must be positive seconds: " + seconds);
      }
      this.precisionSeconds = seconds;
      return this;
    }

    /**
     * A fixed maximum frequency error to state instead of the clock's root's.
     *
     * @param ppm parts per million, not negative
     * @return this builder
     */
    public Builder maxFreqErrorPpm(double ppm) {
      if (!(ppm >= 0) || Double.isInfinite(ppm)) {
        throw new IllegalArgumentException("maxFreqErrorPpm must be >= 0: " + ppm);
      }
      this.maxFreqErrorPpm = ppm;
      return this;
    }

    /**
     * Limits how fast each source address is answered: a token bucket per address (not per port)
     * holding {@code burst} tokens, refilled at {@code requestsPerSecond}. A datagram from an
     * address with no token left is dropped unanswered, before it is decoded, and counted as {@link
     * DropReason#RATE_LIMITED}; every datagram takes a token, well-formed or not. A limit caps what
     * any one address, including one forged as a request's source, can draw from the server: at
     * most {@code requestsPerSecond} answers (of one 32-byte datagram, two in follow-up mode) per
     * second after the first {@code burst}.
     *
     * <p><b>Off by default</b>, because a wrong limit breaks synchronisation for honest companions:
     * a companion may legitimately poll fast while it converges (several requests per second, and
     * at once again after each timeout), and a home router's NAT puts every companion of a
     * household, or a carrier-grade NAT many households, behind one address, which then shares one
     * bucket. Choose a limit well above the sum of the polling rates expected from one address.
     *
     * <p>The server remembers at most 65,536 addresses. Addresses idle long enough for their bucket
     * to refill are forgotten first (they lose nothing: they return with a full bucket, as they
     * would anyway); when that many are active at once, the least recently seen is forgotten. An
     * entry takes about 135 bytes for an IPv4 address and 200 for an IPv6 one (measured on a 64-bit
     * JVM with compressed pointers), so the table stays under about 13 MB. All receiving threads
     * share the table under one lock, held for one hash lookup per datagram.
     *
     * @param requestsPerSecond the sustained rate per address, 0.001 to 1e9 per second
     * @param burst how many datagrams an address that was quiet may send at once, 1 to 1,000,000
     * @return this builder
     */
    public Builder rateLimit(double requestsPerSecond, int burst) {
      SourceRateLimiter.checkRate(requestsPerSecond, burst);
      this.ratePerSecond = requestsPerSecond;
      this.burst = burst;
      return this;
    }

    /**
     * Binds and starts answering.
     *
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public WallClockServer start() throws IOException {
      return new WallClockServer(
          new Config(
              wallClock,
              bindAddress,
              threads,
              followUp,
              precisionSeconds,
              maxFreqErrorPpm,
              ratePerSecond,
              burst));
    }
  }
}
