package org.dvbcss.tools.ts;

import java.net.URI;
import java.util.concurrent.Callable;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ts.ControlTimestamp;
import org.dvbcss.protocol.ts.SetupData;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.load.FanOutLoad;
import org.dvbcss.tools.load.LoadOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
          + " max: the time until the last client had it, and min: until the first), measured"
          + " from the control"
          + " timestamp's wall clock time, which ts-server reads from this machine's monotonic"
          + " clock. Loopback and private addresses only.",
      ""
    })
public final class TsLoadCommand implements Callable<Integer>, FanOutLoad.Protocol {

  @Mixin private LoggingOptions logging;

  @Mixin private LoadOptions load;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The TS URL, e.g. ws://127.0.0.1:7681/ts.")
  private URI url;

  @Mixin private Deprecations deprecations;

  @Option(
      names = "--timeline",
      paramLabel = "SELECTOR",
      description = "The timeline selector (default: ${DEFAULT-VALUE}).")
  private String selector = TsServerCommand.PTS;

  @Option(names = "--selector", paramLabel = "SELECTOR", hidden = true)
  private void deprecatedSelector(String value) {
    deprecations.used("--selector", "--timeline");
    selector = value;
  }

  private @Nullable String setup;

  @Override
  public Integer call() throws Exception {
    setup = new SetupData("", selector).encode();
    return FanOutLoad.run(spec, url, load, this);
  }

  @Override
  public @Nullable String greeting() {
    return setup;
  }

  /** A control timestamp's wall clock time: when the server sampled the change. */
  @Override
  public long changeTimeNanos(String text) {
    return FanOutLoad.scanLong(text, "wallClockTime");
  }

  @Override
  public String label(String text) {
    try {
      return " (speed " + ControlTimestamp.decode(text).timelineSpeedMultiplier() + ")";
    } catch (ProtocolException e) {
      return " (not a control timestamp: " + e.getMessage() + ")";
    }
  }

  @Override
  public String firstMessageName() {
    return "a timestamp";
  }
}
