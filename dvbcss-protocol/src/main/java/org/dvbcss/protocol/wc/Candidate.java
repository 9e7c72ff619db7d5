package org.dvbcss.protocol.wc;

import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * One measurement of the server's wall clock: the four timestamps of a request/response exchange
 * and what the server said about its clock.
 *
 * <p>{@code t1} and {@code t4} are readings of the client's local clock (the parent of the wall
 * clock being set) when the request left and the response arrived; {@code t2} and {@code t3} are
 * the server's wall clock readings when the request arrived and the response left. All four are
 * nanoseconds.
 *
 * <p>Immutable and thread safe.
 *
 * @param t1 request sent, local clock nanoseconds (the echoed originate value)
 * @param t2 request received, server wall clock nanoseconds
 * @param t3 response sent, server wall clock nanoseconds
 * @param t4 response received, local clock nanoseconds
 * @param serverPrecision the server clock's precision, seconds (decoded from the wire)
 * @param serverMaxFreqErrorPpm the server clock's maximum frequency error, ppm
 */
public record Candidate(
    long t1, long t2, long t3, long t4, double serverPrecision, double serverMaxFreqErrorPpm) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code t4 < t1}, or the precision or frequency error is
   *     negative or NaN
   */
  public Candidate {
    if (t4 < t1) {
      throw new IllegalArgumentException("t4 must not be before t1: t1=" + t1 + ", t4=" + t4);
    }
    if (!(serverPrecision >= 0)) {
      throw new IllegalArgumentException(
          "serverPrecision must be >= 0 seconds, was " + serverPrecision);
    }
    if (!(serverMaxFreqErrorPpm >= 0)) {
      throw new IllegalArgumentException(
          "serverMaxFreqErrorPpm must be >= 0, was " + serverMaxFreqErrorPpm);
    }
  }

  /**
   * The candidate a response makes, received at {@code t4}.
   *
   * @param response a message of type 1, 2 or 3
   * @param t4 when it arrived, local clock nanoseconds
   * @return the candidate
   * @throws IllegalArgumentException if the message is a request, or {@code t4} is before its
   *     originate value
   */
  public static Candidate of(WcMessage response, long t4) {
    if (!response.type().isResponse()) {
      throw new IllegalArgumentException("a candidate needs a response, not " + response.type());
    }
    return new Candidate(
        response.originateNanos(),
        response.receiveNanos(),
        response.transmitNanos(),
        t4,
        response.precisionSeconds(),
        response.maxFreqErrorPpm());
  }

  /**
   * The estimated offset of the server's wall clock from the local clock: {@code ((t3 + t2) - (t4 +
   * t1)) / 2}.
   *
   * @return nanoseconds (may have a half nanosecond)
   */
  public double offsetNanos() {
    return ((t3 - t4) + (t2 - t1)) / 2.0;
  }

  /**
   * The round-trip time spent on the network: {@code (t4 - t1) - (t3 - t2)}.
   *
   * @return nanoseconds; negative only if the server's clock claims more time passed than the
   *     client's did
   */
  public long rttNanos() {
    return (t4 - t1) - (t3 - t2);
  }

  /**
   * The correlation that sets a wall clock to the server's clock, with an honest error bound.
   *
   * <p>The wall clock's parent must be the local clock that {@code t1} and {@code t4} were read
   * from, and the wall clock must run at speed 1 relative to it (any tick rates). The correlation
   * ties the midpoint of t1 and t4 (converted to parent ticks) to the midpoint of t2 and t3
   * (converted to wall clock ticks). Its initial error, in seconds, is
   *
   * <pre>
   * serverPrecision + growth * localPrecision
   *     + (rtt / 2 + (mfeC + mfeS) * (t4 - t1)) / 1e9
   * </pre>
   *
   * with rtt and t1..t4 in nanoseconds, the precisions in seconds and the frequency errors as
   * fractions ({@code ppm / 1e6}); it grows by {@code (mfeC + mfeS) / (1 - mfeC)} seconds per
   * second of parent time (a local clock that runs slow by {@code mfeC} counts fewer seconds than
   * truly pass). The local clock's precision itself is not included: the local clock adds it to the
   * wall clock's dispersion. Its product with the growth rate is, because that dispersion is judged
   * at the local clock's reading, which may lag the true local time by up to the local precision.
   *
   * <p>A negative round-trip time means the timestamps contradict each other (the server claims
   * more time passed than the client measured); such a candidate has no honest correlation and is
   * refused, never treated as a round trip of 0.
   *
   * @param wallClock the clock to set; its parent is the local clock
   * @param localMaxFreqErrorPpm the local clock's maximum frequency error, ppm; NaN means {@code
   *     wallClock.rootMaxFreqErrorPpm()}
   * @return the correlation
   * @throws IllegalArgumentException if {@link #rttNanos()} is negative
   */
  public Correlation correlationFor(CorrelatedClock wallClock, double localMaxFreqErrorPpm) {
    return DispersionFormula.FULL.correlation(this, wallClock, localMaxFreqErrorPpm);
  }

  /**
   * The correlation for a wall clock, taking the local clock's frequency error from the root.
   *
   * @param wallClock the clock to set; its parent is the local clock
   * @return {@code correlationFor(wallClock, Double.NaN)}
   * @throws IllegalArgumentException if {@link #rttNanos()} is negative
   */
  public Correlation correlationFor(CorrelatedClock wallClock) {
    return correlationFor(wallClock, Double.NaN);
  }
}
