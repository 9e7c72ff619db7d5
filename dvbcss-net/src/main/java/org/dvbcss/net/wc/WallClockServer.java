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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
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
 * <p>An optional per-source rate limit ({@link WallClockServerConfig.Builder#rateLimit(double,
 * int)}, off by default) drops datagrams from an address that sends faster than allowed, counted as
 * {@link DropReason#RATE_LIMITED}.
 *
 * <p>Hooks to misbehave on purpose, all off by default ({@link WallClockServerConfig#outgoing()},
 * {@link WallClockServerConfig#withholdFollowUps()}, {@link
 * WallClockServerConfig#stopAfterMalformed()}), act on what is sent, never on the protocol core.
 *
 * <p>Thread safe: {@link #counters()} and {@link #close()} may be called from any thread.
 */
public final class WallClockServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WallClockServer.class);

  /** The port CSS-WC conventionally uses. */
  public static final int DEFAULT_PORT = 6677;

  private final Clock wallClock;
  private final WallClockServerConfig config;
  private final List<DatagramChannel> channels = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final InetSocketAddress localAddress;
  private final LongAdder answered = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final @Nullable SourceRateLimiter limiter;
  private volatile boolean running = true;
  private volatile boolean stopped; // after a malformed datagram, with stopAfterMalformed
  private final AtomicBoolean closed = new AtomicBoolean();

  private WallClockServer(Clock wallClock, WallClockServerConfig config) throws IOException {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.config = Objects.requireNonNull(config, "config");
    this.limiter =
        config.hasRateLimit()
            ? new SourceRateLimiter(
                config.rateLimitPerSecond(),
                config.rateLimitBurst(),
                SourceRateLimiter.DEFAULT_MAX_SOURCES,
                TimeSource.system())
            : null;
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
    try {
      InetSocketAddress bind = config.bind();
      for (int i = 0; i < config.threads(); i++) {
        DatagramChannel channel = DatagramChannel.open(familyOf(bind.getAddress()));
        channels.add(channel);
        if (config.threads() > 1) {
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
   * Binds and starts answering from a clock.
   *
   * @param wallClock the clock to serve; readings are sent as nanoseconds at its tick rate
   * @param config the options; {@link WallClockServerConfig#defaults()} for all interfaces, port
   *     6677, one thread, no follow-up, the clock's own precision and frequency error, no rate
   *     limit
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  public static WallClockServer start(Clock wallClock, WallClockServerConfig config)
      throws IOException {
    return new WallClockServer(wallClock, config);
  }

  /**
   * The options this server was started with.
   *
   * @return its configuration
   */
  public WallClockServerConfig config() {
    return config;
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
            wallClock, config.precisionSeconds(), config.maxFreqErrorPpm(), config.followUp());
    ByteBuffer in = ByteBuffer.allocateDirect(WcMessage.SIZE + 1);
    ByteBuffer out = ByteBuffer.allocateDirect(WcMessage.SIZE);
    Clock clock = wallClock;
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
      if (stopped) {
        dropped.get(DropReason.STOPPED).increment();
        continue;
      }
      if (limiter != null && !limiter.tryAcquire(((InetSocketAddress) source).getAddress())) {
        dropped.get(DropReason.RATE_LIMITED).increment();
        continue;
      }
      try {
        Reply reply = core.handle(in, receivedTicks);
        if (reply instanceof Reply.Drop drop) {
          if (drop.reason().isMalformed() && config.stopAfterMalformed()) {
            stopped = true; // before the count, so whoever sees the count sees the server stopped
            log.info("CSS-WC server on {} stops answering after a malformed datagram", url());
          }
          dropped.get(drop.reason()).increment();
          continue;
        }
        Reply.Respond respond = (Reply.Respond) reply;
        UnaryOperator<WcMessage> outgoing = config.outgoing();
        send(channel, out, outgoing.apply(respond.response()), source);
        if (respond.followUpDue() && !config.withholdFollowUps()) {
          send(channel, out, outgoing.apply(core.followUp(respond.response())), source);
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
      DatagramChannel channel, ByteBuffer out, @Nullable WcMessage message, SocketAddress to)
      throws IOException {
    Objects.requireNonNull(message, "the outgoing rewrite returned null");
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
}
