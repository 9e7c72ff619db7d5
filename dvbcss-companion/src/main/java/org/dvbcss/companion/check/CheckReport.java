package org.dvbcss.companion.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a check found: every rule result in the order decided, the measurements taken over the run,
 * and whether the TV could be reached at all.
 *
 * @param target the CII URL checked
 * @param reached whether the TV's CSS-CII endpoint answered with a first message
 * @param startedAt when the check started (wall time, for the report's heading)
 * @param elapsedNanos how long the check took, nanoseconds
 * @param results the rule results
 * @param series the measurements, for plots
 *     <p>Immutable; thread safe.
 */
public record CheckReport(
    String target,
    boolean reached,
    Instant startedAt,
    long elapsedNanos,
    List<RuleResult> results,
    List<Series> series) {

  /**
   * The counts of each status.
   *
   * @param pass rules kept
   * @param fail rules broken
   * @param warn warnings
   * @param info measurements
   */
  public record Summary(int pass, int fail, int warn, int info) {}

  /** Validates and copies. */
  public CheckReport {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(startedAt, "startedAt");
    results = List.copyOf(results);
    series = List.copyOf(series);
  }

  /**
   * The counts of each status.
   *
   * @return the summary
   */
  public Summary summary() {
    int[] n = new int[Status.values().length];
    for (RuleResult r : results) {
      n[r.status().ordinal()]++;
    }
    return new Summary(
        n[Status.PASS.ordinal()],
        n[Status.FAIL.ordinal()],
        n[Status.WARN.ordinal()],
        n[Status.INFO.ordinal()]);
  }

  /**
   * The results of one rule (a rule may give several, e.g. one per timeline).
   *
   * @param ruleId e.g. {@code R-TS-6}
   * @return its results, in order
   */
  public List<RuleResult> resultsOf(String ruleId) {
    return results.stream().filter(r -> r.id().equals(ruleId)).toList();
  }

  /**
   * The exit status of {@code dvbcss check}: 2 when the TV could not be reached, 1 when a rule
   * FAILed, 0 otherwise.
   *
   * @return 0, 1 or 2
   */
  public int exitStatus() {
    if (!reached) {
      return 2;
    }
    return summary().fail() > 0 ? 1 : 0;
  }
}
