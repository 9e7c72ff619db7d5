package org.dvbcss.companion.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of one rule: the status, what was observed (in words), what was expected, and the
 * evidence (the messages received, the figures measured).
 *
 * <p>The status is capped by the rule ({@link Rule#worst()}): a FAIL of a rule that can only WARN
 * becomes a WARN, and a rule that only measures gives INFO or PASS.
 *
 * <p>Evidence values are what JSON can carry: {@code String}, {@code Number}, {@code Boolean},
 * {@code null}, and lists and maps of those. Figures carry their unit in their key ({@code rtt_ms},
 * {@code rate_ppm}, {@code elapsed_s}).
 *
 * @param rule the rule
 * @param status the verdict, after the cap
 * @param message what was observed, in one or two sentences
 * @param expected what the rule expects, in one sentence
 * @param evidence the observations, in the order they were added
 *     <p>Immutable; thread safe.
 */
public record RuleResult(
    Rule rule, Status status, String message, String expected, Map<String, Object> evidence) {

  /** Validates, caps the status and copies the evidence. */
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(expected, "expected");
    status = cap(rule.worst(), status);
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  private static Status cap(Status worst, Status status) {
    if (status == Status.PASS) {
      return status;
    }
    if (worst == Status.INFO) {
      return Status.INFO;
    }
    if (worst == Status.WARN && status == Status.FAIL) {
      return Status.WARN;
    }
    return status;
  }

  /**
   * A result with no evidence.
   *
   * @param rule the rule
   * @param status the verdict (capped)
   * @param message what was observed
   * @param expected what was expected
   * @return the result
   */
  public static RuleResult of(Rule rule, Status status, String message, String expected) {
    return new RuleResult(rule, status, message, expected, Map.of());
  }

  /**
   * This result with one more piece of evidence.
   *
   * @param key the name, with its unit as a suffix where it is a figure
   * @param value a JSON-able value
   * @return a new result
   */
  public RuleResult with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(evidence);
    more.put(key, jsonable(value));
    return new RuleResult(rule, status, message, expected, more);
  }

  private static Object jsonable(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof List<?>
        || value instanceof Map<?, ?>) {
      return value;
    }
    return String.valueOf(value);
  }

  /**
   * The rule's id.
   *
   * @return e.g. {@code R-CII-2}
   */
  public String id() {
    return rule.id();
  }
}
