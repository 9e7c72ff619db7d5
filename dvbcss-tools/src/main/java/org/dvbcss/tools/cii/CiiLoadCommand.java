package org.dvbcss.tools.cii;

import java.net.URI;
import java.util.concurrent.Callable;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.load.FanOutLoad;
import org.dvbcss.tools.load.LoadOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss cii-load}: holds many CSS-CII connections and measures how long each change takes
 * to reach all of them. Works with {@code cii-server --bench-interval}, whose changes carry their
 * send time in a private property (this machine's monotonic clock, shared by both processes).
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
          + " the time until the last client had it; min: until the first). Loopback and"
          + " private addresses only.",
      ""
    })
public final class CiiLoadCommand implements Callable<Integer>, FanOutLoad.Protocol {

  @Mixin private LoggingOptions logging;

  @Mixin private LoadOptions load;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The CII URL, e.g. ws://127.0.0.1:7681/cii.")
  private URI url;

  @Override
  public Integer call() throws Exception {
    return FanOutLoad.run(spec, url, load, this);
  }

  @Override
  public @Nullable String greeting() {
    return null; // CSS-CII companions send nothing
  }

  @Override
  public long changeTimeNanos(String text) {
    return FanOutLoad.scanLong(text, "sentNanos");
  }

  @Override
  public String label(String text) {
    return "";
  }

  @Override
  public @Nullable String firstMessageName() {
    return null;
  }
}
