package org.dvbcss.clock;

/**
 * A monotonic source of time in nanoseconds: the bottom of every clock tree.
 *
 * <p>Production code uses {@link #system()}, which reads {@link System#nanoTime()}. Tests use a
 * {@link ManualTimeSource} and move time by hand, so nothing has to sleep for time to pass.
 *
 * <p>Implementations must be safe to call from any thread.
 */
public interface TimeSource {

  /**
   * Reads the time.
   *
   * @return nanoseconds since an arbitrary fixed origin; never decreases
   */
  long nanoTime();

  /**
   * Tells whether time passes on its own. A source that is not real time moves only when told to,
   * and announces each move to its advance listeners, so a thread waiting for a time on it must
   * wait for a move instead of sleeping.
   *
   * @return true for a source that follows real elapsed time
   */
  default boolean isRealTime() {
    return true;
  }

  /**
   * Registers a listener called after each move of a source that is not real time. Real-time
   * sources ignore the call.
   *
   * @param listener called on the thread that moved the time
   */
  default void addAdvanceListener(Runnable listener) {}

  /**
   * Removes a listener registered with {@link #addAdvanceListener(Runnable)}.
   *
   * @param listener the listener to remove; unknown listeners are ignored
   */
  default void removeAdvanceListener(Runnable listener) {}

  /**
   * The process-wide real-time source.
   *
   * @return a source reading {@link System#nanoTime()}
   */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}

/** Reads {@link System#nanoTime()}. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "TimeSource.system()";
  }
}
