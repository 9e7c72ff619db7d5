package org.dvbcss.tools.clocks;

import java.util.concurrent.Callable;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.tools.LoggingOptions;
import org.dvbcss.tools.Sleeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dvbcss clocks-demo}: shows the clock model on real time, printing a line of readings every
 * interval while {@link DemoScript#standard()} changes speed, pauses, slews, jumps, adds error and
 * adds an offset clock.
 *
 * <p>Not thread safe: one instance serves one run.
 */
@Command(
    name = "clocks-demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show the clock model at work on real time.",
      "",
      "A system clock drives a 100 ticks/s media timeline with a 10 ticks/s child clock, and a"
          + " short script changes its speed, pauses it, slews it, jumps it, gives it a growing"
          + " error and adds an offset clock. One line of readings is printed per interval;"
          + " each change is announced first by a line starting with '->'.",
      ""
    })
public final class ClocksDemoCommand implements Callable<Integer> {

  @Mixin private LoggingOptions logging;

  @Spec private CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "12",
      description =
          "Stop after this many seconds (default: ${DEFAULT-VALUE}; the script ends at 12).")
  private double durationSeconds;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "0.5",
      description = "Print the readings this often (default: ${DEFAULT-VALUE}).")
  private double intervalSeconds;

  private final TimeSource timeSource;
  private final Sleeper sleeper;

  /** On real time. */
  public ClocksDemoCommand() {
    this(TimeSource.system(), Sleeper.parking(TimeSource.system()));
  }

  /**
   * On any time, for tests.
   *
   * @param timeSource what the clocks read
   * @param sleeper paces the run on {@code timeSource}
   */
  ClocksDemoCommand(TimeSource timeSource, Sleeper sleeper) {
    this.timeSource = timeSource;
    this.sleeper = sleeper;
  }

  @Override
  public Integer call() {
    if (!(durationSeconds >= 0) || !(intervalSeconds > 0)) {
      throw new ParameterException(
          spec.commandLine(), "--duration must be >= 0 and --interval > 0 seconds");
    }
    new DemoRun(
            new DemoClocks(timeSource), DemoScript.standard(), sleeper, spec.commandLine().getOut())
        .run(durationSeconds, intervalSeconds);
    return 0;
  }
}
