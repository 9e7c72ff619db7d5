package org.dvbcss.tools.wc;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.wc.WallClockServer;
import org.dvbcss.net.wc.WallClockServerConfig;
import org.dvbcss.tools.ClockOptions;
import org.dvbcss.tools.DurationOption;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.SignalShutdown;
import org.dvbcss.tools.StatusTicker;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss wc-server}: serves this machine's monotonic clock, in nanoseconds, as a CSS-WC wall
 * clock, or a clock offset and drifting from it ({@link ClockOptions}).
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "wc-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a CSS-WC wall clock on UDP: this machine's monotonic clock, in nanoseconds, or"
          + " with --clock-offset and --clock-drift a clock that differs from it.",
      "",
      "Prints the bound udp:// URL, then answers until stopped (Ctrl-C or SIGTERM, exit status"
          + " 0) or --duration ends, and prints what it answered and dropped.",
      ""
    })
public final class WcServerCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Mixin private ClockOptions clockOptions;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ADDR",
      defaultValue = "0.0.0.0",
      description =
          "Address to bind (default: ${DEFAULT-VALUE}, every IPv4 interface; :: for all).")
  private String address;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PORT",
      defaultValue = "6677",
      description = "UDP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--max-freq-error",
      paramLabel = "PPM",
      defaultValue = "500",
      description =
          "Maximum frequency error of the monotonic clock to declare, ppm; with --clock-drift"
              + " the server declares this plus |drift| (default: ${DEFAULT-VALUE}).")
  private double maxFreqErrorPpm;

  @Option(
      names = "--followup",
      description = "Answer with a type-2 response then a type-3 follow-up.")
  private boolean followUp;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Receiving threads sharing the port (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--rate-limit",
      paramLabel = "R[:BURST]",
      converter = RateLimit.Converter.class,
      description =
          "Answer each source address at most R requests per second, after a burst of BURST"
              + " (default BURST: R rounded up); more is dropped and counted as RATE_LIMITED."
              + " Off by default: companions behind one NAT address share the limit.")
  private @Nullable RateLimit rateLimit;

  @Mixin private DurationOption duration;

  @Override
  public Integer call() throws Exception {
    if (!(duration.seconds() >= 0)) {
      throw new ParameterException(spec.commandLine(), "--duration must be >= 0");
    }
    SysClock monotonic = SysClock.builder().maxFreqErrorPpm(maxFreqErrorPpm).build();
    Clock wallClock = clockOptions.wallClock(monotonic);
    PrintWriter out = spec.commandLine().getOut();
    WallClockServerConfig.Builder builder =
        WallClockServerConfig.builder()
            .bind(new InetSocketAddress(InetAddress.getByName(address), port))
            .maxFreqErrorPpm(clockOptions.declaredMaxFreqErrorPpm(maxFreqErrorPpm))
            .followUp(followUp)
            .threads(threads);
    if (rateLimit != null) {
      rateLimit.applyTo(builder);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (SignalShutdown shutdown =
        SignalShutdown.install(out, SignalShutdown.DEFAULT_BOUND, stopped::countDown)) {
      WallClockServer server = WallClockServer.start(wallClock, builder.build());
      try {
        out.println(server.url());
        if (rateLimit != null) {
          out.println("rate limit " + rateLimit);
        }
        out.flush();
        StatusTicker.run(duration.runLength(), stopped, null);
      } finally {
        server.close();
      }
      report(server, out);
    }
    return 0;
  }

  private static void report(WallClockServer server, PrintWriter out) {
    WallClockServer.Counters c = server.counters();
    out.println("answered " + c.answered() + ", dropped " + c.droppedTotal() + " " + c.dropped());
    out.flush();
  }
}
