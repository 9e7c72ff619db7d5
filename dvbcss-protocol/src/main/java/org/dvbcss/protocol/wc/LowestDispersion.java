package org.dvbcss.protocol.wc;

import java.time.Duration;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * The recommended algorithm: keep whichever measurement gives the lowest dispersion now.
 *
 * <p>For each candidate it compares, at the current instant, the dispersion the wall clock has with
 * the dispersion it would have with the candidate's correlation, and takes the candidate if it is
 * strictly lower. Because a correlation's error grows with the time since its measurement, a fresh
 * measurement eventually beats an old excellent one, so a drifting server is tracked. The wall
 * clock starts with infinite dispersion ({@link WallClockAlgorithm#start}), so the first candidate
 * is always taken.
 *
 * <p><b>Inconsistency.</b> A candidate whose interval (its estimate now, plus or minus its
 * dispersion now) does not overlap the wall clock's interval is taken whatever its dispersion, and
 * counted by {@link #inconsistencies()}. Two honest bounds always overlap, so this happens only if
 * a declared condition failed, typically a step of the server's clock; taking the new measurement
 * is how the wall clock re-converges after such a step.
 *
 * <p>Pacing: a request every {@code repeatInterval} after a response (taken or not); after a
 * timeout the next request goes at once (the timeout itself already spaced it).
 *
 * <p>Not thread safe: confine to the client core's thread.
 */
public final class LowestDispersion implements WallClockAlgorithm {
  /** The default interval between requests: 1 s. */
  public static final Duration DEFAULT_REPEAT = Duration.ofSeconds(1);

  /** The default response timeout: 200 ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

  private final Pacing pacing;
  private final double localMaxFreqErrorPpm;
  private final DispersionFormula formula;
  private long updates;
  private long inconsistencies;

  /** Repeat 1 s, timeout 200 ms, the local clock's frequency error taken from its root. */
  public LowestDispersion() {
    this(DEFAULT_REPEAT, DEFAULT_TIMEOUT, Double.NaN);
  }

  /**
   * An algorithm.
   *
   * @param repeatInterval time between a response and the next request; not negative
   * @param responseTimeout how long to wait for a response; positive
   * @param localMaxFreqErrorPpm the local clock's maximum frequency error, ppm; NaN to use the wall
   *     clock's {@code rootMaxFreqErrorPpm()}
   */
  public LowestDispersion(
      Duration repeatInterval, Duration responseTimeout, double localMaxFreqErrorPpm) {
    this(repeatInterval, responseTimeout, localMaxFreqErrorPpm, DispersionFormula.FULL);
  }

  /** An algorithm computing its bounds with the given formula (tests leave terms out). */
  LowestDispersion(
      Duration repeatInterval,
      Duration responseTimeout,
      double localMaxFreqErrorPpm,
      DispersionFormula formula) {
    this.formula = formula;
    this.pacing = Pacing.of(repeatInterval, responseTimeout);
    this.localMaxFreqErrorPpm = localMaxFreqErrorPpm;
  }

  @Override
  public long responseTimeoutNanos() {
    return pacing.timeoutNanos();
  }

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    Correlation c = formula.correlation(candidate, wallClock, localMaxFreqErrorPpm);
    if (formula.isInconsistentNow(wallClock, c)) {
      inconsistencies++;
      wallClock.setCorrelation(c);
      updates++;
    } else if (formula.isBetterNow(wallClock, c)) {
      wallClock.setCorrelation(c);
      updates++;
    }
    return pacing.repeatNanos();
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    return 0;
  }

  /**
   * How many candidates were taken.
   *
   * @return a count
   */
  public long updates() {
    return updates;
  }

  /**
   * How many candidates contradicted the wall clock (their intervals did not overlap) and were
   * taken for that reason; each is also counted by {@link #updates()}.
   *
   * @return a count
   */
  public long inconsistencies() {
    return inconsistencies;
  }
}
