package org.dvbcss.tools.accuracy;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dvbcss.protocol.wc.Burst;
import org.dvbcss.tools.LoggingOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss accuracy}: runs a simulated TV and a companion through scenarios, once per wall
 * clock algorithm, and reports the companion's real error against the bound it reported.
 *
 * <p>Not thread safe: one instance serves one run, on the calling thread.
 */
@Command(
    name = "accuracy",
    mixinStandardHelpOptions = true,
    description = {
      "Measure how well a companion follows a TV, against ground truth: a simulated TV (whose"
          + " clocks are the truth) and a companion run in this process, the companion's route to"
          + " the TV impaired as each scenario says, and every 10 ms the companion's timeline"
          + " position is compared with the TV's at the same instant.",
      "",
      "Reports per scenario and algorithm: the share of samples within the bound the companion"
          + " reported (it must be 100 %%), the bound's median and 99th percentile, the worst"
          + " error, the time to the first bound and to convergence, and the CSS-WC requests per"
          + " second spent. Writes JSON (--json) and a standalone HTML page with plots (--html).",
      "Exits with status 1 if any sample was outside its bound.",
      ""
    })
public final class AccuracyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private LoggingOptions logging;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      split = ",",
      description = "Run these scenarios (default: all; --list shows them).")
  private List<String> scenarioNames = new ArrayList<>();

  @Option(
      names = "--algorithm",
      paramLabel = "NAME",
      split = ",",
      description =
          "Run each scenario with these wall clock algorithms, or all; NAME:N polls in bursts"
              + " of N requests, as --burst N does (default:"
              + " lowest-dispersion,frequency-tracking,frequency-tracking:2).")
  private List<String> algorithmNames = new ArrayList<>();

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description =
          "Run each scenario this long instead of its own duration; its scripted changes are"
              + " scaled to fit.")
  private @Nullable Double durationSeconds;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
  private @Nullable Path jsonFile;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here.")
  private @Nullable Path htmlFile;

  @Option(names = "--list", description = "List the scenarios and algorithms, and exit.")
  private boolean list;

  /** Creates the command (picocli calls this). */
  public AccuracyCommand() {}

  @Override
  public Integer call() throws Exception {
    logging.apply();
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (Scenario s : Scenarios.all()) {
        out.printf(
            Locale.ROOT,
            "%-14s %5.0f s  %s%n",
            s.name(),
            s.duration().toMillis() / 1e3,
            s.description());
      }
      out.println(
          "algorithms: "
              + String.join(", ", Algorithms.names())
              + " (each also as NAME:N, polling in bursts of N)");
      out.flush();
      return 0;
    }
    List<Scenario> scenarios = scenarios();
    List<String> algorithms =
        algorithmNames.isEmpty()
            ? Algorithms.DEFAULT
            : algorithmNames.equals(List.of("all")) ? Algorithms.names() : algorithmNames;
    for (String a : algorithms) {
      if (!Algorithms.known(a)) {
        throw new ParameterException(
            spec.commandLine(),
            "unknown algorithm "
                + a
                + "; known: "
                + String.join(", ", Algorithms.names())
                + ", each also as NAME:N for bursts of N (2 to "
                + Burst.MAX_COUNT
                + ")");
      }
    }
    List<AccuracyRun.Result> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      for (String algorithm : algorithms) {
        out.printf(
            Locale.ROOT,
            "running %s with %s for %.0f s ...%n",
            scenario.name(),
            algorithm,
            scenario.duration().toMillis() / 1e3);
        out.flush();
        AccuracyRun.Result r = AccuracyRun.run(scenario, algorithm, Algorithms.factory(algorithm));
        results.add(r);
        out.println(line(r));
        out.flush();
      }
    }
    if (jsonFile != null) {
      Files.writeString(jsonFile, AccuracyReport.json(results), StandardCharsets.UTF_8);
    }
    if (htmlFile != null) {
      Files.writeString(
          htmlFile, AccuracyReport.html(results, "dvbcss accuracy report"), StandardCharsets.UTF_8);
    }
    boolean honest = AccuracyReport.honest(results);
    out.println(
        honest
            ? "every sample of every run was within its bound"
            : "SOME SAMPLES WERE OUTSIDE THEIR BOUND");
    out.flush();
    return honest ? 0 : 1;
  }

  private List<Scenario> scenarios() {
    List<Scenario> chosen = new ArrayList<>();
    if (scenarioNames.isEmpty()) {
      chosen.addAll(Scenarios.all());
    } else {
      for (String name : scenarioNames) {
        chosen.add(
            Scenarios.named(name)
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "unknown scenario " + name + "; --list shows the scenarios")));
      }
    }
    if (durationSeconds == null) {
      return chosen;
    }
    if (!(durationSeconds > 0) || durationSeconds > 86_400) {
      throw new ParameterException(
          spec.commandLine(), "--duration must be > 0 and at most 86400 seconds");
    }
    Duration d = Duration.ofNanos(Math.round(durationSeconds * 1e9));
    return chosen.stream().map(s -> s.withDuration(d)).toList();
  }

  private static String playerLine(@Nullable PlayerStats p) {
    return p == null
        ? ""
        : String.format(
            Locale.ROOT,
            "  player within %.0f ms %.2f %% from %.2f s, worst %.3f ms, %d seeks",
            p.targetSeconds() * 1e3,
            100 * p.shareWithin(),
            p.convergenceSeconds(),
            p.worstErrorSeconds() * 1e3,
            p.seeks());
  }

  /**
   * The summary line of one run.
   *
   * @param r the run
   * @return e.g. {@code clean lowest-dispersion within 100.000 % (2990 of 2990) ...}
   */
  static String line(AccuracyRun.Result r) {
    AccuracyStats s = r.stats();
    return String.format(
            Locale.ROOT,
            "%-14s %-20s within %7.3f %% (%d of %d)  bound median %.3f ms p99 %.3f ms  worst error"
                + " %.3f ms  converged %.2f s  %.2f WC requests/s%s",
            r.scenario(),
            r.algorithm(),
            100 * s.shareWithin(),
            s.within(),
            s.bounded(),
            s.boundMedian() * 1e3,
            s.boundP99() * 1e3,
            s.worstError() * 1e3,
            s.convergenceSeconds(),
            r.requestsPerSecond(),
            s.honest() ? "" : "  OUTSIDE THE BOUND")
        + playerLine(r.player());
  }
}
