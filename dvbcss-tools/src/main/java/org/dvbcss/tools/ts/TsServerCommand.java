package org.dvbcss.tools.ts;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TunableClock;
import org.dvbcss.net.ts.TsServer;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.net.ws.WebSocketServer;
import org.dvbcss.protocol.ts.ClockTimelineSource;
import org.dvbcss.tools.Cadence;
import org.dvbcss.tools.ClockOptions;
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
 * {@code dvbcss ts-server}: a TV's CSS-TS endpoint at {@code /ts} and its CSS-WC server, both on
 * one wall clock (this machine's monotonic clock in nanoseconds, or a clock offset and drifting
 * from it: {@link ClockOptions}), serving a PTS timeline (90 kHz) and a TEMI timeline (1 kHz, a
 * child of PTS).
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "ts-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve CSS-TS at ws://ADDR:PORT/ts (wss:// with --tls-cert and --tls-key) and CSS-WC at udp://WC_ADDR:WC_PORT on one wall clock"
          + " (the monotonic clock, nanoseconds, or with --clock-offset and --clock-drift a clock"
          + " that differs from it).",
      "",
      "Content id "
          + TsServerCommand.CONTENT_ID
          + "; timelines "
          + TsServerCommand.PTS
          + " (90 kHz, from 0 at start) and "
          + TsServerCommand.TEMI
          + " (1 kHz, a child of PTS). --demo runs a 25 s cycle in 5 s steps: tweak PTS by up to"
          + " 1/20 s, make "
          + TsServerCommand.SPORADIC
          + " available, pause, make it unavailable, resume. --bench-interval pauses and"
          + " resumes PTS on a timer for ts-load.",
      ""
    })
public final class TsServerCommand implements Callable<Integer> {
  /** The content id served. */
  static final String CONTENT_ID = DemoContent.FIRST_CONTENT_ID;

  /** The PTS timeline selector (90 kHz). */
  static final String PTS = DemoContent.PTS;

  /** The TEMI timeline selector (1 kHz, a child of PTS). */
  static final String TEMI = DemoContent.TEMI;

  /** The demo's sporadic timeline (1 kHz, a child of PTS, available one step in five). */
  static final String SPORADIC = "urn:dvb:css:timeline:temi:1:5";

  private static final long STEP_NANOS = 5_000_000_000L;

  @Mixin private LoggingOptions logging;

  @Mixin private WebSocketSecurityOptions security;

  @Mixin private ClockOptions clockOptions;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to bind CSS-TS (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for all).")
  private String address;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      defaultValue = "7681",
      description = "TCP port for CSS-TS; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "WC_ADDR",
      defaultValue = "0.0.0.0",
      description = "Address to bind CSS-WC (default: ${DEFAULT-VALUE}).")
  private String wcAddress;

  @Parameters(
      index = "3",
      arity = "0..1",
      paramLabel = "WC_PORT",
      defaultValue = "6677",
      description = "UDP port for CSS-WC; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int wcPort;

  @Option(names = "--demo", description = "Run the 25 s demo cycle.")
  private boolean demo;

  @Option(
      names = "--bench-interval",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Pause or resume PTS this often (0: never).")
  private double benchIntervalSeconds;

  @Mixin private ConnectionLimitOption connectionLimit;

  @Option(
      names = "--status",
      paramLabel = "SECONDS",
      description =
          "Print connections and memory (heap after a GC, resident size, and per connection)"
              + " this often (0: never).")
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
    SysClock monotonic = new SysClock(); // System.nanoTime, 1e9 ticks per second
    Clock wallClock = clockOptions.wallClock(monotonic);
    TunableClock pts = new TunableClock(wallClock, 90_000, 0);
    CorrelatedClock temi = new CorrelatedClock(pts, 1000, new Correlation(0, 0));
    CorrelatedClock sporadic = new CorrelatedClock(pts, 1000, new Correlation(0, 0));
    sporadic.setAvailability(false);
    TsServer ts = new TsServer(wallClock, CONTENT_ID);
    ts.attach(new ClockTimelineSource(PTS, wallClock, pts));
    ts.attach(new ClockTimelineSource(TEMI, wallClock, temi));
    ts.attach(new ClockTimelineSource(SPORADIC, wallClock, sporadic));
    long heapBefore = Memory.heapAfterGc();
    CountDownLatch ended = new CountDownLatch(1);
    try (SignalShutdown shutdown =
        SignalShutdown.install(out, SignalShutdown.DEFAULT_BOUND, ended::countDown)) {
      try (WallClockServer wc =
              WallClockServer.start(
                  wallClock,
                  WallClockServerConfig.builder()
                      .bind(new InetSocketAddress(InetAddress.getByName(wcAddress), wcPort))
                      .maxFreqErrorPpm(
                          clockOptions.declaredMaxFreqErrorPpm(monotonic.maxFreqErrorPpm()))
                      .build());
          WebSocketServer server =
              connectionLimit.startServer(security, address, port, TsServer.PATH, ts)) {
        out.println(server.url(TsServer.PATH));
        out.println(wc.url());
        out.flush();
        Actions actions = new Actions(out, ts, server, pts, sporadic, heapBefore);
        TimedLoop.run(wallClock, duration.runLength(), actions::act, ended);
      }
    }
    return 0;
  }

  /** What the server does over time: demo steps, bench pauses, stats lines. */
  private final class Actions {
    private final PrintWriter out;
    private final TsServer ts;
    private final WebSocketServer server;
    private final TunableClock pts;
    private final CorrelatedClock sporadic;
    private final long heapBefore;
    private final Random random = new Random();
    private final Cadence demoSteps = new Cadence();
    private int demoStep;
    private final Cadence benchChanges = new Cadence();
    private final Cadence statsLines = new Cadence();

    Actions(
        PrintWriter out,
        TsServer ts,
        WebSocketServer server,
        TunableClock pts,
        CorrelatedClock sporadic,
        long heapBefore) {
      this.out = out;
      this.ts = ts;
      this.server = server;
      this.pts = pts;
      this.sporadic = sporadic;
      this.heapBefore = heapBefore;
    }

    /**
     * Does what is due at {@code elapsed} nanoseconds since start.
     *
     * @return when to act next, nanoseconds since start
     */
    long act(long elapsed) {
      long next = Long.MAX_VALUE;
      if (demo) {
        next = Math.min(next, demoSteps.every(elapsed, STEP_NANOS, this::demoStep));
      }
      if (benchIntervalSeconds > 0) {
        // the source pushes the change; no update call
        Runnable toggle = () -> pts.setSpeed(pts.speed() == 0 ? 1 : 0);
        next =
            Math.min(
                next, benchChanges.every(elapsed, (long) (benchIntervalSeconds * 1e9), toggle));
      }
      if (statsSeconds > 0) {
        next =
            Math.min(
                next, statsLines.every(elapsed, (long) (statsSeconds * 1e9), () -> print(stats())));
      }
      return Cadence.nextTurn(elapsed, next);
    }

    private void demoStep() {
      switch (demoStep++ % 5) {
        case 0 -> {
          double tweak = random.nextInt(9000) - 4500; // within +-1/20 s
          pts.adjustTicks(tweak);
          print(
              String.format(
                  Locale.ROOT,
                  "tweaked PTS by %+.0f ticks; PTS at %.3f s",
                  tweak,
                  pts.ticks() / 90_000));
        }
        case 1 -> {
          sporadic.setAvailability(true);
          print("made " + SPORADIC + " available");
        }
        case 2 -> {
          pts.setSpeed(0);
          print(String.format(Locale.ROOT, "paused PTS and TEMI at %.3f s", pts.ticks() / 90_000));
        }
        case 3 -> {
          sporadic.setAvailability(false);
          print("made " + SPORADIC + " unavailable");
        }
        default -> {
          pts.setSpeed(1);
          print(String.format(Locale.ROOT, "resumed PTS and TEMI at %.3f s", pts.ticks() / 90_000));
        }
      }
    }

    private String stats() {
      long heap = Memory.heapAfterGc();
      int connections = ts.connectionCount();
      return String.format(
          Locale.ROOT,
          "connections %d  heap %.1f MiB  rss %.1f MiB  heap per connection %.1f KiB  sent %d",
          connections,
          heap / 1048576.0,
          Memory.residentBytes() / 1048576.0,
          connections == 0 ? 0.0 : (heap - heapBefore) / 1024.0 / connections,
          ts.counters().messagesSent());
    }

    private void print(String line) {
      out.println(line);
      out.flush();
    }
  }
}
