package org.dvbcss.companion.check;

import java.util.List;
import java.util.Objects;

/**
 * The grading of the TV wall clock's rate (R-WC-6), as a pure function of the measurements: the
 * relative frequency of the TV's wall clock against this machine's monotonic clock, from the
 * lowest-dispersion exchange near the start and the one near the end of the run, with its
 * uncertainty from their error bounds over the span between them.
 *
 * <p>Stateless; thread safe.
 */
final class WcRate {
  /** The share of the run, at each end, from which the best exchange is taken. */
  static final double END_WINDOW_SHARE = 0.1;

  private WcRate() {}

  /**
   * One exchange, reduced to what the rate needs.
   *
   * @param localNanos the midpoint of the exchange (t1 + t4) / 2, this machine's monotonic clock,
   *     nanoseconds
   * @param offsetNanos the TV's wall clock minus this machine's clock at that midpoint, nanoseconds
   * @param errorNanos the honest error bound of {@code offsetNanos}, nanoseconds, not negative
   *     <p>Immutable; thread safe.
   */
  record Sample(double localNanos, double offsetNanos, double errorNanos) {
    Sample {
      if (!(errorNanos >= 0)) {
        throw new IllegalArgumentException("errorNanos must be >= 0: " + errorNanos);
      }
    }
  }

  /**
   * The grade.
   *
   * @param status PASS, WARN or INFO (not graded)
   * @param message what was found, in words
   * @param declaredPpm the server's declared maximum frequency error, ppm
   * @param measuredPpm the measured relative frequency, ppm (positive: the TV's clock runs fast);
   *     NaN when not measured
   * @param uncertaintyPpm the uncertainty of {@code measuredPpm}, ppm; NaN when not measured
   * @param allowedPpm what {@code |measuredPpm|} may reach before a WARN: declared + local +
   *     uncertainty, ppm; NaN when not measured
   * @param spanSeconds seconds from the first exchange to the last (the span graded); 0 when not
   *     measured
   *     <p>Immutable; thread safe.
   */
  record Grade(
      Status status,
      String message,
      double declaredPpm,
      double measuredPpm,
      double uncertaintyPpm,
      double allowedPpm,
      double spanSeconds) {
    Grade {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Grades the rate.
   *
   * @param samples the exchanges, in any order
   * @param declaredPpm the maximum frequency error the server declares, ppm
   * @param localPpm the frequency error assumed for this machine's monotonic clock, ppm
   * @param minSpanSeconds the span below which the rate is reported but not graded, seconds
   * @return WARN if the declaration exceeds 500 ppm, or if the measured rate exceeds the
   *     declaration plus the local error plus the uncertainty; INFO if the span is too short or
   *     there are too few samples; otherwise PASS
   */
  static Grade grade(
      List<Sample> samples, double declaredPpm, double localPpm, double minSpanSeconds) {
    boolean declaredTooHigh = declaredPpm > 500;
    String declaredText =
        declaredTooHigh
            ? String.format("declared max_freq_error %.3f ppm exceeds 500 ppm; ", declaredPpm)
            : "";
    if (samples.size() < 2) {
      return new Grade(
          declaredTooHigh ? Status.WARN : Status.INFO,
          declaredText + "rate not measured: fewer than two exchanges",
          declaredPpm,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          0);
    }
    double first = Double.POSITIVE_INFINITY;
    double last = Double.NEGATIVE_INFINITY;
    for (Sample s : samples) {
      first = Math.min(first, s.localNanos());
      last = Math.max(last, s.localNanos());
    }
    double window = (last - first) * END_WINDOW_SHARE;
    Sample start = null;
    Sample end = null;
    for (Sample s : samples) {
      if (s.localNanos() <= first + window
          && (start == null || s.errorNanos() < start.errorNanos())) {
        start = s;
      }
      if (s.localNanos() >= last - window && (end == null || s.errorNanos() < end.errorNanos())) {
        end = s;
      }
    }
    double spanNanos = end.localNanos() - start.localNanos();
    if (!(spanNanos > 0)) {
      return new Grade(
          declaredTooHigh ? Status.WARN : Status.INFO,
          declaredText + "rate not measured: the exchanges span no time",
          declaredPpm,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          0);
    }
    double measured = (end.offsetNanos() - start.offsetNanos()) / spanNanos * 1e6;
    double uncertainty = (end.errorNanos() + start.errorNanos()) / spanNanos * 1e6;
    double allowed = declaredPpm + localPpm + uncertainty;
    double spanSeconds = (last - first) / 1e9;
    String figures =
        String.format(
            "measured %+.3f ppm ± %.3f ppm between exchanges %.1f s apart (declared %.3f ppm,"
                + " local clock %.0f ppm)",
            measured, uncertainty, spanNanos / 1e9, declaredPpm, localPpm);
    if (spanSeconds < minSpanSeconds) {
      return new Grade(
          declaredTooHigh ? Status.WARN : Status.INFO,
          declaredText
              + figures
              + String.format(
                  "; measured over %.1f s; %.0f s needed to grade", spanSeconds, minSpanSeconds),
          declaredPpm,
          measured,
          uncertainty,
          allowed,
          spanSeconds);
    }
    boolean tooFast = Math.abs(measured) > allowed;
    Status status = declaredTooHigh || tooFast ? Status.WARN : Status.PASS;
    String verdict =
        tooFast
            ? String.format("; |rate| exceeds declared + local + uncertainty = %.3f ppm", allowed)
            : String.format("; within declared + local + uncertainty = %.3f ppm", allowed);
    return new Grade(
        status,
        declaredText + figures + verdict,
        declaredPpm,
        measured,
        uncertainty,
        allowed,
        spanSeconds);
  }
}
