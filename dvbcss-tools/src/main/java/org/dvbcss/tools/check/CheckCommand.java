package org.dvbcss.tools.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dvbcss.companion.check.CheckConfig;
import org.dvbcss.companion.check.CheckListener;
import org.dvbcss.companion.check.CheckReport;
import org.dvbcss.companion.check.Checker;
import org.dvbcss.companion.check.GuidedStep;
import org.dvbcss.companion.check.RuleResult;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.tools.LoggingOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss check CII_URL}: checks a TV's DVB-CSS servers against the rules of {@code
 * docs/check.md} and prints a verdict per rule.
 *
 * <p>Parsing and printing only: the checks are {@link Checker}'s. Results are printed as the
 * checker decides them (text or JSON lines on standard output), progress goes to standard error,
 * and {@code --html} writes a page at the end. The exit status is {@link CheckReport#exitStatus()}:
 * 0 when nothing FAILs, 1 when something FAILs, 2 when the TV was not reached; a usage error is 2
 * as for every command.
 *
 * <p>Not thread safe: one instance serves one run. The checker's listener calls are serialised, so
 * lines are printed whole.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a TV's DVB-CSS servers (CSS-CII, the WebSocket transport, CSS-WC, CSS-TS) from a"
          + " companion's position: one verdict per rule, PASS, FAIL, WARN or INFO, with what was"
          + " observed, what was expected and the rule's source. docs/check.md explains every"
          + " rule.",
      "",
      "The wall clock's and the timelines' rates are measured for --duration (65 s by default;"
          + " the whole check then takes under 2 minutes). With --guided the check asks for a"
          + " pause, a play, a content change and stopping sync at the end, and waits for Enter"
          + " after each.",
      "Exit status: 0 nothing FAILed, 1 something FAILed, 2 the TV was not reached (or a usage"
          + " error).",
      ""
    })
public final class CheckCommand implements Callable<Integer> {

  /** Runs a check: {@link Checker#run} in use, a fabricated report in tests. */
  @FunctionalInterface
  interface Runner {
    /**
     * Runs the check.
     *
     * @param config what to check
     * @param listener hears the results as they are decided
     * @return the report
     * @throws InterruptedException if stopped
     */
    CheckReport run(CheckConfig config, CheckListener listener) throws InterruptedException;
  }

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CII_URL",
      description =
          "The TV's CSS-CII URL, e.g. ws://192.168.1.20:7681/cii; with --discover, the one of the"
              + " TVs found to check (default there: the first found).")
  private @Nullable URI ciiUrl;

  @Option(
      names = "--discover",
      description =
          "Find the TV by DIAL first and grade its DIAL exchange too (rules R-DISC-*); then check"
              + " the CII URL it advertises.")
  private boolean discover;

  @Option(
      names = "--search-address",
      paramLabel = "HOST:PORT",
      defaultValue = "239.255.255.250:1900",
      converter = org.dvbcss.tools.HostPort.class,
      description =
          "With --discover: where the SSDP search is sent, the multicast group or one TV"
              + " (default: ${DEFAULT-VALUE}).")
  private java.net.InetSocketAddress searchAddress;

  @Option(
      names = "--discovery-timeout",
      paramLabel = "SECONDS",
      defaultValue = "3",
      description =
          "With --discover: how long to collect DIAL answers (default: ${DEFAULT-VALUE}).")
  private double discoverySeconds;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "65",
      description =
          "How long the wall clock's and the timelines' rates are measured, at least 1; R-WC-6"
              + " needs 60 to grade a rate (default: ${DEFAULT-VALUE}).")
  private double durationSeconds;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "The limit for each connection and each awaited message (default: ${DEFAULT-VALUE}).")
  private double connectTimeoutSeconds;

  @Option(
      names = "--json",
      description =
          "Print one JSON object per rule result as it is decided, then"
              + " {\"summary\":{\"pass\":n,\"fail\":n,\"warn\":n,\"info\":n}}.")
  private boolean json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write a standalone HTML report (tables and plots) to FILE.")
  private @Nullable Path html;

  @Option(
      names = "--guided",
      description =
          "Ask for guided steps on the terminal (a person changes the TV, then presses Enter).")
  private boolean guided;

  @Option(
      names = "--steps",
      paramLabel = "STEP",
      split = ",",
      description =
          "The guided steps, in order, from pause, play, change-content, stop-sync"
              + " (default: all four).")
  private @Nullable List<String> steps;

  @Option(
      names = "--wc-server",
      paramLabel = "URL",
      description =
          "Measure this CSS-WC server, udp://host:port, instead of the one CII advertises.")
  private @Nullable String wcServer;

  @Option(
      names = "--rapid-connections",
      paramLabel = "N",
      defaultValue = "400",
      description =
          "Connection attempts in the burst of R-WS-5; 0 skips it (default: ${DEFAULT-VALUE}).")
  private int rapidConnections;

  @Option(
      names = "--ts-clients",
      paramLabel = "N",
      defaultValue = "10",
      description = "Simultaneous CSS-TS clients for R-TS-12 (default: ${DEFAULT-VALUE}).")
  private int tsClients;

  private final Runner runner;
  private final InputStream stdin;

  /** For picocli: runs {@link Checker#run} and reads guided steps' Enter from standard input. */
  public CheckCommand() {
    this(Checker::run, System.in);
  }

  /**
   * A command with another runner and input, for tests.
   *
   * @param runner runs the check
   * @param stdin where the guided steps' Enter is read
   */
  CheckCommand(Runner runner, InputStream stdin) {
    this.runner = runner;
    this.stdin = stdin;
  }

  /**
   * The config the options give.
   *
   * @return the config
   * @throws ParameterException if an option's value is out of range
   */
  CheckConfig config() {
    if (ciiUrl == null && !discover) {
      throw usage("give CII_URL, or --discover to find the TV by DIAL");
    }
    if (ciiUrl != null) {
      String scheme = ciiUrl.getScheme();
      if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
        throw usage("CII_URL must be ws:// or wss://, was " + ciiUrl);
      }
    }
    if (discover && (!(discoverySeconds > 0) || Double.isInfinite(discoverySeconds))) {
      throw usage("--discovery-timeout must be positive");
    }
    if (!(durationSeconds >= 1) || Double.isInfinite(durationSeconds)) {
      throw usage("--duration must be at least 1 second");
    }
    if (!(connectTimeoutSeconds > 0) || Double.isInfinite(connectTimeoutSeconds)) {
      throw usage("--connect-timeout must be positive");
    }
    if (rapidConnections < 0) {
      throw usage("--rapid-connections must not be negative");
    }
    if (tsClients < 1) {
      throw usage("--ts-clients must be at least 1");
    }
    if (html != null) {
      Path dir = html.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw usage("--html: no directory " + dir + " to write " + html + " in");
      }
    }
    if (steps != null && !guided) {
      throw usage("--steps needs --guided");
    }
    List<GuidedStep> chosen = steps == null ? List.of(GuidedStep.values()) : steps(steps);
    CheckConfig.Builder b =
        (discover
                ? CheckConfig.discovering(
                        org.dvbcss.companion.discovery.DiscoveryConfig.builder()
                            .searchAddress(searchAddress)
                            .timeout(seconds(discoverySeconds))
                            .build())
                    .ciiUrl(ciiUrl == null ? null : ciiUrl.toString())
                : CheckConfig.builder(ciiUrl.toString()))
            .duration(seconds(durationSeconds))
            .connectTimeout(seconds(connectTimeoutSeconds))
            .rapidConnections(rapidConnections)
            .tsClients(tsClients)
            .steps(chosen);
    if (wcServer != null) {
      try {
        b.wallClockServer(UdpUrl.parse(wcServer, UdpUrl.CONVENTIONAL_PORT));
      } catch (IllegalArgumentException e) {
        throw usage("--wc-server: " + e.getMessage());
      }
    }
    if (guided) {
      b.guide(new TerminalGuide(stdin, spec.commandLine().getErr(), chosen.size()));
    }
    return b.build();
  }

  private List<GuidedStep> steps(List<String> names) {
    List<GuidedStep> chosen = new ArrayList<>();
    for (String name : names) {
      GuidedStep step =
          Arrays.stream(GuidedStep.values())
              .filter(s -> TerminalGuide.spelling(s).equalsIgnoreCase(name.strip()))
              .findFirst()
              .orElseThrow(
                  () ->
                      usage(
                          "--steps: unknown step '"
                              + name
                              + "' (one of "
                              + Arrays.stream(GuidedStep.values())
                                  .map(TerminalGuide::spelling)
                                  .collect(Collectors.joining(", "))
                              + ")"));
      chosen.add(step);
    }
    return chosen;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws IOException {
    CheckConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!json) {
      String target =
          config.ciiUrl() != null
              ? config.ciiUrl()
              : "the first TV a DIAL search at " + searchAddress + " finds";
      out.print(TextReport.heading(target, Instant.now()));
      out.flush();
    }
    CheckListener listener =
        new CheckListener() {
          @Override
          public void result(RuleResult r) {
            if (json) {
              out.println(JsonReport.line(r));
            } else {
              out.print(TextReport.result(r));
            }
            out.flush();
          }

          @Override
          public void progress(String text) {
            err.println("check: " + TextReport.clean(text));
            err.flush();
          }
        };
    CheckReport report;
    try {
      report = runner.run(config, listener);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("check: stopped");
      err.flush();
      return 1;
    }
    if (json) {
      out.println(JsonReport.summary(report));
    } else {
      out.print(TextReport.summary(report));
    }
    out.flush();
    if (html != null) {
      Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
      err.println("check: HTML report written to " + html);
      err.flush();
    }
    return report.exitStatus();
  }
}
