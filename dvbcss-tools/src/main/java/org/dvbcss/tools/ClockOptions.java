package org.dvbcss.tools;

import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.SysClock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --clock-offset} and {@code --clock-drift} options of the tools that serve a wall clock
 * (a simulated TV whose clock is not this machine's): the wall clock reads, in nanoseconds,
 *
 * <pre>wall ns = monotonic ns + offset ns + monotonic ns &times; ppm / 10^6</pre>
 *
 * <p>where monotonic ns is {@code System.nanoTime()} (CLOCK_MONOTONIC on Linux, shared by every
 * process on the machine). So {@code wall - monotonic}, the true offset a client on the same
 * machine should measure at monotonic time {@code t} ns, is {@code offset ns + t × ppm / 10^6}.
 *
 * <p>A server on such a clock declares a maximum frequency error of {@link
 * #declaredMaxFreqErrorPpm(double) its own clock's declared figure + |ppm|}, so that a client's
 * error bound still covers the drift.
 *
 * <p>Add with {@code @Mixin ClockOptions clockOptions;}. Not thread safe; used once, on the main
 * thread.
 */
public final class ClockOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private double offsetSeconds;

  private double driftPpm;

  /** For picocli. */
  public ClockOptions() {}

  @Option(
      names = "--clock-offset",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Serve a wall clock this far ahead of this machine's monotonic clock, seconds; negative"
              + " for behind (default: ${DEFAULT-VALUE}).")
  private void offset(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new ParameterException(
          mixee.commandLine(), "--clock-offset must be finite seconds, was " + seconds);
    }
    offsetSeconds = seconds;
  }

  @Option(
      names = "--clock-drift",
      paramLabel = "PPM",
      defaultValue = "0",
      description =
          "Make the wall clock run this many parts per million fast (negative: slow) against the"
              + " monotonic clock: wall ns = monotonic ns + offset + monotonic ns * PPM / 10^6."
              + " The CSS-WC server then declares its maximum frequency error plus |PPM|"
              + " (default: ${DEFAULT-VALUE}).")
  private void drift(double ppm) {
    if (!Double.isFinite(ppm) || ppm <= -1e6) {
      throw new ParameterException(
          mixee.commandLine(), "--clock-drift must be finite and > -1000000 ppm, was " + ppm);
    }
    driftPpm = ppm;
  }

  /**
   * The offset asked for.
   *
   * @return seconds, finite (0 by default)
   */
  public double offsetSeconds() {
    return offsetSeconds;
  }

  /**
   * The drift asked for.
   *
   * @return parts per million, finite, more than -1e6 (0 by default)
   */
  public double driftPpm() {
    return driftPpm;
  }

  /**
   * Whether the options change the clock at all.
   *
   * @return true if the offset or the drift is not 0
   */
  public boolean isSet() {
    return offsetSeconds != 0 || driftPpm != 0;
  }

  /**
   * The wall clock to serve: {@link CorrelatedClock#offsetAndDrift(Clock, double, double)} on the
   * monotonic clock, or the monotonic clock itself when neither option is set (so that the default
   * behaves exactly as before the options existed).
   *
   * @param monotonic this machine's monotonic clock, nanoseconds ({@code new SysClock()})
   * @return the wall clock, nanoseconds
   */
  public Clock wallClock(SysClock monotonic) {
    return isSet() ? CorrelatedClock.offsetAndDrift(monotonic, offsetSeconds, driftPpm) : monotonic;
  }

  /**
   * The maximum frequency error a server on {@link #wallClock(SysClock)} declares: the monotonic
   * clock's declared figure plus {@code |ppm|}, since the wall clock differs from a true clock by
   * at most the one plus the other.
   *
   * @param ownPpm the monotonic clock's declared maximum frequency error, ppm
   * @return {@code ownPpm + |driftPpm()|}
   */
  public double declaredMaxFreqErrorPpm(double ownPpm) {
    return ownPpm + Math.abs(driftPpm);
  }
}
