package org.dvbcss.protocol.wc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;

/**
 * An algorithm that estimates the relative frequency of the server's wall clock as well as its
 * offset, and so reports a much smaller honest bound than the offset-only algorithms when the
 * clocks' rates change slowly.
 *
 * <p><b>The extra condition it declares.</b> Besides the conditions of every algorithm (each
 * clock's rate within its declared maximum frequency error, readings within their precision, no
 * server clock step), this algorithm's bound also assumes that the <em>relative frequency</em> of
 * the server's wall clock against the local clock changes by at most {@code wanderPpmPerSecond} ppm
 * per second (the frequency wander). Without such a limit no past measurement says anything about
 * the future rate, and no bound smaller than the declared-limit one can be honest.
 *
 * <p><b>What it computes.</b> It keeps a window of recent candidates. Each is an interval: the
 * server's clock at the candidate's local instant is within the candidate's own error (the initial
 * error of {@link DispersionFormula}) of its estimate. Anchored at the newest candidate, the truth
 * is a line of slope {@code 1 + r} (r the relative frequency error there) plus a curvature of at
 * most {@code wander / 2 * x^2} at a distance x seconds, so each older interval is widened by that
 * much. The frequency range proven by the window is the intersection, over every pair of
 * candidates, of the slopes that join their widened intervals, and of the declared limits; the
 * offset range at the anchor is the intersection of every widened interval carried to the anchor
 * with the extremes of that frequency range. The wall clock is set to the centres, at speed {@code
 * 1 + r}; its bound at x seconds after the anchor is {@code e0 + dr * x + wander / 2 * x^2} (e0 and
 * dr the half-widths of the two ranges). The wall clock's linear dispersion cannot grow
 * quadratically, so the algorithm re-correlates at every response and every timeout, with a growth
 * rate that covers the quadratic for a horizon longer than the longest gap between two such calls
 * (twice the sum of its repeat interval, or the longest delay a pacing wrapper announced with
 * {@link #delaysUpTo}, the longest hold a burst announced with {@link #measurementsHeldUpTo}, and
 * the timeout; plus 1 s). When that growth would reach the declared-limit growth (few or close
 * candidates, or a long outage) it falls back to speed 1 and the declared-limit growth, which is
 * honest forever.
 *
 * <p><b>Contradictions.</b> A candidate whose interval does not overlap the wall clock's is taken,
 * the window is reset to it, and it is counted by {@link #inconsistencies()} (a server step, as in
 * {@link LowestDispersion}). If the window's intervals cannot all hold for one line (an empty
 * range), the oldest candidates are dropped until they can, counted by {@link #rejected()}.
 *
 * <p>Pacing: as {@link LowestDispersion}. Not thread safe: confine to the client core's thread.
 */
public final class FrequencyTracking implements WallClockAlgorithm {
  /** The default declared frequency wander: 0.1 ppm per second. */
  public static final double DEFAULT_WANDER_PPM_PER_SECOND = 0.1;

  /** The default number of candidates in the window: 32. */
  public static final int DEFAULT_WINDOW_SIZE = 32;

  /** The default longest span of the window: 60 s. */
  public static final Duration DEFAULT_WINDOW_SPAN = Duration.ofSeconds(60);

  /** A part of the bound, switched off only by tests that show it is needed. */
  enum Term {
    /** The proven frequency uncertainty, in the bound's growth. */
    FREQ_UNCERTAINTY,
    /** The declared wander: widening of the older intervals and the quadratic growth. */
    WANDER,
    /**
     * The horizon: the growth covers the quadratic term only up to it, so the algorithm
     * re-correlates at every timeout too (with a growth for the time since the anchor), and falls
     * back to the declared-limit growth where that is lower.
     */
    HORIZON,
    /** The reset on a contradiction and the dropping of candidates that cannot all hold. */
    OUTLIER_REJECTION
  }

  private record Sample(double parentTicks, double childTicks, double error, long t1) {}

  private final Pacing pacing;
  private final double localMaxFreqErrorPpm;
  private final double wander;
  private final int windowSize;
  private final long windowSpanNanos;
  private final Set<Term> off;
  private final ArrayDeque<Sample> window = new ArrayDeque<>();
  // the fit, anchored at the newest candidate
  private boolean fitted;
  private double anchorParent;
  private double anchorChild;
  private double rate;
  private double e0;
  private double dr;
  // the longest gap before a next request: the repeat interval, or a pacing wrapper's longest delay
  private long maxDelayNanos;
  // how long a wrapper may hold a measurement back before handing it over (Burst)
  private long heldNanos;
  private long updates;
  private long inconsistencies;
  private long rejected;

  private FrequencyTracking(Builder b, Set<Term> off) {
    this.pacing = Pacing.of(b.repeatInterval, b.responseTimeout);
    this.maxDelayNanos = pacing.repeatNanos();
    this.localMaxFreqErrorPpm = b.localMaxFreqErrorPpm;
    // per second of the local clock, which may run slow: 1 % covers any declared error < 0.5 %
    this.wander = b.wanderPpmPerSecond * 1e-6 * 1.01;
    this.windowSize = b.windowSize;
    this.windowSpanNanos = b.windowSpan.toNanos();
    this.off = off;
  }

  /** The defaults: repeat 1 s, timeout 200 ms, wander 0.1 ppm/s, 32 candidates over 60 s. */
  public FrequencyTracking() {
    this(builder());
  }

  /**
   * An algorithm from a builder's settings.
   *
   * @param builder the settings
   */
  public FrequencyTracking(Builder builder) {
    this(builder, EnumSet.noneOf(Term.class));
  }

  /** An algorithm with a part of its bound switched off (tests show each is needed). */
  static FrequencyTracking without(Builder builder, Term term) {
    return new FrequencyTracking(builder, EnumSet.of(term));
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link FrequencyTracking}: a mutable builder, not thread safe. */
  public static final class Builder {
    private Duration repeatInterval = LowestDispersion.DEFAULT_REPEAT;
    private Duration responseTimeout = LowestDispersion.DEFAULT_TIMEOUT;
    private double localMaxFreqErrorPpm = Double.NaN;
    private double wanderPpmPerSecond = DEFAULT_WANDER_PPM_PER_SECOND;
    private int windowSize = DEFAULT_WINDOW_SIZE;
    private Duration windowSpan = DEFAULT_WINDOW_SPAN;

    private Builder() {}

    /**
     * Time between a response and the next request.
     *
     * @param d not negative; default 1 s
     * @return this builder
     */
    public Builder repeatInterval(Duration d) {
      Dispersions.checkNanos("repeatInterval", d.toNanos(), true);
      repeatInterval = d;
      return this;
    }

    /**
     * How long to wait for a response.
     *
     * @param d positive; default 200 ms
     * @return this builder
     */
    public Builder responseTimeout(Duration d) {
      Dispersions.checkNanos("responseTimeout", d.toNanos(), false);
      responseTimeout = d;
      return this;
    }

    /**
     * The local clock's maximum frequency error.
     *
     * @param ppm ppm, not negative; NaN (the default) for the wall clock's {@code
     *     rootMaxFreqErrorPpm()}
     * @return this builder
     */
    public Builder localMaxFreqErrorPpm(double ppm) {
      if (!Double.isNaN(ppm) && !(ppm >= 0)) {
        throw new IllegalArgumentException("localMaxFreqErrorPpm must be >= 0 or NaN: " + ppm);
      }
      localMaxFreqErrorPpm = ppm;
      return this;
    }

    /**
     * The declared frequency wander: the largest rate of change of the relative frequency of the
     * server's wall clock against the local clock. The bound is honest only while it holds.
     *
     * @param ppmPerSecond ppm per second, positive and finite; default 0.1
     * @return this builder
     */
    public Builder wanderPpmPerSecond(double ppmPerSecond) {
      if (!(ppmPerSecond > 0) || Double.isInfinite(ppmPerSecond)) {
        throw new IllegalArgumentException(
            "wanderPpmPerSecond must be positive and finite: " + ppmPerSecond);
      }
      wanderPpmPerSecond = ppmPerSecond;
      return this;
    }

    /**
     * How many recent candidates the window keeps.
     *
     * @param n 2 to 1024; default 32
     * @return this builder
     */
    public Builder windowSize(int n) {
      if (n < 2 || n > 1024) {
        throw new IllegalArgumentException("windowSize must be 2..1024: " + n);
      }
      windowSize = n;
      return this;
    }

    /**
     * The longest time between the oldest and the newest candidate of the window.
     *
     * @param d positive; default 60 s
     * @return this builder
     */
    public Builder windowSpan(Duration d) {
      Dispersions.checkNanos("windowSpan", d.toNanos(), false);
      windowSpan = d;
      return this;
    }

    /**
     * The algorithm.
     *
     * @return a new algorithm with these settings
     */
    public FrequencyTracking build() {
      return new FrequencyTracking(this);
    }
  }

  private boolean on(Term t) {
    return !off.contains(t);
  }

  /**
   * Covers gaps up to {@code nanos} between calls: the growth of the bound is then computed for a
   * horizon of twice that (plus the response timeout) and 1 s, so the quadratic wander term is
   * covered however long the wrapper waits (up to its longest delay). Never shortens the horizon
   * below the one for this algorithm's own repeat interval.
   *
   * @param nanos the longest delay before a next request, nanoseconds; positive
   */
  @Override
  public void delaysUpTo(long nanos) {
    if (nanos <= 0) {
      throw new IllegalArgumentException("the longest delay must be positive: " + nanos);
    }
    maxDelayNanos = Math.max(pacing.repeatNanos(), nanos);
  }

  /**
   * Covers calls that come up to {@code nanos} late: the horizon grows by twice that.
   *
   * @param nanos the longest hold, nanoseconds; not negative
   */
  @Override
  public void measurementsHeldUpTo(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("the longest hold must not be negative: " + nanos);
    }
    heldNanos = nanos;
  }

  @Override
  public long responseTimeoutNanos() {
    return pacing.timeoutNanos();
  }

  private double growthLimit(CorrelatedClock wallClock, double serverPpm) {
    double mfeC =
        (Double.isNaN(localMaxFreqErrorPpm)
                ? wallClock.rootMaxFreqErrorPpm()
                : localMaxFreqErrorPpm)
            / 1e6;
    return (mfeC + serverPpm / 1e6) / (1 - mfeC);
  }

  private double limit; // the declared-limit growth, per local second

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    Correlation c = DispersionFormula.FULL.correlation(candidate, wallClock, localMaxFreqErrorPpm);
    limit = growthLimit(wallClock, candidate.serverMaxFreqErrorPpm());
    Clock parent = wallClock.parent();
    double now = parent.ticks();
    if (on(Term.OUTLIER_REJECTION) && contradicts(wallClock, c, now)) {
      inconsistencies++;
      window.clear();
    }
    window.addLast(new Sample(c.parentTicks(), c.childTicks(), c.initialError(), candidate.t1()));
    double spanTicks = windowSpanNanos / 1e9 * parent.tickRate();
    while (window.size() > windowSize
        || window.peekLast().parentTicks() - window.peekFirst().parentTicks() > spanTicks) {
      window.removeFirst();
    }
    fit(wallClock);
    updates++;
    recorrelate(wallClock, now);
    return pacing.repeatNanos();
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    if (fitted && on(Term.HORIZON)) {
      recorrelate(wallClock, wallClock.parent().ticks());
    }
    return 0;
  }

  /** Whether the candidate's interval now misses the wall clock's interval now. */
  private boolean contradicts(CorrelatedClock wallClock, Correlation c, double now) {
    double current = wallClock.dispersion();
    if (!fitted || Double.isInfinite(current)) {
      return false;
    }
    Clock parent = wallClock.parent();
    double candidateNow =
        c.childTicks() + (now - c.parentTicks()) * wallClock.tickRate() / parent.tickRate();
    double candidateDispersion = c.errorAt(now, parent.tickRate()) + parent.dispersion();
    double apart = Math.abs(candidateNow - wallClock.ticks()) / wallClock.tickRate();
    return apart > current + candidateDispersion;
  }

  /** Fits the window, anchored at its newest candidate; drops the oldest while it contradicts. */
  private void fit(CorrelatedClock wallClock) {
    double pRate = wallClock.parent().tickRate();
    double wRate = wallClock.tickRate();
    double w = on(Term.WANDER) ? wander : 0;
    while (true) {
      List<Sample> s = new ArrayList<>(window);
      Sample a = s.get(s.size() - 1);
      int n = s.size();
      double[] x = new double[n];
      double[] z = new double[n];
      double[] half = new double[n];
      for (int i = 0; i < n; i++) {
        Sample si = s.get(i);
        x[i] = (si.parentTicks() - a.parentTicks()) / pRate; // seconds, <= 0
        // the server's clock there, less a speed-1 line through the anchor's estimate: seconds
        z[i] = (si.childTicks() - a.childTicks()) / wRate - x[i];
        // a few nanoseconds for the rounding of tick values near 1e16
        half[i] = si.error() + w / 2 * x[i] * x[i] + 4e-9;
      }
      double rLo = -limit;
      double rHi = limit;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double span = x[j] - x[i];
          if (span <= 0) {
            continue;
          }
          rLo = Math.max(rLo, ((z[j] - half[j]) - (z[i] + half[i])) / span);
          rHi = Math.min(rHi, ((z[j] + half[j]) - (z[i] - half[i])) / span);
        }
      }
      double zLo = Double.NEGATIVE_INFINITY;
      double zHi = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double back = -x[i];
        zLo = Math.max(zLo, z[i] - half[i] + Math.min(rLo * back, rHi * back));
        zHi = Math.min(zHi, z[i] + half[i] + Math.max(rLo * back, rHi * back));
      }
      boolean empty = rLo > rHi || zLo > zHi;
      if (empty && on(Term.OUTLIER_REJECTION) && n > 1) {
        window.removeFirst();
        rejected++;
        continue;
      }
      if (empty) {
        // without rejection: collapse an empty range to its midpoint
        double rm = (rLo + rHi) / 2;
        rLo = rm;
        rHi = rm;
        double zm = (zLo + zHi) / 2;
        zLo = zm;
        zHi = zm;
      }
      anchorParent = a.parentTicks();
      anchorChild = a.childTicks() + (zLo + zHi) / 2 * wRate;
      rate = (rLo + rHi) / 2;
      dr = on(Term.FREQ_UNCERTAINTY) ? (rHi - rLo) / 2 : 0;
      e0 = (zHi - zLo) / 2;
      fitted = true;
      return;
    }
  }

  /** Sets the wall clock from the fit, for the time from now to the horizon. */
  private void recorrelate(CorrelatedClock wallClock, double now) {
    Clock parent = wallClock.parent();
    double pRate = parent.tickRate();
    double w = on(Term.WANDER) ? wander : 0;
    double x0 = Math.max(0, (now - anchorParent) / pRate);
    double horizon = 2 * ((double) maxDelayNanos + heldNanos + pacing.timeoutNanos()) / 1e9 + 1;
    double lag = parent.dispersionAtTime(now);
    double bound = e0 + dr * x0 + w / 2 * x0 * x0;
    double childNow =
        anchorChild + (now - anchorParent) * wallClock.tickRate() / pRate * (1 + rate);
    double growth = dr + w / 2 * ((on(Term.HORIZON) ? 2 * x0 : 0) + horizon);
    if (on(Term.HORIZON) && growth >= limit) {
      // the declared limits say more than the fit: speed 1, growing at the limit, honest forever
      wallClock.setCorrelationAndSpeed(
          new Correlation(now, childNow, bound + 2 * limit * lag, limit), 1);
    } else {
      // the reading judged may lag the true local time by up to the local precision
      wallClock.setCorrelationAndSpeed(
          new Correlation(now, childNow, bound + 2 * limit * lag, growth), 1 + rate);
    }
  }

  /**
   * The local clock's send time (t1, nanoseconds) of the oldest candidate the wall clock is now
   * computed from; {@link Long#MIN_VALUE} before the first.
   *
   * @return local clock nanoseconds
   */
  long oldestSampleT1() {
    return window.isEmpty() ? Long.MIN_VALUE : window.peekFirst().t1();
  }

  /**
   * How many candidates were taken (every candidate is).
   *
   * @return a count
   */
  public long updates() {
    return updates;
  }

  /**
   * How many candidates contradicted the wall clock (their intervals did not overlap) and reset the
   * window.
   *
   * @return a count
   */
  public long inconsistencies() {
    return inconsistencies;
  }

  /**
   * How many old candidates were dropped because the window's intervals could not all hold for one
   * line of slope within the declared limits.
   *
   * @return a count
   */
  public long rejected() {
    return rejected;
  }
}
