package org.dvbcss.companion.check;

/**
 * Hears a check as it goes: each rule result when it is decided, and what the checker is doing.
 *
 * <p>Threading: called from the checker's threads, one call at a time (calls are serialised). A
 * listener that throws is logged and ignored.
 */
public interface CheckListener {
  /** A listener that hears nothing. */
  CheckListener NONE = r -> {};

  /**
   * One rule's verdict.
   *
   * @param result the result
   */
  void result(RuleResult result);

  /**
   * What the checker does now, e.g. {@code measuring the wall clock for 65 s}.
   *
   * @param text one line
   */
  default void progress(String text) {}
}
