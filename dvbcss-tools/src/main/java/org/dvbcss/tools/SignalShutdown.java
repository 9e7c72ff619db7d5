package org.dvbcss.tools;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server command cleanly on SIGTERM or SIGINT (Ctrl-C), the same way as when it ends by
 * itself: a JVM shutdown hook asks the command to stop, waits for it to close its servers (which
 * sends every WebSocket client close 1001) and print its last lines, then ends the process with
 * exit status 0. If the command has not finished within the bound, the process ends with status 1
 * instead of hanging.
 *
 * <p>Use it around the whole run, closing it last:
 *
 * <pre>{@code
 * try (SignalShutdown shutdown = SignalShutdown.install(out)) {
 *   try (WebSocketServer server = ...) {
 *     while (!shutdown.awaitStop(nextDeadline)) { ... }
 *   }
 *   out.println("final report");
 * }
 * }</pre>
 *
 * <p>Thread safe: {@link #awaitStop} and {@link #stopRequested} may be called from any thread; the
 * hook runs on the JVM's shutdown thread.
 */
public final class SignalShutdown implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignalShutdown.class);

  /**
   * How long the hook waits for the command to finish: longer than a WebSocket server's close
   * (about 4 s with the default shutdown timeout) plus a CSS-WC server's (about 1 s).
   */
  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final PrintWriter out;
  private final Duration bound;
  private final Runnable onStop;
  private final Thread hook;

  private SignalShutdown(PrintWriter out, Duration bound, Runnable onStop) {
    this.out = out;
    this.bound = bound;
    this.onStop = onStop;
    this.hook = new Thread(this::onSignal, "dvbcss-shutdown");
  }

  /**
   * Installs the hook with the default bound.
   *
   * @param out the command's output, flushed before the process ends
   * @return the installed hook; close it when the command has finished
   */
  public static SignalShutdown install(PrintWriter out) {
    return install(out, DEFAULT_BOUND, () -> {});
  }

  /**
   * Installs the hook.
   *
   * @param out the command's output, flushed before the process ends
   * @param bound how long to wait for the command to finish after a signal
   * @param onStop also run when a signal arrives, on the shutdown thread, to wake the command if it
   *     waits on something other than {@link #awaitStop}
   * @return the installed hook; close it when the command has finished
   */
  public static SignalShutdown install(PrintWriter out, Duration bound, Runnable onStop) {
    SignalShutdown shutdown = new SignalShutdown(out, bound, onStop);
    Runtime.getRuntime().addShutdownHook(shutdown.hook);
    return shutdown;
  }

  private void onSignal() {
    stopRequested.countDown();
    try {
      onStop.run();
    } catch (RuntimeException e) {
      log.warn("stopping failed", e);
    }
    boolean done;
    try {
      done = finished.await(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      done = false;
    }
    if (!done) {
      log.warn("did not stop within {} s; exiting anyway", bound.toSeconds());
    }
    out.flush();
    System.out.flush();
    System.err.flush();
    // the JVM would otherwise report the signal (143 or 130); a clean stop is a success
    Runtime.getRuntime().halt(done ? 0 : 1);
  }

  /**
   * Whether a signal has asked the command to stop.
   *
   * @return true once SIGTERM or SIGINT arrived
   */
  public boolean stopRequested() {
    return stopRequested.getCount() == 0;
  }

  /**
   * Waits until a deadline or until a signal asks the command to stop, whichever comes first.
   *
   * <p>An interrupt of the calling thread also asks the command to stop (the way an embedding
   * program or a test ends a command running on its own thread): this returns true and leaves the
   * thread's interrupt status set.
   *
   * @param deadlineNanos a {@link System#nanoTime()} reading; {@link Long#MAX_VALUE} for none
   * @return true if asked to stop, false at the deadline
   */
  public boolean awaitStop(long deadlineNanos) {
    long now = System.nanoTime();
    long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - now;
    try {
      return stopRequested.await(Math.max(0, wait), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * The command has finished (its servers are closed and its last lines printed): removes the hook,
   * or, if a signal is being handled, lets the hook end the process with status 0.
   */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook ends the process
    }
  }
}
