package org.dvbcss.tools.wc;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.wc.WallClockClient;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.net.wc.WallClockWebSocketClient;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.FilterAndPredict;
import org.dvbcss.protocol.wc.FrequencyTracking;
import org.dvbcss.protocol.wc.LowestDispersion;
import org.dvbcss.protocol.wc.LowestDispersionFilter;
import org.dvbcss.protocol.wc.MostRecent;
import org.dvbcss.protocol.wc.PredictSimple;
import org.dvbcss.protocol.wc.RttThreshold;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.protocol.wc.WallClockClientCore;
import org.dvbcss.tools.DurationOption;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.StatusTicker;
import org.dvbcss.tools.TargetErrorOptions;
import org.dvbcss.tools.WallClockSample;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dvbcss wc-client}: follows a CSS-WC server and shows how well.
 *
 * <p>Not thread safe: one instance serves one run. Output lines are written from the client's
 * thread (updates) and the command's thread (status lines), one whole line at a time.
 */
@Command(
    name = "wc-client",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a CSS-WC wall clock server and show the estimate's quality.",
      "",
      "The server is HOST [PORT] or udp://host:port on UDP, or ws://host:port/wc (wss:// with"
          + " TLS) for CSS-WC over WebSocket, as `dvbcss tv` serves it.",
      "",
      "Every second a status line shows the last measurement's offset and round-trip time and"
          + " the wall clock's dispersion (its error bound) now and at worst over the last 5 s."
          + " With --json, one JSON object per clock update and one a second instead:"
          + " {\"offset_ns\":..,\"rtt_ns\":..,\"dispersion_ns\":..,\"available\":..,"
          + "\"at_ns\":..,\"measured_offset_ns\":..}: at local monotonic time at_ns"
          + " (System.nanoTime()), the wall clock minus the local clock is offset_ns, known to"
          + " +/-dispersion_ns; rtt_ns and measured_offset_ns are the last measurement's (null"
          + " where unknown).",
      "Exits with status 1 if no valid response ever arrived.",
      ""
    })
public final class WcClientCommand implements Callable<Integer> {

  /** The algorithms offered by name (also by {@code companion --algorithm}). */
  public enum Algorithm {
    /** {@link LowestDispersion}. */
    LOWEST_DISPERSION,
    /** {@link MostRecent}. */
    MOST_RECENT,
    /** {@link FilterAndPredict}: RTT under 1 ms, then lowest dispersion. */
    FILTER_AND_PREDICT,
    /** {@link FrequencyTracking} with its defaults (a declared wander of 0.1 ppm/s). */
    FREQUENCY_TRACKING;

    /**
     * A new algorithm of this kind.
     *
     * @param repeat time between a response and the next request
     * @return a new instance, for one client
     */
    public WallClockAlgorithm create(Duration repeat) {
      Duration timeout = LowestDispersion.DEFAULT_TIMEOUT;
      return switch (this) {
        case LOWEST_DISPERSION -> new LowestDispersion(repeat, timeout, Double.NaN);
        case MOST_RECENT -> new MostRecent(repeat, timeout, Double.NaN);
        case FILTER_AND_PREDICT ->
            new FilterAndPredict(
                List.of(RttThreshold.ofMillis(1.0), new LowestDispersionFilter()),
                new PredictSimple(),
                repeat,
                timeout);
        case FREQUENCY_TRACKING ->
            FrequencyTracking.builder().repeatInterval(repeat).responseTimeout(timeout).build();
      };
    }
  }

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Mixin private WcServerParameters serverArguments;

  @Option(
      names = "--algorithm",
      paramLabel = "NAME",
      defaultValue = "lowest-dispersion",
      converter = AlgorithmConverter.class,
      description =
          "lowest-dispersion (default), most-recent, filter-and-predict (RTT under 1 ms, then"
              + " lowest dispersion) or frequency-tracking (estimates the relative frequency too;"
              + " a much smaller bound, honest while the frequency wanders by at most 0.1"
              + " ppm/s).")
  private Algorithm algorithm;

  @Mixin private DurationOption duration;

  @Mixin private TargetErrorOptions targetError;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "Time between a response and the next request (default: ${DEFAULT-VALUE}). Shorter"
              + " keeps the error bound lower: it grows by both sides' frequency error, 1 ms per"
              + " second at 500 + 500 ppm.")
  private double intervalSeconds;

  @Option(
      names = "--json",
      description = "Print one JSON object per clock update and one a second instead of status.")
  private boolean json;

  private volatile @Nullable Candidate lastCandidate;

  @Override
  public Integer call() throws Exception {
    URI webSocket = serverArguments.webSocketUrl();
    if (!(intervalSeconds >= 0) || !(duration.seconds() >= 0)) {
      throw new ParameterException(spec.commandLine(), "--interval and --duration must be >= 0");
    }
    String targetProblem = targetError.problem();
    if (targetProblem != null) {
      throw new ParameterException(spec.commandLine(), targetProblem);
    }
    PrintWriter out = spec.commandLine().getOut();
    SysClock local = new SysClock();
    CorrelatedClock wall = new CorrelatedClock(local, 1e9);
    DispersionWindow worst = new DispersionWindow(5_000_000_000L);
    if (json) {
      wall.addListener((clock, cause) -> printJson(out, wall));
    }
    long accepted;
    WallClockClientConfig config =
        WallClockClientConfig.builder()
            .algorithm(
                () ->
                    targetError.wrap(
                        algorithm.create(Duration.ofNanos(Math.round(intervalSeconds * 1e9)))))
            .build();
    String label;
    AutoCloseable started;
    Supplier<WallClockClientCore.Counters> counters;
    if (webSocket != null) {
      WallClockWebSocketClient client =
          WallClockWebSocketClient.start(
              webSocket,
              wall,
              config,
              WallClockWebSocketClient.DEFAULT_WEBSOCKET,
              c -> lastCandidate = c);
      label = webSocket.toString();
      started = client;
      counters = client::counters;
    } else {
      WcServerArgs given = serverArguments.server();
      InetSocketAddress server =
          new InetSocketAddress(InetAddress.getByName(given.host()), given.port());
      WallClockClient client = WallClockClient.start(server, wall, config, c -> lastCandidate = c);
      label = given.host() + ":" + given.port();
      started = client;
      counters = client::counters;
    }
    try (AutoCloseable client = started) {
      if (!json) {
        out.println(
            "following "
                + label
                + " with "
                + algorithm.name().toLowerCase(Locale.ROOT)
                + targetError.describe());
        out.flush();
      }
      TargetErrorOptions.RequestRate rate = new TargetErrorOptions.RequestRate();
      StatusTicker.run(
          duration.runLength(),
          new CountDownLatch(1), // only the duration or an interrupt ends it
          () -> {
            double dispersion = wall.dispersion();
            worst.add(System.nanoTime(), dispersion);
            if (json) {
              printJson(out, wall);
            } else {
              double perSecond = rate.update(counters.get().sent(), System.nanoTime());
              out.println(
                  statusLine(lastCandidate, dispersion, worst.max())
                      + String.format(Locale.ROOT, "   %5.1f requests/s", perSecond));
              out.flush();
            }
          });
      accepted = counters.get().accepted();
    }
    if (accepted == 0) {
      spec.commandLine().getErr().println("wc-client: no valid response from " + label);
      return 1;
    }
    return 0;
  }

  static String statusLine(@Nullable Candidate c, double dispersionSeconds, double worstSeconds) {
    if (c == null) {
      return "no response yet";
    }
    return String.format(
        Locale.ROOT,
        "offset %+12.3f us   rtt %9.3f us   dispersion %9.3f ms   worst(5 s) %9.3f ms",
        c.offsetNanos() / 1e3,
        c.rttNanos() / 1e3,
        dispersionSeconds * 1e3,
        worstSeconds * 1e3);
  }

  private void printJson(PrintWriter out, CorrelatedClock wall) {
    String line = jsonLine(lastCandidate, WallClockSample.read(wall), wall.isAvailable());
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /**
   * One {@code --json} line.
   *
   * @param c the last measurement, or null before the first
   * @param s the wall clock, read now
   * @param available whether the wall clock is available
   * @return {@code {"offset_ns":..,"rtt_ns":..,"dispersion_ns":..,"available":..,"at_ns":..,
   *     "measured_offset_ns":..}}; offset and dispersion are null and available false while the
   *     bound is not finite
   */
  static String jsonLine(@Nullable Candidate c, WallClockSample s, boolean available) {
    boolean bounded = s.isBounded();
    return String.format(
        Locale.ROOT,
        "{\"offset_ns\":%s,\"rtt_ns\":%s,\"dispersion_ns\":%s,\"available\":%b,\"at_ns\":%d,"
            + "\"measured_offset_ns\":%s}",
        bounded ? Long.toString(Math.round(s.offsetNanos())) : "null",
        c == null ? "null" : Long.toString(c.rttNanos()),
        bounded ? Long.toString((long) Math.ceil(s.dispersionNanos())) : "null",
        available && bounded,
        s.atNanos(),
        c == null ? "null" : Long.toString(Math.round(c.offsetNanos())));
  }

  /** Accepts algorithm names in kebab case, any letter case. */
  public static final class AlgorithmConverter implements ITypeConverter<Algorithm> {
    /** A converter. */
    public AlgorithmConverter() {}

    @Override
    public Algorithm convert(String value) {
      try {
        return Algorithm.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "unknown algorithm '"
                + value
                + "': lowest-dispersion, most-recent, filter-and-predict, frequency-tracking");
      }
    }
  }
}
