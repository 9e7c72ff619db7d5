package org.dvbcss.companion.check;

/**
 * The verdict of one rule on one TV.
 *
 * <p>Immutable constants; thread safe.
 */
public enum Status {
  /** The TV keeps the rule. */
  PASS,
  /** The TV breaks a normative rule whose text was verified. */
  FAIL,
  /**
   * The TV breaks a rule that is normative but not verified against the specification's text, or
   * does something known to break companions in the field.
   */
  WARN,
  /** A measurement or an observation with no pass mark. */
  INFO;

  /**
   * The JSON and text spelling.
   *
   * @return e.g. {@code PASS}
   */
  public String label() {
    return name();
  }
}
