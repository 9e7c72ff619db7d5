package org.dvbcss.tools.cii;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.dvbcss.net.wsclient.WebSocketClient;
import org.dvbcss.tools.LoggingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss cii-load}: holds many CSS-CII connections and measures how long each change takes
 * to reach all of them. Works with {@code cii-server --bench-interval}, whose changes carry their
 * send time (this machine's monotonic clock, shared by both processes).
 *
 * <p>The clients share a small event loop group and find the send time by scanning the text, so the
 * tool itself stays cheap. Loopback and private addresses only.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "cii-load",
    mixinStandardHelpOptions = true,
    description = {
      "Hold N CSS-CII connections and measure how long each change from"
          + " 'cii-server --bench-interval' takes to reach all of them.",
      "",
      "Prints, per change: how many clients got it and the delivery latency (p50, p99, and max:"
          + " the time until the last client had it). Loopback and private addresses only.",
      ""
    })
public final class CiiLoadCommand implements Callable<Integer> {
  private static final String MARK = "\"sentNanos\":";

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The CII URL, e.g. ws://127.0.0.1:7681/cii.")
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

  /** Latencies of one change, by its send time. */
  private final ConcurrentHashMap<Long, Histogram> bySend = new ConcurrentHashMap<>();

  /** Changes sent before this (monotonic nanoseconds) are not measured. */
  private volatile long measureFrom = Long.MAX_VALUE;

  @Override
  public Integer call() throws Exception {
    InetAddress host = InetAddress.getByName(url.getHost());
    if (!host.isLoopbackAddress() && !host.isSiteLocalAddress() && !host.isLinkLocalAddress()) {
      throw new ParameterException(
          spec.commandLine(), "cii-load only loads loopback or private addresses");
    }
    if (clients < 1 || changes < 1 || threads < 1) {
      throw new ParameterException(
          spec.commandLine(), "--clients, --changes and --threads must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("cii-load", true), NioIoHandler.newFactory());
    AtomicInteger open = new AtomicInteger();
    List<WebSocketClient> all = new ArrayList<>(clients);
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    try {
      for (int i = 0; i < clients; i++) {
        all.add(
            WebSocketClient.builder(url, new Receiver(open))
                .eventLoopGroup(group)
                .connectTimeout(Duration.ofSeconds(30))
                .start());
        while (i + 1 - open.get() > 500 && System.nanoTime() < deadline) {
          Thread.sleep(1); // pace the handshakes: at most 500 in progress
        }
      }
      while (open.get() < clients && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      out.println(open.get() + " of " + clients + " clients connected");
      out.flush();
      measureFrom = System.nanoTime(); // changes sent from now on are measured
      int reported = 0;
      List<Long> done = new ArrayList<>();
      while (reported < changes && System.nanoTime() < deadline) {
        Thread.sleep(50);
        List<Long> sends = new ArrayList<>(bySend.keySet());
        sends.sort(null);
        for (Long sent : sends) {
          Histogram h = bySend.get(sent);
          synchronized (h) {
            boolean complete = h.getTotalCount() >= open.get();
            if (!done.contains(sent) && (complete || System.nanoTime() - sent > 5_000_000_000L)) {
              done.add(sent);
              out.println(describe(++reported, h, open.get()));
              out.flush();
            }
          }
        }
      }
      return reported == changes ? 0 : 1;
    } finally {
      for (WebSocketClient c : all) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private static String describe(int n, Histogram h, int open) {
    return String.format(
        Locale.ROOT,
        "change %d: %d/%d clients; latency ms p50 %.2f  p99 %.2f  max %.2f",
        n,
        h.getTotalCount(),
        open,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }

  /** One client: counts its open, and records the latency of each bench change it receives. */
  private final class Receiver implements WebSocketClient.Listener {
    private final AtomicInteger open;

    Receiver(AtomicInteger open) {
      this.open = open;
    }

    @Override
    public void onOpen() {
      open.incrementAndGet();
    }

    @Override
    public void onText(String text) {
      long now = System.nanoTime();
      int at = text.indexOf(MARK);
      if (at < 0) {
        return;
      }
      int from = at + MARK.length();
      int to = from;
      while (to < text.length() && (Character.isDigit(text.charAt(to)) || text.charAt(to) == '-')) {
        to++;
      }
      long sent = Long.parseLong(text, from, to, 10);
      if (sent < measureFrom) {
        return; // the state on connect, or a change sent while clients were still connecting
      }
      Histogram h = bySend.computeIfAbsent(sent, k -> new Histogram(60_000_000_000L, 3));
      synchronized (h) {
        h.recordValue(Math.max(0, now - sent));
      }
    }
  }
}
