package org.dvbcss.tools.clocks;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the demo does and when: steps at times after the start, and how long to keep watching.
 *
 * <p>Immutable, if its actions are.
 *
 * @param steps the steps, in time order
 * @param lengthSeconds when the script is over, seconds after the start
 */
public record DemoScript(List<Step> steps, double lengthSeconds) {

  /** Copies the steps, sorted by time, and checks they all happen within the script. */
  public DemoScript {
    steps = steps.stream().sorted(Comparator.comparingDouble(Step::atSeconds)).toList();
    for (Step step : steps) {
      if (!(step.atSeconds() >= 0 && step.atSeconds() <= lengthSeconds)) {
        throw new IllegalArgumentException(
            "step at "
                + step.atSeconds()
                + " s is outside the script (0.."
                + lengthSeconds
                + " s)");
      }
    }
  }

  /**
   * One change to the clocks, with the line that explains it.
   *
   * @param atSeconds when, seconds after the start
   * @param explanation what the change does, for the reader
   * @param action the change
   */
  public record Step(double atSeconds, String explanation, Consumer<DemoClocks> action) {}

  /**
   * The standard tour: speeds, pause and resume, slew, a jump, a growing error, an offset clock.
   *
   * @return the script, 12 seconds long
   */
  public static DemoScript standard() {
    return new DemoScript(
        List.of(
            new Step(
                0.0,
                "speed 1.0: the timeline counts 100 ticks per second, its child 10",
                clocks -> {}),
            new Step(
                1.5,
                "speed 2.0: the timeline now runs twice as fast",
                clocks -> clocks.timeline().setSpeed(2.0)),
            new Step(
                3.0,
                "speed 0.0: paused, the reading freezes",
                clocks -> clocks.timeline().setSpeed(0.0)),
            new Step(
                4.5,
                "speed 1.0: resumed from where it froze, no jump",
                clocks -> clocks.timeline().setSpeed(1.0)),
            new Step(
                6.0,
                "slew +10 ticks/s: speed 1.1, catching up gently",
                clocks -> clocks.timeline().setSlew(10)),
            new Step(7.0, "slew 0: back to speed 1.0", clocks -> clocks.timeline().setSlew(0)),
            new Step(
                7.5,
                "adjustTicks(+50): the reading jumps 50 ticks (0.5 s) at once",
                clocks -> clocks.timeline().adjustTicks(50)),
            new Step(
                8.5,
                "setError(5 ms, growing 10 ms/s): the dispersion grows as time passes",
                clocks -> clocks.timeline().setError(0.005, 0.010)),
            new Step(
                10.0,
                "OffsetClock +0.5 s: runs 50 ticks ahead of the timeline (for rendering latency)",
                clocks -> clocks.addOffsetClock(0.5))),
        12.0);
  }
}
