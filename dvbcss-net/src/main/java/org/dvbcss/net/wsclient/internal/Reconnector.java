package org.dvbcss.net.wsclient.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.net.wsclient.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * The reconnect state machine of a WebSocket client, with no sockets: it is told what happens to
 * each connection attempt ({@link #opened()}, {@link #attemptFailed}, {@link #closed}) and decides
 * when to begin the next one, through a {@link Driver} that begins attempts and schedules timers.
 *
 * <p>States: idle (not started), connecting (an attempt in progress), open, waiting (a retry timer
 * pending), stopped (no reconnection configured and the connection ended), and closed. After a
 * failed attempt or the end of an open connection it waits {@link Backoff#delayNanos(int)} for
 * retry number {@code n} and begins again, unless {@link #requestClose()} was called; {@code n}
 * grows by one per wait (at most 1,000) and goes back to 0 when a connection has stayed open for at
 * least {@link Backoff#max()}, read from the injected {@link TimeSource}. Without a backoff every
 * end is final.
 *
 * <p>Threading: {@link #requestClose()}, {@link #isCloseRequested()} and {@link #reconnects()} may
 * be called from any thread; every other method, and every call to the driver, happens on one
 * thread (the client's event loop), one at a time.
 */
public final class Reconnector {
  /** What the machine makes happen. Called on the machine's thread. */
  public interface Driver {
    /** Begins one connection attempt; its outcome comes back as an event. */
    void connect();

    /**
     * Runs a task once after a delay, on the machine's thread.
     *
     * @param task what to run
     * @param delayNanos the delay, nanoseconds, not negative
     * @return cancels the task if it has not run
     */
    Runnable schedule(Runnable task, long delayNanos);

    /**
     * Nothing more will happen: close was requested and no attempt or connection is left. May be
     * called more than once.
     */
    void terminated();
  }

  /** Where the machine is. */
  public enum State {
    /** Not started. */
    IDLE,
    /** An attempt is in progress. */
    CONNECTING,
    /** A connection is open. */
    OPEN,
    /** Waiting for the retry timer. */
    WAITING,
    /** Ended with no reconnection configured. */
    STOPPED,
    /** Closed on request. */
    CLOSED
  }

  private final @Nullable Backoff backoff;
  private final TimeSource time;
  private final Driver driver;
  private final AtomicBoolean closeRequested = new AtomicBoolean();

  private State state = State.IDLE;
  private @Nullable Runnable cancelTimer;
  private int retry;
  private long openedAtNanos;
  private volatile long reconnects;

  /**
   * A machine in the idle state.
   *
   * @param backoff the delays between attempts, or null for no reconnection
   * @param time what {@link #opened()} and {@link #closed} read, nanoseconds
   * @param driver begins attempts and schedules the retry timer
   */
  public Reconnector(@Nullable Backoff backoff, TimeSource time, Driver driver) {
    this.backoff = backoff;
    this.time = Objects.requireNonNull(time, "time");
    this.driver = Objects.requireNonNull(driver, "driver");
  }

  /**
   * Where the machine is.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * Which retry the next wait is for: 0 before the first.
   *
   * @return the retry number
   */
  public int retry() {
    return retry;
  }

  /**
   * Attempts begun by the retry timer. Any thread.
   *
   * @return a count
   */
  public long reconnects() {
    return reconnects;
  }

  /**
   * Begins the first attempt.
   *
   * @throws IllegalStateException unless idle
   */
  public void start() {
    if (state != State.IDLE) {
      throw new IllegalStateException("already started: " + state);
    }
    connect();
  }

  /** The attempt in progress completed its handshake. */
  public void opened() {
    state = State.OPEN;
    openedAtNanos = time.nanoTime();
  }

  /**
   * The attempt in progress failed before it opened.
   *
   * @param report called first, unless close was requested (then nothing is reported)
   */
  public void attemptFailed(Runnable report) {
    if (closeRequested.get()) {
      finish();
      return;
    }
    report.run();
    retryOrStop();
  }

  /**
   * The open connection ended.
   *
   * @param report called first with whether the machine will try to connect again
   */
  public void closed(Consumer<Boolean> report) {
    Backoff b = backoff;
    if (b != null && time.nanoTime() - openedAtNanos >= b.max().toNanos()) {
      retry = 0; // it stayed up: start again from the initial delay
    }
    report.accept(b != null && !closeRequested.get());
    retryOrStop();
  }

  /**
   * Asks the machine to stop; it begins no attempt after this. Any thread; follow it with {@link
   * #stop()} on the machine's thread.
   *
   * @return true the first time
   */
  public boolean requestClose() {
    return closeRequested.compareAndSet(false, true);
  }

  /**
   * Whether {@link #requestClose()} has been called. Any thread.
   *
   * @return whether closing
   */
  public boolean isCloseRequested() {
    return closeRequested.get();
  }

  /**
   * Stops after {@link #requestClose()}: cancels a pending retry and, if no attempt or connection
   * is left, terminates.
   *
   * @return true if an attempt is in progress or a connection is open, which the caller must now
   *     end (its end comes back as {@link #attemptFailed} or {@link #closed}, and then the machine
   *     terminates)
   */
  public boolean stop() {
    closeRequested.set(true);
    Runnable cancel = cancelTimer;
    if (cancel != null) {
      cancelTimer = null;
      cancel.run();
    }
    if (state == State.CONNECTING || state == State.OPEN) {
      return true;
    }
    finish();
    return false;
  }

  private void connect() {
    if (closeRequested.get()) {
      finish();
      return;
    }
    state = State.CONNECTING;
    driver.connect();
  }

  private void retryOrStop() {
    Backoff b = backoff;
    if (closeRequested.get()) {
      finish();
      return;
    }
    if (b == null) {
      state = State.STOPPED;
      return;
    }
    long delay = b.delayNanos(retry);
    retry = Math.min(retry + 1, 1000);
    state = State.WAITING;
    cancelTimer =
        driver.schedule(
            () -> {
              cancelTimer = null;
              if (!closeRequested.get()) {
                reconnects++;
              }
              connect();
            },
            delay);
  }

  private void finish() {
    state = State.CLOSED;
    driver.terminated();
  }
}
