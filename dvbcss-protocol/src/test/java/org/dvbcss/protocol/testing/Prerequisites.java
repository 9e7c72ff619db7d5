package org.dvbcss.protocol.testing;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one decision, for tests that need something from outside the JVM (the Node peers, DVB's
 * schemas): whether a missing prerequisite skips the test or fails it. On a developer's machine a
 * missing prerequisite skips, with a message saying what is missing and how to get it; where one of
 * the named environment variables is set to a non-empty value (e.g. {@value #CI}, which CI services
 * set), it fails, so a suite cannot quietly skip what it claims to test.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Prerequisites {

  /** The environment variable that CI services set, and {@code .ci/run} exports. */
  public static final String CI = "CI";

  /** What becomes of a test whose prerequisite is or is not there. */
  public enum Outcome {
    /** The prerequisite is there: the test runs. */
    RUN,
    /** Missing, and not demanded: the test is skipped. */
    SKIP,
    /** Missing, and demanded: the test fails. */
    FAIL
  }

  private Prerequisites() {}

  /**
   * The decision, on an injected environment.
   *
   * @param present whether the prerequisite is there
   * @param environment the environment's lookup (e.g. {@code System::getenv}); returns null for an
   *     unset variable
   * @param demandedBy the variables any one of which, set non-empty, makes the prerequisite
   *     demanded
   * @return what becomes of the test
   */
  public static Outcome decide(
      boolean present, UnaryOperator<String> environment, String... demandedBy) {
    Objects.requireNonNull(environment, "environment");
    if (present) {
      return Outcome.RUN;
    }
    for (String variable : demandedBy) {
      String value = environment.apply(variable);
      if (value != null && !value.isBlank()) {
        return Outcome.FAIL;
      }
    }
    return Outcome.SKIP;
  }

  /**
   * Skips or fails the calling test, as {@link #decide} says, unless the prerequisite is there.
   *
   * @param present whether the prerequisite is there
   * @param missing what is missing and how to get it, e.g. {@code "node not found"}
   * @param demandedBy the variables any one of which, set non-empty, makes a missing prerequisite
   *     fail the test rather than skip it; usually {@link #CI}
   */
  public static void require(boolean present, String missing, String... demandedBy) {
    require(present, missing, System::getenv, demandedBy);
  }

  static void require(
      boolean present, String missing, UnaryOperator<String> environment, String... demandedBy) {
    switch (decide(present, environment, demandedBy)) {
      case RUN -> {}
      case SKIP -> Assumptions.abort(missing + " (skipped)");
      case FAIL ->
          Assertions.fail(
              missing
                  + " (failed rather than skipped: "
                  + String.join(" or ", demandedBy)
                  + " is set, so this test must run)");
    }
  }
}
