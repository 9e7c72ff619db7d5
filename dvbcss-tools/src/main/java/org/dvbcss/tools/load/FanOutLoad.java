package org.dvbcss.tools.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import org.HdrHistogram.Histogram;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.scheduler.ClockScheduler;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.TimedLoop;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Holds many WebSocket connections to one server and measures how long each change the server makes
 * takes to reach all of them. The server's changes carry the time they were made, read from this
 * machine's monotonic clock (which the server process reads too), so the latency of an arrival is
 * {@code System.nanoTime()} minus that time.
 *
 * <p>The clients share a small event loop group and find the time in each message with a plain text
 * scan, so the tool itself stays cheap. The first message of each connection (the state on connect)
 * and changes made before every client was connected are not measured.
 *
 * <p>Not thread safe: one instance serves one {@link #run} on the calling thread; the clients'
 * callbacks run on the event loops.
 */
public final class FanOutLoad {
  private static final long MILLI = 1_000_000L;

  /** What a protocol's load tool adds. Called on the event loops; must be cheap and not block. */
  public interface Protocol {
    /**
     * The message a client sends as soon as it is connected (e.g. CSS-TS setup data).
     *
     * @return the text, or null to send nothing
     */
    @Nullable String greeting();

    /**
     * The time a message says its change was made.
     *
     * @param text the message
     * @return monotonic nanoseconds, or {@link Long#MIN_VALUE} if the message carries none
     */
    long changeTimeNanos(String text);

    /**
     * A few words to print with a change, from the first message of it seen.
     *
     * @param text the message
     * @return e.g. {@code " (speed 0.0)"}, or the empty string
     */
    String label(String text);

    /**
     * What the first message of a connection is called in the summary, e.g. "a timestamp".
     *
     * @return the words, or null to leave it out of the summary
     */
    @Nullable String firstMessageName();
  }

  /** One change: its label and the latencies of its arrivals. Guarded by itself. */
  private record Change(String label, Histogram latencies) {}

  private final URI url;
  private final LoadOptions options;
  private final Protocol protocol;
  private final ConcurrentHashMap<Long, Change> byTime = new ConcurrentHashMap<>();

  /** Changes made before this (monotonic nanoseconds) are not measured. */
  private volatile long measureFrom = Long.MAX_VALUE;

  /**
   * A load run.
   *
   * @param url the server's WebSocket URL
   * @param options how many clients, changes and threads, and the timeout
   * @param protocol what the protocol adds
   */
  public FanOutLoad(URI url, LoadOptions options, Protocol protocol) {
    this.url = url;
    this.options = options;
    this.protocol = protocol;
  }

  /**
   * Runs a load command: checks its arguments, then loads the server and prints the changes, as
   * {@link #check} and {@link #run(String, PrintWriter)} do, named after the command.
   *
   * @param spec the command
   * @param url the server's URL
   * @param options the command's load options
   * @param protocol what the command measures
   * @return the exit status: 0 if every change asked for was measured before the timeout, else 1
   * @throws UnknownHostException if the host cannot be resolved
   * @throws InterruptedException if interrupted
   * @throws SSLException if a {@code wss://} client cannot be set up
   * @throws ParameterException if the arguments are not acceptable
   */
  public static int run(CommandSpec spec, URI url, LoadOptions options, Protocol protocol)
      throws UnknownHostException, InterruptedException, SSLException {
    FanOutLoad load = new FanOutLoad(url, options, protocol);
    load.check(spec);
    return load.run(spec.name(), spec.commandLine().getOut());
  }

  /**
   * Refuses anything but loopback and private addresses, and option values that make no sense.
   *
   * @param spec the command, for the error
   * @throws UnknownHostException if the host cannot be resolved
   */
  public void check(CommandSpec spec) throws UnknownHostException {
    InetAddress host = InetAddress.getByName(url.getHost());
    if (!host.isLoopbackAddress() && !host.isSiteLocalAddress() && !host.isLinkLocalAddress()) {
      throw new ParameterException(
          spec.commandLine(), spec.name() + " only loads loopback or private addresses");
    }
    if (options.clients < 1 || options.changes < 1 || options.threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--clients, --changes and --threads must be >= 1");
    }
  }

  /**
   * Connects the clients (at most 500 handshakes in progress at once), waits until each has had its
   * first message, then prints one line per change until enough changes were measured.
   *
   * @param name the tool's name, for its threads
   * @param out where to print
   * @return 0 if every change asked for was measured before the timeout, else 1
   * @throws InterruptedException if interrupted
   * @throws SSLException if a {@code wss://} client cannot be set up
   */
  public int run(String name, PrintWriter out) throws InterruptedException, SSLException {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            options.threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    WebSocketClientConfig config =
        WebSocketClientConfig.builder()
            .eventLoopGroup(group)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    AtomicInteger open = new AtomicInteger();
    AtomicInteger greeted = new AtomicInteger();
    List<WebSocketClient> all = new ArrayList<>(options.clients);
    SysClock clock = new SysClock(); // System.nanoTime, 1e9 ticks per second
    long deadline = System.nanoTime() + (long) (options.timeoutSeconds * 1e9);
    try (ClockScheduler scheduler = ClockScheduler.start(clock.timeSource())) {
      for (int i = 0; i < options.clients; i++) {
        Receiver receiver = new Receiver(open, greeted);
        WebSocketClient client = WebSocketClient.builder(url, receiver).config(config).build();
        receiver.client = client;
        all.add(client.start());
        int started = i + 1;
        if (started - open.get() > 500) { // pace the handshakes
          waitUntil(scheduler, clock, MILLI, deadline, () -> started - open.get() <= 500);
        }
      }
      waitUntil(scheduler, clock, 10 * MILLI, deadline, () -> greeted.get() >= options.clients);
      String first = protocol.firstMessageName();
      out.println(
          open.get()
              + " of "
              + options.clients
              + " clients connected"
              + (first == null ? "" : ", " + greeted.get() + " got " + first));
      out.flush();
      measureFrom = System.nanoTime();
      return report(scheduler, clock, out, open.get(), deadline) == options.changes ? 0 : 1;
    } finally {
      for (WebSocketClient c : all) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Waits on the scheduler until {@code done} holds or the deadline passes. */
  private static void waitUntil(
      ClockScheduler scheduler,
      SysClock clock,
      long periodNanos,
      long deadline,
      BooleanSupplier done)
      throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      TimedLoop.pollUntil(scheduler, clock, periodNanos, new RunLength(left), done);
    }
  }

  /**
   * Prints each change once every client has it (or 5 s after it was made), checking every 50 ms;
   * returns how many. Each line has the latency's p50, p99, max and min: max minus min is the time
   * from the first client's arrival to the last.
   */
  private int report(
      ClockScheduler scheduler, SysClock clock, PrintWriter out, int clients, long deadline)
      throws InterruptedException {
    int[] reported = {0};
    Set<Long> done = new HashSet<>();
    waitUntil(
        scheduler,
        clock,
        50 * MILLI,
        deadline,
        () -> {
          List<Long> times = new ArrayList<>(byTime.keySet());
          times.sort(null);
          for (Long time : times) {
            Change change = byTime.get(time);
            synchronized (change) {
              boolean complete = change.latencies().getTotalCount() >= clients;
              if (!done.contains(time)
                  && reported[0] < options.changes
                  && (complete || System.nanoTime() - time > 5_000_000_000L)) {
                done.add(time);
                out.println(describe(++reported[0], change, clients));
                out.flush();
              }
            }
          }
          return reported[0] >= options.changes;
        });
    return reported[0];
  }

  private static String describe(int n, Change change, int clients) {
    Histogram h = change.latencies();
    return String.format(
        Locale.ROOT,
        "change %d%s: %d/%d clients; latency ms p50 %.2f  p99 %.2f  max %.2f  min %.2f",
        n,
        change.label(),
        h.getTotalCount(),
        clients,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6,
        h.getMinValue() / 1e6);
  }

  /**
   * Finds {@code "KEY":DIGITS} or {@code "KEY":"DIGITS"} in a message without parsing it.
   *
   * @param text the message
   * @param key the JSON key
   * @return the number, or {@link Long#MIN_VALUE} if there is none
   */
  public static long scanLong(String text, String key) {
    String mark = "\"" + key + "\":";
    int at = text.indexOf(mark);
    if (at < 0) {
      return Long.MIN_VALUE;
    }
    int from = at + mark.length();
    if (from < text.length() && text.charAt(from) == '"') {
      from++;
    }
    int to = from;
    while (to < text.length() && (Character.isDigit(text.charAt(to)) || text.charAt(to) == '-')) {
      to++;
    }
    try {
      return Long.parseLong(text, from, to, 10);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  /** One client: greets on open, records the latency of each measured change. */
  private final class Receiver implements WebSocketClient.Listener {
    private final AtomicInteger open;
    private final AtomicInteger greeted;
    private boolean gotFirst; // event-loop confined
    volatile @Nullable WebSocketClient client;

    Receiver(AtomicInteger open, AtomicInteger greeted) {
      this.open = open;
      this.greeted = greeted;
    }

    @Override
    public void onOpen() {
      open.incrementAndGet();
      String greeting = protocol.greeting();
      WebSocketClient c = client;
      if (greeting != null && c != null) {
        c.send(greeting);
      }
    }

    @Override
    public void onText(String text) {
      long now = System.nanoTime();
      if (!gotFirst) {
        gotFirst = true;
        greeted.incrementAndGet();
      }
      long made = protocol.changeTimeNanos(text);
      if (made < measureFrom) {
        return; // the state on connect, or a change made while clients were connecting
      }
      Change change =
          byTime.computeIfAbsent(
              made, k -> new Change(protocol.label(text), new Histogram(60_000_000_000L, 3)));
      synchronized (change) {
        change.latencies().recordValue(Math.max(0, now - made));
      }
    }
  }
}
