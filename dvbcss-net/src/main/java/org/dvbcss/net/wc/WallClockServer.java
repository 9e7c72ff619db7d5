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
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSS-WC server: answers wall clock requests on UDP from a {@link Clock}.
 *
 * <p>Three transports ({@link WallClockServerConfig#transport()}, chosen at start, logged and told
 * by {@link #transport()}):
 *
 * <ul>
 *   <li>{@code NATIVE} (what {@code AUTO}, the default, picks on Linux x86-64): each thread has a
 *       socket of the project's own JNI library that waits for a datagram, then takes every one
 *       already queued in one call ({@code recvmmsg}, up to {@value #BATCH}), and sends the answers
 *       to that batch in one call ({@code sendmmsg}). The wall clock is read once when the batch
 *       has been received, which is after every datagram in it arrived; each transmit time is read
 *       as its answer is written, before the batch is sent. Both only widen the round trip the
 *       client measures, so its error bound stays honest. Datagrams, sources and answers stay in
 *       direct buffers: a request allocates nothing (without a rate limit; with one, the source
 *       address of each datagram is made as an object).
 *   <li>{@code EPOLL}: Netty's native epoll datagram channel, also batched ({@code recvmmsg} and
 *       {@code sendmmsg}), with the same stamping, but slower here and allocating inside Netty.
 *   <li>{@code BLOCKING} (where the native library is not available): each thread blocks on its own
 *       JDK {@link DatagramChannel} and reads the wall clock immediately after a datagram arrives,
 *       before decoding it; the transmit time is read just before the response is sent.
 * </ul>
 *
 * <p>Either way the answer is written straight into a reused buffer, without building a message per
 * request. In follow-up mode each request gets a type-2 response and then a type-3 follow-up whose
 * transmit time is read after the type-2 response left (on {@code NATIVE}, such answers are sent
 * one at a time). With {@code threads > 1} the sockets share the port with {@code SO_REUSEPORT} and
 * the kernel spreads requests over them.
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

  /**
   * {@link #transport()} of a server on batched native epoll ({@code recvmmsg}/{@code sendmmsg}).
   */
  public static final String TRANSPORT_EPOLL = "epoll";

  /**
   * {@link #transport()} of a server on the project's own batched native sockets ({@code
   * recvmmsg}/{@code sendmmsg}).
   */
  public static final String TRANSPORT_NATIVE = "native";

  /** The most datagrams a native socket takes in one receive. */
  public static final int BATCH = 64;

  /** {@link #transport()} of a server on one blocking JDK datagram channel per thread. */
  public static final String TRANSPORT_BLOCKING = "blocking";

  /** The port CSS-WC conventionally uses. */
  public static final int DEFAULT_PORT = 6677;

  private final Clock wallClock;
  private final WallClockServerConfig config;
  private final List<DatagramChannel> channels = new ArrayList<>();
  private final List<MmsgSocket> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final InetSocketAddress localAddress;
  private final @Nullable EpollWallClockTransport epoll;
  private final String transport;
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
    WallClockServerConfig.Transport choice = config.transport();
    String chosen =
        switch (choice) {
          case BLOCKING -> TRANSPORT_BLOCKING;
          case EPOLL -> {
            if (!EpollWallClockTransport.isAvailable()) {
              throw new IOException(
                  "native epoll is not available", EpollWallClockTransport.unavailabilityCause());
            }
            yield TRANSPORT_EPOLL;
          }
          case NATIVE -> {
            if (!MmsgSocket.isAvailable()) {
              throw new IOException(
                  "the native CSS-WC transport is not available", MmsgSocket.unavailabilityCause());
            }
            yield TRANSPORT_NATIVE;
          }
          case AUTO -> MmsgSocket.isAvailable() ? TRANSPORT_NATIVE : TRANSPORT_BLOCKING;
        };
    transport = chosen;
    if (chosen.equals(TRANSPORT_EPOLL)) {
      epoll = new EpollWallClockTransport(config.bind(), config.threads(), wallClock, Worker::new);
      localAddress = epoll.localAddress();
    } else if (chosen.equals(TRANSPORT_NATIVE)) {
      epoll = null;
      localAddress = bindNative(config);
      for (int i = 0; i < sockets.size(); i++) {
        MmsgSocket socket = sockets.get(i);
        startThread(() -> serveBatched(socket), i);
      }
    } else {
      epoll = null;
      localAddress = bindBlocking(config);
      for (int i = 0; i < channels.size(); i++) {
        DatagramChannel channel = channels.get(i);
        startThread(() -> serve(channel), i);
      }
    }
    log.info(
        "CSS-WC server bound to {} ({} transport, {} thread(s))",
        url(),
        transport,
        config.threads());
  }

  private void startThread(Runnable serving, int i) {
    Thread thread = new Thread(serving, "dvbcss-wc-server-" + i);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private InetSocketAddress bindNative(WallClockServerConfig config) throws IOException {
    try {
      InetSocketAddress bind = config.bind();
      for (int i = 0; i < config.threads(); i++) {
        MmsgSocket socket = new MmsgSocket(bind, config.threads() > 1, BATCH);
        sockets.add(socket);
        // the first bind picks the port when 0 was asked for; the others join it
        bind = new InetSocketAddress(bind.getAddress(), socket.localPort());
      }
      return bind;
    } catch (IOException | RuntimeException e) {
      sockets.forEach(MmsgSocket::close);
      sockets.clear();
      throw e;
    }
  }

  private InetSocketAddress bindBlocking(WallClockServerConfig config) throws IOException {
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
      return bind;
    } catch (IOException | RuntimeException e) {
      closeChannels();
      throw e;
    }
  }

  /**
   * How this server receives and sends: {@value #TRANSPORT_NATIVE} (the project's batched native
   * sockets), {@value #TRANSPORT_EPOLL} (Netty's batched native epoll) or {@value
   * #TRANSPORT_BLOCKING} (a blocking JDK channel per thread), chosen at start from {@link
   * WallClockServerConfig#transport()} and logged.
   *
   * @return the transport's name
   */
  public String transport() {
    return transport;
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

  /** Per receiving thread: the core and the bytes of the last response, unrewritten. */
  final class Worker {
    final WallClockServerCore core =
        new WallClockServerCore(
            wallClock, config.precisionSeconds(), config.maxFreqErrorPpm(), config.followUp());
    private final ByteBuffer original = ByteBuffer.allocateDirect(WcMessage.SIZE);
    private final boolean rewrites = config.outgoing() != UnaryOperator.<WcMessage>identity();

    /**
     * Decides the answer to a datagram, counting a drop. Reads the transmit time (for a response)
     * now, so call it just before the answer is sent.
     *
     * @return true if {@link #emitResponse(ByteBuffer)} should now be sent
     */
    boolean decide(ByteBuffer in, double receivedTicks, @Nullable InetAddress source) {
      if (stopped) {
        dropped.get(DropReason.STOPPED).increment();
        return false;
      }
      if (limiter != null && !limiter.tryAcquire(Objects.requireNonNull(source, "source"))) {
        dropped.get(DropReason.RATE_LIMITED).increment();
        return false;
      }
      original.clear();
      DropReason reason = core.respond(in, receivedTicks, original);
      if (reason == null) {
        return true;
      }
      if (reason.isMalformed() && config.stopAfterMalformed()) {
        stopped = true; // before the count, so whoever sees the count sees the server stopped
        log.info("CSS-WC server on {} stops answering after a malformed datagram", url());
      }
      dropped.get(reason).increment();
      return false;
    }

    /** Whether a follow-up is to be sent after the response. */
    boolean followUpToSend() {
      return core.followUpDue() && !config.withholdFollowUps();
    }

    /** Writes the response (through the outgoing rewrite) at {@code out}'s position. */
    void emitResponse(ByteBuffer out) {
      emit(out);
    }

    /** Reads the follow-up's transmit time now and writes it at {@code out}'s position. */
    void emitFollowUp(ByteBuffer out) {
      original.position(0);
      core.followUp(original, original);
      emit(out);
    }

    private void emit(ByteBuffer out) {
      if (!rewrites) {
        out.put(out.position(), original, 0, WcMessage.SIZE);
        out.position(out.position() + WcMessage.SIZE);
        return;
      }
      original.position(0).limit(WcMessage.SIZE);
      WcMessage made = WcMessage.decode(original);
      original.position(0);
      WcMessage message = config.outgoing().apply(made);
      Objects.requireNonNull(message, "the outgoing rewrite returned null");
      message.encode(out);
    }

    void answered() {
      answered.increment();
    }

    void answered(int count) {
      answered.add(count);
    }

    boolean rateLimited() {
      return limiter != null;
    }

    void sendFailed(Object to, Throwable e) {
      sendFailures.increment();
      log.debug("could not answer {}; carrying on", to, e);
    }

    void sendFailed(int count) {
      sendFailures.add(count);
      log.debug("could not send {} answer(s) of a batch; carrying on", count);
    }

    boolean running() {
      return running;
    }
  }

  private void serve(DatagramChannel channel) {
    Worker worker = new Worker();
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
      try {
        if (!worker.decide(in, receivedTicks, ((InetSocketAddress) source).getAddress())) {
          continue;
        }
        out.clear();
        worker.emitResponse(out);
        channel.send(out.flip(), source);
        if (worker.followUpToSend()) {
          out.clear();
          worker.emitFollowUp(out); // its transmit time is read after the response left
          channel.send(out.flip(), source);
        }
        worker.answered();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException | RuntimeException e) {
        worker.sendFailed(source, e);
      }
    }
  }

  /**
   * Serves one native socket: a batch received, the clock read once after it, each request decided
   * and its answer written (its transmit time read then), the answers sent in one call.
   */
  private void serveBatched(MmsgSocket socket) {
    Worker worker = new Worker();
    ByteBuffer view = socket.datagrams().duplicate();
    Clock clock = wallClock;
    boolean followUp = config.followUp();
    boolean limited = worker.rateLimited();
    while (running) {
      int received;
      try {
        received = socket.receive();
      } catch (IOException e) {
        if (!running) {
          break;
        }
        log.debug("receive failed; carrying on", e);
        continue;
      }
      if (received == 0 || !running) {
        continue; // a timeout, a signal, or the wake-up of close()
      }
      double receivedTicks = clock.ticks(); // after every datagram of the batch arrived
      int answers = 0;
      for (int i = 0; i < received; i++) {
        ByteBuffer in = socket.datagram(i, view);
        try {
          if (!worker.decide(in, receivedTicks, limited ? socket.sourceAddress(i) : null)) {
            continue;
          }
          if (followUp) {
            answerWithFollowUp(socket, worker, i);
            continue;
          }
          worker.emitResponse(socket.answer(answers));
          socket.answerTo(answers, i);
          answers++;
        } catch (RuntimeException e) {
          worker.sendFailed(socket.source(i), e);
        }
      }
      if (answers > 0) {
        int failures = socket.send(answers);
        worker.answered(answers - failures);
        if (failures > 0) {
          worker.sendFailed(failures);
        }
      }
    }
  }

  /**
   * Sends one response, then its follow-up, whose transmit time is read after the response left.
   */
  private static void answerWithFollowUp(MmsgSocket socket, Worker worker, int datagram) {
    worker.emitResponse(socket.answer(0));
    socket.answerTo(0, datagram);
    if (socket.send(1) > 0) {
      worker.sendFailed(1);
      return;
    }
    if (worker.followUpToSend()) {
      worker.emitFollowUp(socket.answer(0));
      if (socket.send(1) > 0) {
        worker.sendFailed(1);
        return;
      }
    }
    worker.answered();
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
    if (epoll != null) {
      epoll.close();
    }
    sockets.forEach(MmsgSocket::shutdown);
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
    // a native socket is freed only once its thread has left it; one still busy after 1 s is
    // left open (shut down, answering nothing) rather than freed under it
    for (int i = 0; i < sockets.size(); i++) {
      if (!threads.get(i).isAlive()) {
        sockets.get(i).close();
      } else {
        log.warn("CSS-WC receiving thread {} did not stop within 1 s", threads.get(i).getName());
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
