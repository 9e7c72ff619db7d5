package org.dvbcss.tools.ts;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tools.LoggingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss ts-load}: holds many CSS-TS connections, each set up for one timeline, and measures
 * how long each control timestamp takes to reach all of them. Works with {@code ts-server
 * --bench-interval}, whose wall clock is this machine's monotonic clock in nanoseconds: the latency
 * of a control timestamp is {@code System.nanoTime()} on arrival minus its {@code wallClockTime}
 * (when the server sampled the change).
 *
 * <p>The clients share a small event loop group. Loopback and private addresses only.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "ts-load",
    mixinStandardHelpOptions = true,
    description = {
      "Hold N CSS-TS connections and measure how long each pause or resume from"
          + " 'ts-server --bench-interval' takes to reach all of them.",
      "",
      "Prints, per change: its speed, how many clients got it and the delivery latency (p50, p99,"
          + " and max: the time until the last client had it), measured from the control"
          + " timestamp's wall clock time, which ts-server reads from this machine's monotonic"
          + " clock. Loopback and private addresses only.",
      ""
    })
public final class TsLoadCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The TS URL, e.g. ws://127.0.0.1:7681/ts.")
  private URI url;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Connections to hold (default: ${DEFAULT-VALUE}).")
  private int clients;

  @Option(
      names = "--changes",
      paramLabel = "K",
      defaultValue = "5",
      description = "Changes to measure before exiting (default: ${DEFAULT-VALUE}).")
  private int changes;

  @Option(
      names = "--selector",
      paramLabel = "SELECTOR",
      defaultValue = TsServerCommand.PTS,
      description = "The timeline selector (default: ${DEFAULT-VALUE}).")
  private String selector;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Event loop threads for all the clients (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  private double timeoutSeconds;

  /** One change: its control timestamp and the latencies of its arrivals. */
  private record Change(ControlTimestamp ct, Histogram latencies) {}

  /** Changes by wall clock time. */
  private final ConcurrentHashMap<Long, Change> byWallClockTime = new ConcurrentHashMap<>();

  /** Control timestamps sampled before this (monotonic nanoseconds) are not measured. */
  private volatile long measureFrom = Long.MAX_VALUE;

  private final AtomicReference<String> firstError = new AtomicReference<>();

  @Override
  public Integer call() throws Exception {
    InetAddress host = InetAddress.getByName(url.getHost());
    if (!host.isLoopbackAddress() && !host.isSiteLocalAddress() && !host.isLinkLocalAddress()) {
      throw new ParameterException(
          spec.commandLine(), "ts-load only loads loopback or private addresses");
    }
    if (clients < 1 || changes < 1 || threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--clients, --changes and --threads must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    String setup = new SetupData("", selector).encode();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("ts-load", true), NioIoHandler.newFactory());
    AtomicInteger open = new AtomicInteger();
    AtomicInteger setUp = new AtomicInteger();
    List<WebSocketClient> all = new ArrayList<>(clients);
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    try {
      for (int i = 0; i < clients; i++) {
        Receiver receiver = new Receiver(open, setUp, setup);
        WebSocketClient client =
            WebSocketClient.builder(url, receiver)
                .eventLoopGroup(group)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        receiver.client = client;
        all.add(client.start());
        while (i + 1 - open.get() > 500 && System.nanoTime() < deadline) {
          Thread.sleep(1); // pace the handshakes: at most 500 in progress
        }
      }
      while (setUp.get() < clients && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      out.println(
          open.get()
              + " of "
              + clients
              + " clients connected, "
              + setUp.get()
              + " got a timestamp");
      out.flush();
      measureFrom = System.nanoTime(); // changes sampled from now on are measured
      int reported = 0;
      Set<Long> done = new HashSet<>();
      while (reported < changes && System.nanoTime() < deadline) {
        Thread.sleep(50);
        List<Long> times = new ArrayList<>(byWallClockTime.keySet());
        times.sort(null);
        for (Long time : times) {
          Change change = byWallClockTime.get(time);
          synchronized (change) {
            boolean complete = change.latencies().getTotalCount() >= open.get();
            if (!done.contains(time)
                && reported < changes
                && (complete || System.nanoTime() - time > 5_000_000_000L)) {
              done.add(time);
              out.println(describe(++reported, change, open.get()));
              out.flush();
            }
          }
        }
      }
      String error = firstError.get();
      if (error != null) {
        out.println("first decoding error: " + error);
      }
      return reported == changes ? 0 : 1;
    } finally {
      for (WebSocketClient c : all) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static String describe(int n, Change change, int open) {
    Histogram h = change.latencies();
    return String.format(
        Locale.ROOT,
        "change %d (speed %s): %d/%d clients; latency ms p50 %.2f  p99 %.2f  max %.2f",
        n,
        change.ct().timelineSpeedMultiplier(),
        h.getTotalCount(),
        open,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }

  /** One client: sends setup on open, records the latency of each measured control timestamp. */
  private final class Receiver implements WebSocketClient.Listener {
    private final AtomicInteger open;
    private final AtomicInteger setUp;
    private final String setup;
    private volatile boolean gotFirst;
    volatile WebSocketClient client;

    Receiver(AtomicInteger open, AtomicInteger setUp, String setup) {
      this.open = open;
      this.setUp = setUp;
      this.setup = setup;
    }

    @Override
    public void onOpen() {
      open.incrementAndGet();
      client.send(setup);
    }

    @Override
    public void onText(String text) {
      long now = System.nanoTime();
      if (!gotFirst) {
        gotFirst = true;
        setUp.incrementAndGet();
      }
      long sampled = wallClockTime(text); // a plain scan: the load tool must stay cheap
      if (sampled < measureFrom) {
        return; // the timestamp on setup, or a change made while clients were connecting
      }
      Change change = byWallClockTime.get(sampled);
      if (change == null) {
        ControlTimestamp ct;
        try {
          ct = ControlTimestamp.decode(text);
        } catch (ProtocolException e) {
          firstError.compareAndSet(null, e.getMessage());
          return;
        }
        change =
            byWallClockTime.computeIfAbsent(
                sampled, k -> new Change(ct, new Histogram(60_000_000_000L, 3)));
      }
      synchronized (change) {
        change.latencies().recordValue(Math.max(0, now - sampled));
      }
    }
  }

  private static final String MARK = "\"wallClockTime\":\"";

  /** The wall clock time in a control timestamp's text, or Long.MIN_VALUE if there is none. */
  static long wallClockTime(String text) {
    int at = text.indexOf(MARK);
    if (at < 0) {
      return Long.MIN_VALUE;
    }
    int from = at + MARK.length();
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
}
