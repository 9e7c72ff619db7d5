package org.dvbcss.companion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.jspecify.annotations.Nullable;

/**
 * Samples a companion's timeline continuously, on a thread of its own, and checks every sample
 * against the TV's true timeline: the error, read through the machine clock (the TV's position just
 * before and just after the companion's; the error is the distance from the companion's reading to
 * that interval), must not exceed the bound the companion reports for that reading (the timeline
 * clock's dispersion at the ticks it read, with the same clock state). Nothing is added to the
 * bound.
 *
 * <p>Samples are taken while the companion's timeline is available. Those taken while a TV control
 * is in flight (from just before the test acts on the TV until the companion has applied the
 * resulting change) are excluded and counted: a change the TV has not sent yet, or the companion
 * has not heard yet, cannot be in any bound. A sample during which the companion's clocks changed
 * state (a new wall clock measurement or control timestamp between its reads) is taken again.
 *
 * <p>Threading: {@link #start()}, {@link #control}, {@link #close()} and the read-outs from the
 * test thread; the {@link Companion.Listener} methods on the companion's threads; the sampling on
 * its own.
 */
final class BoundSampler implements Companion.Listener, AutoCloseable {
  /** What ends a control's window: the companion applying the change. */
  enum Heard {
    /** A timing change; with a speed, one that leaves the companion's timeline at that speed. */
    TIMING,
    /** The timeline becoming unavailable. */
    UNAVAILABLE,
    /** The timeline becoming available. */
    AVAILABLE
  }

  /** Something that acts on the TV. */
  interface Act {
    void run() throws Exception;
  }

  /** One control's window: open from before the act until the companion has applied its result. */
  private static final class Window {
    final String name;
    final Heard heard;
    final double speed; // NaN: any
    final long openedNanos = System.nanoTime();
    final CountDownLatch closed = new CountDownLatch(1);
    boolean acted; // guarded by the sampler
    boolean wasHeard; // guarded by the sampler
    long closedNanos; // guarded by the sampler

    Window(String name, Heard heard, double speed) {
      this.name = name;
      this.heard = heard;
      this.speed = speed;
    }
  }

  private final Companion companion;
  private final double scale;
  private final long periodNanos;
  private volatile Clock truth;
  private volatile @Nullable Window window;
  private final AtomicLong generation = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile @Nullable Throwable failure;

  // written by the sampling thread only; read after close()
  private long checked;
  private long excluded;
  private long unavailable;
  private long retaken;
  private long unbounded;
  private long violations;
  private double maxRatio;
  private double maxErrorSeconds;
  private final List<String> firstViolations = new ArrayList<>();

  // written by the test thread
  private final List<String> windows = new ArrayList<>();
  private long longestWindowNanos;

  /**
   * A sampler of {@code companion} against {@code truth}.
   *
   * @param companion the companion, whose listener this must be added as
   * @param truth the TV's timeline clock, at the same tick rate as the companion's
   * @param boundScale the bound the check uses is the companion's times this; 1 for the true check
   * @param periodMillis time between samples
   */
  BoundSampler(Companion companion, Clock truth, double boundScale, long periodMillis) {
    this.companion = companion;
    this.truth = truth;
    this.scale = boundScale;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.thread = new Thread(this::run, "bound-sampler");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Sets the TV's timeline clock, for a new TV; call it within a control's act.
   *
   * @param truth the new TV's timeline clock
   */
  void truth(Clock truth) {
    this.truth = truth;
  }

  /**
   * Runs {@code act} on the TV inside a window that excludes samples, and waits until the companion
   * has applied its result.
   *
   * @param name for the messages
   * @param heard what the companion does once it has applied the change
   * @param speed with {@link Heard#TIMING}, the speed the change leaves; NaN for any
   * @param act what to do to the TV
   * @param timeoutMillis how long the companion may take
   * @return how long the window was open, nanoseconds
   * @throws AssertionError if the companion did not apply it in time
   */
  long control(String name, Heard heard, double speed, long timeoutMillis, Act act)
      throws Exception {
    Window w = new Window(name, heard, speed);
    synchronized (this) {
      window = w;
      generation.incrementAndGet();
    }
    act.run();
    synchronized (this) {
      w.acted = true;
      tryClose(w);
    }
    if (!w.closed.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the companion did not apply '" + name + "' within " + timeoutMillis + " ms");
    }
    long open = w.closedNanos - w.openedNanos;
    windows.add(String.format(Locale.ROOT, "%s %.1f ms", name, open / 1e6));
    longestWindowNanos = Math.max(longestWindowNanos, open);
    return open;
  }

  private synchronized void heard(Heard what) {
    Window w = window;
    if (w == null || w.heard != what) {
      return;
    }
    if (what == Heard.TIMING
        && !Double.isNaN(w.speed)
        && companion.timelineClock().speed() != w.speed) {
      return;
    }
    w.wasHeard = true;
    tryClose(w);
  }

  private void tryClose(Window w) { // under this
    if (w.acted && w.wasHeard && window == w) {
      window = null;
      generation.incrementAndGet();
      w.closedNanos = System.nanoTime();
      w.closed.countDown();
    }
  }

  @Override
  public void timingChanged(boolean speedChanged) {
    heard(Heard.TIMING);
  }

  @Override
  public void timelineAvailable() {
    heard(Heard.AVAILABLE);
  }

  @Override
  public void timelineUnavailable() {
    heard(Heard.UNAVAILABLE);
  }

  /**
   * Keeps sampling for a while.
   *
   * @param millis how long
   */
  void stretch(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private void run() {
    try {
      while (running) {
        long next = System.nanoTime() + periodNanos;
        sample();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (InterruptedException e) {
      // closing
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void sample() {
    for (int attempt = 0; attempt < 10; attempt++) {
      if (sampleOnce()) {
        return;
      }
      retaken++;
    }
  }

  /** One sample; false if the companion's clocks changed during it (take it again). */
  private boolean sampleOnce() {
    long gen = generation.get();
    boolean openAtStart = window != null;
    Clock tv = truth;
    CorrelatedClock timeline = companion.timelineClock();
    CorrelatedClock wall = companion.wallClock();
    if (!timeline.isAvailable()) {
      unavailable++;
      return true;
    }
    Correlation timelineState = timeline.correlation();
    double speed = timeline.speed();
    double rate = timeline.tickRate();
    Correlation wallState = wall.correlation();
    double wallSpeed = wall.speed();

    double before = tv.ticks();
    double estimated = timeline.ticks();
    double after = tv.ticks();
    double bound = timeline.dispersionAtTime(estimated) * scale;

    boolean same =
        timeline == companion.timelineClock()
            && timeline.isAvailable()
            && timelineState.equals(timeline.correlation())
            && speed == timeline.speed()
            && rate == timeline.tickRate()
            && wallState.equals(wall.correlation())
            && wallSpeed == wall.speed();
    if (!same) {
      return false;
    }
    if (openAtStart || window != null || gen != generation.get()) {
      excluded++;
      return true;
    }
    if (rate != tv.tickRate()) {
      throw new AssertionError("tick rates differ: companion " + rate + ", TV " + tv.tickRate());
    }
    checked++;
    double error = CompanionTest.distanceToInterval(estimated, before, after) / rate;
    if (bound == Double.POSITIVE_INFINITY) {
      unbounded++; // before the first wall clock measurement: checked, trivially
    } else {
      maxErrorSeconds = Math.max(maxErrorSeconds, error);
      if (bound > 0) {
        maxRatio = Math.max(maxRatio, error / bound);
      }
    }
    if (error > bound) {
      violations++;
      if (firstViolations.size() < 5) {
        firstViolations.add(
            String.format(
                Locale.ROOT,
                "error %.6f s > bound %.6f s (speed %s, wall dispersion %.6f s)",
                error,
                bound,
                speed,
                wall.dispersion()));
      }
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
    if (failure != null) {
      throw new AssertionError("the sampler failed", failure);
    }
  }

  long checked() {
    return checked;
  }

  /**
   * The checked samples whose bound was finite.
   *
   * @return a count
   */
  long checkedWithFiniteBound() {
    return checked - unbounded;
  }

  long excluded() {
    return excluded;
  }

  long violations() {
    return violations;
  }

  double maxRatio() {
    return maxRatio;
  }

  long longestWindowNanos() {
    return longestWindowNanos;
  }

  /** A one-line account of the run, for assertion messages and logs. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "checked %d (%d with an infinite bound), excluded %d (%.2f%%), unavailable %d,"
            + " retaken %d, violations %d, largest error with a finite bound %.6f s,"
            + " largest error/bound %.4f; windows %s; first violations %s",
        checked,
        unbounded,
        excluded,
        100.0 * excluded / Math.max(1, checked + excluded),
        unavailable,
        retaken,
        violations,
        maxErrorSeconds,
        maxRatio,
        windows,
        firstViolations);
  }
}
