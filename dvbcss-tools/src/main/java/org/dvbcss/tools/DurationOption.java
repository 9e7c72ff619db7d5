package org.dvbcss.tools;

import picocli.CommandLine.Option;

/**
 * The {@code --duration SECONDS} option of the commands that run until stopped: 0 (the default)
 * runs until stopped, a positive number stops after that many seconds. A picocli mixin; commands
 * check the value themselves, with their own message, before they use it.
 *
 * <p>Not thread safe: picocli sets it while parsing, the command then reads it.
 */
public final class DurationOption {
  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Stop after this many seconds; 0 runs until stopped (default: ${DEFAULT-VALUE}).")
  private double seconds;

  /**
   * The value given.
   *
   * @return seconds; 0 for until stopped (possibly negative or NaN if so given)
   */
  public double seconds() {
    return seconds;
  }

  /**
   * The run length the value gives.
   *
   * @return how long to run
   * @throws IllegalArgumentException if the value is negative or NaN
   */
  public RunLength runLength() {
    return RunLength.ofSeconds(seconds);
  }
}
