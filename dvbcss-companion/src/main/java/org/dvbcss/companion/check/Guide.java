package org.dvbcss.companion.check;

/**
 * Whoever carries out the {@link GuidedStep}s on the TV: a person at a prompt, or a test that
 * drives a simulated TV.
 *
 * <p>Threading: called on the checker's thread, one step at a time; it blocks until the step is
 * done.
 */
@FunctionalInterface
public interface Guide {
  /**
   * Carries out one step, returning when it is done. The checker measures how the TV reacts from
   * the moment this returns, so a person should confirm at the moment of the action.
   *
   * @param step what to do
   * @throws InterruptedException if the check is being stopped
   */
  void perform(GuidedStep step) throws InterruptedException;
}
