package org.dvbcss.tools.clocks;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.dvbcss.tools.Sleeper;
import org.dvbcss.tools.clocks.DemoClocks.Sample;
import org.dvbcss.tools.clocks.DemoScript.Step;

/**
 * Plays a {@link DemoScript} on {@link DemoClocks}: sleeps until each step or sample is due, runs
 * the step (printing its explanation first) or prints the sample. A step due at the same time as a
 * sample runs first, so the sample shows its effect.
 *
 * <p>Not thread safe; confine to one thread.
 */
public final class DemoRun {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final DemoClocks clocks;
  private final DemoScript script;
  private final Sleeper sleeper;
  private final PrintWriter out;

  /**
   * Prepares a run.
   *
   * @param clocks the clocks, just built
   * @param script what to do
   * @param sleeper paces the run on the clocks' time source
   * @param out where the lines go
   */
  public DemoRun(DemoClocks clocks, DemoScript script, Sleeper sleeper, PrintWriter out) {
    this.clocks = clocks;
    this.script = script;
    this.sleeper = sleeper;
    this.out = out;
  }

  /**
   * Plays the script until it ends or {@code durationSeconds} have passed, whichever is first.
   *
   * @param durationSeconds the longest the run may take, seconds
   * @param intervalSeconds time between samples, seconds; positive
   */
  public void run(double durationSeconds, double intervalSeconds) {
    long end = toNanos(Math.min(durationSeconds, script.lengthSeconds()));
    long interval = toNanos(intervalSeconds);
    long start = clocks.startNanos();
    Deque<Step> pending = new ArrayDeque<>(script.steps());
    long nextSample = 0;
    out.println(
        "SysClock (1e9 ticks/s) -> TunableClock 'timeline' (100 ticks/s) -> CorrelatedClock"
            + " 'child' (10 ticks/s)");
    while (true) {
      long nextStep = pending.isEmpty() ? Long.MAX_VALUE : toNanos(pending.peek().atSeconds());
      long next = Math.min(nextStep, nextSample);
      if (next > end) {
        break;
      }
      sleeper.sleepUntil(start + next);
      if (nextStep <= nextSample) {
        Step step = pending.remove();
        out.println("-> " + step.explanation());
        step.action().accept(clocks);
      } else {
        out.println(format(clocks.sample()));
        nextSample += interval;
      }
      out.flush();
    }
  }

  /**
   * Formats a sample as one line, e.g. {@code t= 1.50 s timeline= 150.0 speed=1.00 child= 15.0
   * dispersion= 0.000 ms}, with {@code offset-clock=...} once there is one.
   *
   * @param sample the readings
   * @return the line
   */
  public static String format(Sample sample) {
    String line =
        String.format(
            Locale.ROOT,
            "t=%6.2f s  timeline=%8.1f  speed=%4.2f  child=%7.1f  dispersion=%7.3f ms",
            sample.elapsedSeconds(),
            sample.timelineTicks(),
            sample.speed(),
            sample.childTicks(),
            sample.dispersionMillis());
    return sample.offsetTicks().isPresent()
        ? line
            + String.format(Locale.ROOT, "  offset-clock=%8.1f", sample.offsetTicks().getAsDouble())
        : line;
  }

  private static long toNanos(double seconds) {
    return Math.round(seconds * NANOS_PER_SECOND);
  }
}
