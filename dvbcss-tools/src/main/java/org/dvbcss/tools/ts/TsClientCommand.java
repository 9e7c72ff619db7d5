package org.dvbcss.tools.ts;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.X509TrustManager;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import org.dvbcss.net.ts.TsClient;
import org.dvbcss.net.ts.TsClockController;
import org.dvbcss.net.wc.UdpUrls;
import org.dvbcss.net.wc.WallClockClient;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.net.wsclient.WebSocketClientConfig;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.ReadModeOption;
import org.dvbcss.tools.RunLength;
import org.dvbcss.tools.StatusTicker;
import org.dvbcss.tools.TrustOptions;
import org.dvbcss.tools.wc.WcServerArgs;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss ts-client}: follows a TV's timeline with CSS-WC and CSS-TS, and shows where it is.
 *
 * <p>Not thread safe: one instance serves one run. Lines are written from the TS connection's
 * thread (changes) and the command's thread (status), one whole line at a time.
 */
@Command(
    name = "ts-client",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a TV's timeline: a CSS-WC client keeps a wall clock in step with the TV's and a"
          + " CSS-TS client drives a timeline clock from the TV's control timestamps.",
      "",
      "On each change prints availability, position (ticks and seconds), speed and the error"
          + " bound (dispersion); every second a status line. With --json, one object per change"
          + " {\"available\":..,\"ticks\":..,\"seconds\":..,\"speed\":..,\"dispersion_ms\":..}"
          + " (null where unknown) and every second {\"status\":{...}}.",
      "Control timestamps that deviate from the spec in a way with one sensible reading are read"
          + " that way and each kind is said once on standard error ('TV deviates from the spec:"
          + " ... (accepted)'); --strict rejects them instead. Invalid messages are reported on"
          + " standard error and ignored.",
      "Stops after --duration or when the TS connection ends. Exits with status 1 if it ends"
          + " without ever having received a valid control timestamp.",
      ""
    })
public final class TsClientCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Mixin private TrustOptions trust;

  @Mixin private ReadModeOption readMode;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TS_URL", description = "e.g. ws://127.0.0.1:7681/ts")
  private URI tsUrl;

  @Parameters(
      index = "1",
      paramLabel = "WC_SERVER",
      description =
          "The CSS-WC server: udp://host[:port] or HOST[:PORT] (default port 6677), e.g."
              + " udp://127.0.0.1:6677 or 127.0.0.1:6677.")
  private String wcUrl;

  @Parameters(
      index = "2",
      paramLabel = "CONTENT_ID_STEM",
      description = "Content id stem (\"\" matches any content).")
  private String contentIdStem;

  @Parameters(
      index = "3",
      paramLabel = "TICK_RATE",
      description = "The timeline's ticks per second, e.g. 90000 for PTS.")
  private String fourthArgument;

  /** The tick rate after the selector: the old form, TS_URL WC_URL STEM SELECTOR TICK_RATE. */
  @Parameters(index = "4", arity = "0..1", paramLabel = "TICK_RATE", hidden = true)
  private @Nullable Double oldTickRate;

  @Option(
      names = "--timeline",
      paramLabel = "SELECTOR",
      description = "The timeline selector, e.g. urn:dvb:css:timeline:pts (required).")
  private @Nullable String timelineOption;

  @Mixin private Deprecations deprecations;

  private String timelineSelector = "";

  private double tickRate;

  @Option(names = "--json", description = "Print one JSON object per change, and status objects.")
  private boolean json;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop after this many seconds; 0 runs until the TS connection ends or Ctrl-C.")
  private double durationSeconds;

  @Override
  public Integer call() throws Exception {
    readSelectorAndTickRate();
    String scheme = tsUrl.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new ParameterException(
          spec.commandLine(), "TS_URL must be ws:// or wss://, was " + tsUrl);
    }
    if (!(tickRate > 0) || Double.isInfinite(tickRate)) {
      throw new ParameterException(spec.commandLine(), "TICK_RATE must be positive: " + tickRate);
    }
    if (!(durationSeconds >= 0)) {
      throw new ParameterException(spec.commandLine(), "--duration must be >= 0");
    }
    InetSocketAddress wcServer;
    try {
      WcServerArgs given = WcServerArgs.readOne(spec, wcUrl);
      wcServer = UdpUrls.resolve(new UdpUrl(given.host(), given.port()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    SysClock local = new SysClock();
    CorrelatedClock wall = new CorrelatedClock(local, 1e9);
    CorrelatedClock timeline = new CorrelatedClock(wall, tickRate);
    CountDownLatch ended = new CountDownLatch(1);
    boolean[] connected = {false};

    TsClockController.Listener printer =
        new TsClockController.Listener() {
          @Override
          public void connected() {
            connected[0] = true;
            if (!json) {
              line(out, "connected to " + tsUrl);
            }
          }

          @Override
          public void disconnected(int code, String reason, boolean willReconnect) {
            if (!json) {
              line(out, "disconnected: " + code + (reason.isEmpty() ? "" : " " + reason));
            }
            ended.countDown();
          }

          @Override
          public void timingChanged(boolean speedChanged) {
            change(out, timeline, speedChanged ? "timing and speed changed" : "timing changed");
          }

          @Override
          public void timelineAvailable() {
            change(out, timeline, "timeline available");
          }

          @Override
          public void timelineUnavailable() {
            change(out, timeline, "timeline unavailable");
          }
        };
    TsClient.Listener problems =
        new TsClient.Listener() {
          @Override
          public void protocolError(String text, ProtocolException error) {
            line(err, "invalid control timestamp ignored: " + error.getMessage());
          }

          @Override
          public void deviations(Set<Deviation> kinds, String text) {
            readMode.firstSeen(kinds, err);
          }

          @Override
          public void error(Throwable error) {
            line(err, "ts-client: " + error.getMessage());
            ended.countDown();
          }
        };

    X509TrustManager trustManager = trust.trustManager();
    try (WallClockClient wc =
            WallClockClient.start(wcServer, wall, WallClockClientConfig.defaults());
        TsClockController controller =
            TsClockController.builder(timeline)
                .readMode(readMode.mode())
                .listener(printer)
                .start(
                    tsUrl,
                    new SetupData(contentIdStem, timelineSelector),
                    trustManager == null
                        ? WebSocketClientConfig.defaults()
                        : WebSocketClientConfig.builder().trustManager(trustManager).build(),
                    List.of(problems))) {
      if (!json) {
        line(
            out,
            "following timeline "
                + timelineSelector
                + " of content '"
                + contentIdStem
                + "*' at "
                + tsUrl
                + ", wall clock from "
                + wcUrl);
      }
      StatusTicker.run(
          RunLength.ofSeconds(durationSeconds), ended, () -> status(out, timeline, controller, wc));
      if (!connected[0] || controller.counters().controlTimestamps() == 0) {
        line(
            err,
            connected[0]
                ? "ts-client: never received a valid control timestamp from " + tsUrl
                : "ts-client: never connected to " + tsUrl);
        return 1;
      }
    }
    return 0;
  }

  /** The timeline's state as JSON fields, without braces. */
  static String jsonFields(CorrelatedClock timeline) {
    boolean available = timeline.isAvailable();
    double ticks = timeline.ticks();
    double dispersion = timeline.dispersion();
    return String.format(
        Locale.ROOT,
        "\"available\":%b,\"ticks\":%s,\"seconds\":%s,\"speed\":%s,\"dispersion_ms\":%s",
        available,
        available ? Long.toString(Math.round(ticks)) : "null",
        available ? Double.toString(ticks / timeline.tickRate()) : "null",
        available ? Double.toString(timeline.speed()) : "null",
        Double.isFinite(dispersion) ? Double.toString(dispersion * 1e3) : "null");
  }

  /** The timeline's state as text. */
  static String text(CorrelatedClock timeline) {
    double dispersion = timeline.dispersion();
    String bound =
        Double.isFinite(dispersion)
            ? String.format(Locale.ROOT, "+/- %.3f ms", dispersion * 1e3)
            : "unknown (no wall clock yet)";
    if (!timeline.isAvailable()) {
      return "NOT available   error bound " + bound;
    }
    double ticks = timeline.ticks();
    return String.format(
        Locale.ROOT,
        "available   position %15d ticks = %12.3f s   speed %5.2f   error bound %s",
        Math.round(ticks),
        ticks / timeline.tickRate(),
        timeline.speed(),
        bound);
  }

  private void change(PrintWriter out, CorrelatedClock timeline, String what) {
    line(out, json ? "{" + jsonFields(timeline) + "}" : what + ": " + text(timeline));
  }

  private void status(
      PrintWriter out, CorrelatedClock timeline, TsClockController controller, WallClockClient wc) {
    TsClient client = controller.client();
    boolean open = client != null && client.isConnected();
    long cts = controller.counters().controlTimestamps();
    long wcResponses = wc.counters().accepted();
    if (json) {
      line(
          out,
          String.format(
              Locale.ROOT,
              "{\"status\":{\"connected\":%b,\"control_timestamps\":%d,\"wc_responses\":%d,%s}}",
              open,
              cts,
              wcResponses,
              jsonFields(timeline)));
    } else {
      line(
          out,
          "status: "
              + (open ? "connected" : "not connected")
              + ", "
              + cts
              + " control timestamps, "
              + wcResponses
              + " WC responses; "
              + text(timeline));
    }
  }

  private static void line(PrintWriter w, String line) {
    synchronized (w) {
      w.println(line);
      w.flush();
    }
  }

  /**
   * Sets {@link #timelineSelector} and {@link #tickRate} from {@code --timeline SELECTOR ...
   * TICK_RATE}, or from the old form with the selector as the fourth argument (deprecated).
   */
  private void readSelectorAndTickRate() {
    if (oldTickRate != null) {
      if (timelineOption != null) {
        throw new ParameterException(
            spec.commandLine(), "Give the timeline selector once: --timeline or an argument");
      }
      deprecations.used("TIMELINE_SELECTOR as the fourth argument", "--timeline SELECTOR");
      timelineSelector = fourthArgument;
      tickRate = oldTickRate;
      return;
    }
    if (timelineOption == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--timeline=SELECTOR'");
    }
    timelineSelector = timelineOption;
    try {
      tickRate = Double.parseDouble(fourthArgument);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for positional parameter at index 3 (TICK_RATE): '"
              + fourthArgument
              + "' is not a double");
    }
  }
}
