package org.dvbcss.tools.abuse;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dvbcss.net.ws.WebSocketServerConfig;
import org.dvbcss.tools.Deprecations;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss abuse}: rounds of misbehaving WebSocket clients against a TV's CSS-CII and CSS-TS
 * server, while well-behaved companions watch, for long runs that show whether anything leaks.
 *
 * <p>Without a URL it starts a TV simulator in this process (loopback, free ports) with a
 * connection limit, a small frame limit and a short idle timeout, and makes a sequence of changes
 * (content id, and timeline speed) during each round; the good companions must see every one, in
 * order. With a URL it abuses that TV (loopback or private addresses only) and compares the good
 * companions with each other.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "abuse",
    mixinStandardHelpOptions = true,
    description = {
      "Run rounds of bad WebSocket clients (invalid JSON, binary, oversize and invalid UTF-8"
          + " frames, readers that never read, ping floods, half-sent requests, silent clients, a"
          + " connection flood) against a TV's CII and TS server while good companions watch.",
      "",
      "Prints per round: abusers by kind, the server's closes by cause (in-process TV only), the"
          + " good companions' missed changes, connections left, heap after GC and resident"
          + " memory. Exits 1 if a good companion missed a change or connections did not return"
          + " to their baseline.",
      ""
    })
public final class AbuseCommand implements Callable<Integer> {
  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = "A TV's CII URL; without one, a TV simulator runs in this process.")
  private @Nullable URI url;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Rounds (default: ${DEFAULT-VALUE}).")
  private int rounds;

  @Option(
      names = "--each",
      paramLabel = "N",
      defaultValue = "4",
      description = "Abusers of each kind per round (default: ${DEFAULT-VALUE}).")
  private int each;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "100",
      description = "Abusers started per second (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(
      names = "--flood",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "Connections opened at once per round, held to its end (default: the in-process"
              + " limit plus 8, or 64).")
  private int flood;

  @Option(
      names = "--companions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Good companions per protocol (default: ${DEFAULT-VALUE}).")
  private int companions;

  @Option(
      names = "--changes",
      paramLabel = "N",
      defaultValue = "20",
      description = "Changes the in-process TV makes per round (default: ${DEFAULT-VALUE}).")
  private int changes;

  @Option(
      names = "--change-every",
      paramLabel = "SECONDS",
      description = "Time between changes (default: ${DEFAULT-VALUE}).")
  private double changeEverySeconds = 0.05;

  @Mixin private Deprecations deprecations;

  @Option(names = "--change-interval", paramLabel = "MILLIS", hidden = true)
  private void deprecatedChangeInterval(long millis) {
    deprecations.used("--change-interval", "--change-every");
    changeEverySeconds = millis / 1000.0;
  }

  /** {@code --change-every} in whole milliseconds, set when the command starts. */
  private long changeIntervalMillis;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "64",
      description = "The in-process TV's connection limit (default: ${DEFAULT-VALUE}).")
  private int maxConnections;

  @Option(
      names = "--max-frame-bytes",
      paramLabel = "BYTES",
      defaultValue = "4096",
      description = "The in-process TV's largest incoming frame (default: ${DEFAULT-VALUE}).")
  private int maxFrameBytes;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "3",
      description =
          "The in-process TV's idle timeout; it pings every third of it (default:"
              + " ${DEFAULT-VALUE}).")
  private double idleSeconds;

  @Override
  public Integer call() throws Exception {
    changeIntervalMillis = Math.round(changeEverySeconds * 1000);
    if (rounds < 1
        || each < 0
        || !(rate > 0)
        || companions < 1
        || changes < 0
        || changeIntervalMillis < 1
        || maxConnections < 1
        || maxFrameBytes < 1
        || !(idleSeconds > 0)) {
      throw new ParameterException(
          spec.commandLine(),
          "--rounds, --rate, --companions, --change-every (1 ms or more), --max-connections,"
              + " --max-frame-bytes and --idle-timeout must be positive; --each and --changes not"
              + " negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (url == null) {
      long idleMillis = Math.round(idleSeconds * 1000);
      try (Tv tv =
          Tv.start(
              TvConfig.builder()
                  .webSocket(
                      WebSocketServerConfig.builder()
                          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                          .maxConnections(maxConnections)
                          .maxFrameBytes(maxFrameBytes)
                          .idleTimeout(Duration.ofMillis(idleMillis))
                          .pingInterval(Duration.ofMillis(Math.max(1, idleMillis / 3)))
                          .writeBufferWaterMarks(8 * 1024, 32 * 1024)
                          .build())
                  .wallClockAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                  .transition(Duration.ZERO)
                  .build())) {
        out.println("abuse: TV simulator at " + tv.ciiUrl());
        out.flush();
        return new AbuseRunner(
                plan(flood >= 0 ? flood : maxConnections + 8, idleMillis, maxFrameBytes + 1), out)
            .run(URI.create(tv.ciiUrl()), URI.create(tv.tsUrl()), tv);
      }
    }
    URI cii = url;
    InetAddress host = InetAddress.getByName(cii.getHost());
    if (!host.isLoopbackAddress() && !host.isSiteLocalAddress() && !host.isLinkLocalAddress()) {
      throw new ParameterException(
          spec.commandLine(), "abuse only targets loopback or private addresses, not " + host);
    }
    return new AbuseRunner(plan(flood >= 0 ? flood : 64, 60_000, 1 << 20), out)
        .run(cii, null, null);
  }

  private AbuseRunner.Plan plan(int floodSize, long idleMillis, int oversizeBytes) {
    return new AbuseRunner.Plan(
        rounds,
        each,
        rate,
        floodSize,
        companions,
        changes,
        changeIntervalMillis,
        idleMillis,
        oversizeBytes);
  }
}
