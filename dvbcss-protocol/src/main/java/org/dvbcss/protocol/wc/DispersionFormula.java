package org.dvbcss.protocol.wc;

import java.util.EnumSet;
import java.util.Set;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * The dispersion formula of {@link Candidate#correlationFor(CorrelatedClock, double)} and of the
 * algorithms, with the possibility of leaving terms out. Only the full formula is honest; the
 * others exist so that tests can show each term is needed. Immutable and thread safe.
 */
final class DispersionFormula {
  /** A term of the error bound. */
  enum Term {
    /** Half the round-trip time, in the initial error. */
    HALF_RTT,
    /** The server's precision, in the initial error. */
    SERVER_PRECISION,
    /** The local clock's precision, added to the wall clock's dispersion by the local clock. */
    CLIENT_PRECISION,
    /**
     * {@code (mfeC + mfeS) * local precision}, in the initial error: the wall clock's dispersion is
     * judged at the local clock's reading, which may lag the true local time by up to the local
     * precision, and the bound grows over that lag too.
     */
    CLIENT_PRECISION_AGE,
    /** {@code mfeC * (t4 - t1)}, in the initial error. */
    CLIENT_FREQ_INITIAL,
    /**
     * {@code mfeS * (t4 - t1)}, in the initial error: the server's clock drifts over the network
     * time as well as over its own {@code t3 - t2}.
     */
    SERVER_FREQ_INITIAL,
    /** {@code mfeC}, in the growth rate. */
    CLIENT_FREQ_GROWTH,
    /** {@code mfeS}, in the growth rate. */
    SERVER_FREQ_GROWTH,
    /**
     * The division of the growth rate by {@code 1 - mfeC}: the bound grows per second of the local
     * clock, and a slow local clock counts fewer seconds than truly passed.
     */
    PER_LOCAL_SECOND
  }

  /** Every term: the honest formula. */
  static final DispersionFormula FULL = new DispersionFormula(EnumSet.noneOf(Term.class));

  private final Set<Term> off;

  private DispersionFormula(Set<Term> off) {
    this.off = off;
  }

  /**
   * The formula with a term left out.
   *
   * @param term the term to leave out
   * @return a formula that is no longer honest
   */
  static DispersionFormula without(Term term) {
    return new DispersionFormula(EnumSet.of(term));
  }

  private double on(Term t) {
    return off.contains(t) ? 0 : 1;
  }

  /**
   * The correlation for a candidate; see {@link Candidate#correlationFor(CorrelatedClock, double)}.
   *
   * @throws IllegalArgumentException if the candidate's round-trip time is negative
   */
  Correlation correlation(Candidate c, CorrelatedClock wallClock, double localMaxFreqErrorPpm) {
    long rtt = c.rttNanos();
    if (rtt < 0) {
      throw new IllegalArgumentException(
          "a negative round-trip time (" + rtt + " ns) is an inconsistent measurement");
    }
    Clock local = wallClock.parent();
    double mfeC =
        (Double.isNaN(localMaxFreqErrorPpm)
                ? wallClock.rootMaxFreqErrorPpm()
                : localMaxFreqErrorPpm)
            / 1e6;
    if (!(mfeC < 1)) {
      throw new IllegalArgumentException(
          "a local clock that may be off by 10^6 ppm or more may stand still: no bound grows from"
              + " it ("
              + mfeC * 1e6
              + " ppm)");
    }
    double mfeS = c.serverMaxFreqErrorPpm() / 1e6;
    double parentTicks = local.nanosToTicks(c.t1() + (c.t4() - c.t1()) / 2.0);
    double childTicks = wallClock.nanosToTicks(c.t2() + (c.t3() - c.t2()) / 2.0);
    double growth =
        (on(Term.CLIENT_FREQ_GROWTH) * mfeC + on(Term.SERVER_FREQ_GROWTH) * mfeS)
            / (1 - on(Term.PER_LOCAL_SECOND) * mfeC);
    double readingLag = on(Term.CLIENT_PRECISION_AGE) * local.dispersionAtTime(parentTicks);
    double errorNanos =
        on(Term.HALF_RTT) * rtt / 2.0
            + on(Term.CLIENT_FREQ_INITIAL) * mfeC * (c.t4() - c.t1())
            + on(Term.SERVER_FREQ_INITIAL) * mfeS * (c.t4() - c.t1());
    return new Correlation(
        parentTicks,
        childTicks,
        on(Term.SERVER_PRECISION) * c.serverPrecision() + growth * readingLag + errorNanos / 1e9,
        growth);
  }

  /**
   * The dispersion a wall clock would have at an instant if it had a given correlation: the
   * correlation's error there plus (with the client precision term) the parent's dispersion, scaled
   * by the wall clock's speed as {@link Clock#dispersionAtTime} does (speed 1 for the offset-only
   * algorithms).
   *
   * @param wallClock the wall clock
   * @param c the correlation
   * @param parentTicks the instant, as ticks of the wall clock's parent
   * @return seconds; +infinity if the correlation's error is unknown
   */
  double dispersionAt(CorrelatedClock wallClock, Correlation c, double parentTicks) {
    Clock parent = wallClock.parent();
    double own = c.errorAt(parentTicks, parent.tickRate());
    return own == Double.POSITIVE_INFINITY
        ? own
        : own
            + on(Term.CLIENT_PRECISION)
                * Math.abs(wallClock.speed())
                * parent.dispersionAtTime(parentTicks);
  }

  /**
   * Whether a correlation would give the wall clock a lower dispersion than it has now.
   *
   * @param wallClock the wall clock
   * @param candidate the candidate correlation
   * @return true if {@code candidate} is strictly better now
   */
  boolean isBetterNow(CorrelatedClock wallClock, Correlation candidate) {
    double now = wallClock.parent().ticks();
    return dispersionAt(wallClock, candidate, now)
        < dispersionAt(wallClock, wallClock.correlation(), now);
  }

  /**
   * Whether a correlation contradicts the wall clock's: their intervals, each the estimate now plus
   * or minus its dispersion now, do not overlap. Two honest bounds both contain the truth, so this
   * means that one of them is not honest: under the declared conditions, the server's clock has
   * stepped.
   *
   * @param wallClock the wall clock (speed 1 relative to its parent)
   * @param candidate the candidate correlation
   * @return true if the intervals are disjoint; false while the wall clock's dispersion is infinite
   */
  boolean isInconsistentNow(CorrelatedClock wallClock, Correlation candidate) {
    Clock parent = wallClock.parent();
    double now = parent.ticks();
    Correlation current = wallClock.correlation();
    double dCurrent = dispersionAt(wallClock, current, now);
    double dCandidate = dispersionAt(wallClock, candidate, now);
    if (Double.isInfinite(dCurrent) || Double.isInfinite(dCandidate)) {
      return false;
    }
    double perParentTick = wallClock.tickRate() / parent.tickRate();
    double estimateNow = current.childTicks() + (now - current.parentTicks()) * perParentTick;
    double candidateNow = candidate.childTicks() + (now - candidate.parentTicks()) * perParentTick;
    double apartSeconds = Math.abs(candidateNow - estimateNow) / wallClock.tickRate();
    return apartSeconds > dCurrent + dCandidate;
  }
}
