package org.dvbcss.companion.check;

/**
 * Watches one protocol while the {@link Guide} carries out the {@link GuidedStep}s, and reports the
 * rules that need a change of the TV.
 *
 * <p>Threading: called on the checker's thread, one call at a time, in the order {@link #open},
 * then for each step {@link #before} and {@link #after}, then {@link #close}.
 */
interface StepWatcher extends AutoCloseable {
  /** Opens the connections the watcher listens on. */
  void open() throws InterruptedException;

  /** Called just before the guide is asked to carry out {@code step}. */
  void before(GuidedStep step) throws InterruptedException;

  /**
   * Called when the guide says the step is done, at {@code doneNanos} on this machine's monotonic
   * clock. It may wait (a few seconds at most) for the TV's reaction, then reports.
   */
  void after(GuidedStep step, long doneNanos) throws InterruptedException;

  /** Closes its connections; reports what is left to report. */
  @Override
  void close();
}
