package org.dvbcss.tools.cii;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.cii.CiiServer;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.cii.Cii;
import org.dvbcss.protocol.cii.ContentIdStatus;
import org.dvbcss.tools.Cadence;
import org.dvbcss.tools.ConnectionLimitOption;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.DurationOption;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.Memory;
import org.dvbcss.tools.SignalShutdown;
import org.dvbcss.tools.TimedLoop;
import org.dvbcss.tools.WebSocketSecurityOptions;
import org.dvbcss.tv.DemoContent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss cii-server}: a CSS-CII endpoint at {@code /cii}.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "cii-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve CSS-CII at ws://ADDR:PORT/cii (wss:// with --tls-cert and --tls-key).",
      "",
      "Without options it serves {\"protocolVersion\":\"1.1\"} until stopped. --demo cycles"
          + " through three content ids, each announced as 'transitioning' then, 2 s later,"
          + " 'okay', 7 s per content. --bench-interval changes a private property on a timer"
          + " carrying the send time, for cii-load to measure fan-out latency.",
      ""
    })
public final class CiiServerCommand implements Callable<Integer> {
  /** The content ids of the demo cycle (DVB URLs of three broadcast events). */
  static final List<String> DEMO_CONTENT_IDS = DemoContent.CONTENT_IDS;

  /** The private data type cii-load looks for. */
  static final String BENCH_TYPE = "urn:dvbcss-java:bench";

  @Mixin private LoggingOptions logging;

  @Mixin private WebSocketSecurityOptions security;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for all).")
  private String address;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      defaultValue = "7681",
      description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--demo", description = "Cycle through three content ids.")
  private boolean demo;

  @Option(
      names = "--bench-interval",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Change a private timestamp property this often (0: never).")
  private double benchIntervalSeconds;

  @Mixin private ConnectionLimitOption connectionLimit;

  @Option(
      names = "--status",
      paramLabel = "SECONDS",
      description =
          "Print connections and memory (heap after a GC, and resident size) this often (0: never).")
  private double statsSeconds = 0;

  @Mixin private Deprecations deprecations;

  @Option(names = "--stats", paramLabel = "SECONDS", hidden = true)
  private void deprecatedStats(double seconds) {
    deprecations.used("--stats", "--status");
    statsSeconds = seconds;
  }

  @Mixin private DurationOption duration;

  @Override
  public Integer call() throws Exception {
    if (benchIntervalSeconds < 0 || statsSeconds < 0 || !(duration.seconds() >= 0)) {
      throw new ParameterException(spec.commandLine(), "durations must not be negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    CiiServer cii = new CiiServer();
    CountDownLatch ended = new CountDownLatch(1);
    try (SignalShutdown shutdown =
        SignalShutdown.install(out, SignalShutdown.DEFAULT_BOUND, ended::countDown)) {
      try (WebSocketServer server =
          connectionLimit.startServer(security, address, port, CiiServer.PATH, cii)) {
        out.println(server.url(CiiServer.PATH));
        out.flush();
        Timeline timeline = new Timeline(cii, out);
        TimedLoop.run(
            new SysClock(), // System.nanoTime, 1e9 ticks per second
            duration.runLength(),
            elapsed -> timeline.act(elapsed, server),
            ended);
      }
    }
    return 0;
  }

  /** What the server does over time: demo steps, bench changes, stats lines. */
  private final class Timeline {
    private final CiiServer cii;
    private final PrintWriter out;
    private final Cadence demoSteps = new Cadence();
    private int demoStep;
    private final Cadence benchChanges = new Cadence();
    private final Cadence statsLines = new Cadence();

    Timeline(CiiServer cii, PrintWriter out) {
      this.cii = cii;
      this.out = out;
    }

    /**
     * Does what is due at {@code elapsed} nanoseconds since start.
     *
     * @return when to act next, nanoseconds since start
     */
    long act(long elapsed, WebSocketServer server) {
      long next = Long.MAX_VALUE;
      if (demo) {
        next = Math.min(next, demoSteps.step(elapsed, this::demoStep));
      }
      if (benchIntervalSeconds > 0) {
        next =
            Math.min(
                next,
                benchChanges.every(
                    elapsed,
                    (long) (benchIntervalSeconds * 1e9),
                    () ->
                        cii.update(
                            Cii.builder()
                                .privateData(
                                    List.of(
                                        PrivateData.fromJson(
                                            "{\"type\":\""
                                                + BENCH_TYPE
                                                + "\",\"sentNanos\":"
                                                + System.nanoTime()
                                                + "}")))
                                .build())));
      }
      if (statsSeconds > 0) {
        next =
            Math.min(
                next,
                statsLines.every(
                    elapsed,
                    (long) (statsSeconds * 1e9),
                    () -> {
                      out.println(stats(server));
                      out.flush();
                    }));
      }
      return Cadence.nextTurn(elapsed, next);
    }

    /** Runs the next demo step; returns the nanoseconds until the one after. */
    private long demoStep() {
      int content = (demoStep / 2) % DEMO_CONTENT_IDS.size();
      boolean announce = demoStep % 2 == 0;
      demoStep++;
      if (announce) {
        cii.update(
            Cii.builder()
                .contentId(DEMO_CONTENT_IDS.get(content))
                .contentIdStatus(ContentIdStatus.FINAL)
                .presentationStatus(List.of("transitioning"))
                .build());
        out.println("content " + DEMO_CONTENT_IDS.get(content) + ": transitioning");
        out.flush();
        return 2_000_000_000L;
      }
      cii.update(Cii.builder().presentationStatus(List.of("okay")).build());
      out.println("content " + DEMO_CONTENT_IDS.get(content) + ": okay");
      out.flush();
      return 5_000_000_000L;
    }
  }

  static String stats(WebSocketServer server) {
    long heapUsed = Memory.heapAfterGc();
    return String.format(
        Locale.ROOT,
        "connections %d  heap %.1f MiB  rss %.1f MiB",
        server.counters().connections(),
        heapUsed / 1048576.0,
        Memory.residentBytes() / 1048576.0);
  }
}
