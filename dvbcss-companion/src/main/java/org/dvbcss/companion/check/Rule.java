package org.dvbcss.companion.check;

import java.util.Objects;

/**
 * One conformance rule the checker applies: its id (e.g. {@code R-CII-2}), the protocol it belongs
 * to, a one-line statement of what a TV must do, where the rule comes from, how sure that source
 * is, and the worst verdict it can give.
 *
 * <p>The worst verdict follows the source: a rule tagged {@link Confidence#RECALLED} is capped at
 * {@link Status#WARN}, whatever its author asked for; so is every rule declared WARN. A result made
 * for a rule is capped the same way ({@link RuleResult}).
 *
 * @param id the rule id, {@code R-<AREA>-<n>}
 * @param area the protocol
 * @param statement what the TV must do, in one sentence
 * @param source the clause or other source of the rule
 * @param confidence how sure that source is
 * @param worst the worst status the rule gives: {@link Status#FAIL}, {@link Status#WARN} or {@link
 *     Status#INFO}
 *     <p>Immutable; thread safe.
 */
public record Rule(
    String id, Area area, String statement, String source, Confidence confidence, Status worst) {

  /** Validates and applies the cap. */
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(worst, "worst");
    if (!id.matches("R-[A-Z]+-[0-9]+")) {
      throw new IllegalArgumentException("rule id must look like R-CII-2: " + id);
    }
    if (worst == Status.PASS) {
      throw new IllegalArgumentException("worst must be FAIL, WARN or INFO: " + id);
    }
    if (confidence == Confidence.RECALLED && worst == Status.FAIL) {
      worst = Status.WARN;
    }
  }

  /**
   * A rule that FAILs when broken (WARN if its source is only recalled).
   *
   * @param id the id
   * @param area the protocol
   * @param statement what the TV must do
   * @param source where the rule comes from
   * @param confidence how sure that source is
   * @return the rule
   */
  public static Rule fail(
      String id, Area area, String statement, String source, Confidence confidence) {
    return new Rule(id, area, statement, source, confidence, Status.FAIL);
  }

  /**
   * A rule that WARNs when broken.
   *
   * @param id the id
   * @param area the protocol
   * @param statement what the TV should do
   * @param source where the rule comes from
   * @param confidence how sure that source is
   * @return the rule
   */
  public static Rule warn(
      String id, Area area, String statement, String source, Confidence confidence) {
    return new Rule(id, area, statement, source, confidence, Status.WARN);
  }

  /**
   * A rule that only reports measurements.
   *
   * @param id the id
   * @param area the protocol
   * @param statement what is measured
   * @param source where the rule comes from
   * @param confidence how sure that source is
   * @return the rule
   */
  public static Rule info(
      String id, Area area, String statement, String source, Confidence confidence) {
    return new Rule(id, area, statement, source, confidence, Status.INFO);
  }
}
