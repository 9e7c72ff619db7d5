package org.dvbcss.protocol.wc;

import java.time.Duration;
import java.util.Objects;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;

/**
 * Adaptive polling: wraps any {@link WallClockAlgorithm} and replaces only <em>when</em> it sends
 * the next request, so that the wall clock's dispersion reaches a target error bound and stays
 * under it with as few requests as the bound allows.
 *
 * <p>The wrapped algorithm still decides what every measurement does to the wall clock: {@link
 * #start}, {@link #onCandidate}, {@link #onTimeout} and {@link #responseTimeoutNanos} are passed on
 * to it, and only the delay it returns is replaced. This wrapper never changes the wall clock, so
 * the error bound is exactly as honest as the wrapped algorithm's.
 *
 * <p><b>The delay.</b> The wrapper reads only the wall clock: its dispersion now and its dispersion
 * one {@code maxInterval} later (the dispersion of a correlation grows linearly: its initial error,
 * plus its growth rate times the age, plus the local clock's precision), so it follows whatever
 * growth rate the wrapped algorithm sets. After a response:
 *
 * <ul>
 *   <li>if the dispersion is at or above the target: the minimum interval ({@code 1 / maxRate});
 *   <li>otherwise: the time until the dispersion would reach the target, less a safety share of
 *       that time ({@link #DEFAULT_SAFETY_SHARE}) and less one round-trip time (so the next
 *       response arrives before the target is reached); at least the minimum interval, at most
 *       {@code maxInterval}; the maximum interval if the dispersion does not grow.
 * </ul>
 *
 * <p>After a timeout (no usable response) the delay backs off: {@code minInterval * 2^(n-1)} after
 * the n-th timeout in a row, at most {@code maxInterval}, or the delay above if that is longer (a
 * clock still far under its target need not hurry). A response ends the run of timeouts. The
 * response timeout is the wrapped algorithm's, so a request goes at most every {@code
 * responseTimeout + minInterval} while timeouts last, and a silent server gets at most {@code 1 +
 * ceil(log2(maxInterval / minInterval)) + ceil(T / maxInterval)} requests in a time {@code T}.
 *
 * <p><b>Rate.</b> Every delay is at least {@code 1 / maxRate}, and the delay runs from a response
 * (or a timeout) to the next request, so the client never sends more than {@code maxRate} requests
 * per second.
 *
 * <p><b>Threading.</b> Like every algorithm: the client core calls it from its one thread only. The
 * counters may be read from any thread.
 */
public final class TargetErrorPacing implements WallClockAlgorithm {
  /**
   * The default maximum request rate: 20 per second. On a local network the bound of a fresh
   * measurement is tens of microseconds and grows by about 1 ms per second (500 + 500 ppm), so 20
   * requests a second hold about 0.1 ms; a server's rate limit of the project's default allows this
   * many from one client.
   */
  public static final double DEFAULT_MAX_RATE = 20;

  /**
   * The default maximum interval: 10 s. A bound still far under its target is refreshed at least
   * this often, so a server that has gone away is noticed, and a silent server costs at most about
   * one request per 10 s once the backoff has reached it.
   */
  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(10);

  /**
   * The default safety share: 2 % of the time until the target would be reached is kept in hand.
   * The growth is exact (it is the bound's own formula, per second of the local clock) and the
   * round trip is allowed for separately, so the share covers only the transport's lateness in
   * waking up to send: 20 ms of a 1 ms target's second, 1 ms of a 0.1 ms target's 50 ms. A larger
   * share costs requests: on a loopback-like network a 5 % share needs more requests for 1 ms than
   * the longest fixed interval that holds 1 ms.
   */
  public static final double DEFAULT_SAFETY_SHARE = 0.02;

  private final WallClockAlgorithm inner;
  private final double targetSeconds;
  private final long minIntervalNanos;
  private final long maxIntervalNanos;
  private final double safetyShare;

  private double rttNanos;
  private int timeoutsInARow;
  // hints from an outer wrapper (see WallClockAlgorithm#delaysUpTo), kept for start
  private long outerDelayNanos;
  private long heldNanos;
  private volatile long candidates;
  private volatile long timeouts;
  private volatile long atMaxRate;
  private volatile long lastDelayNanos;

  /**
   * Adaptive polling with the default maximum rate, maximum interval and safety share.
   *
   * @param inner the algorithm that sets the wall clock; serves this wrapper only
   * @param targetError the error bound to reach and keep; positive
   */
  public TargetErrorPacing(WallClockAlgorithm inner, Duration targetError) {
    this(inner, targetError, DEFAULT_MAX_RATE, DEFAULT_MAX_INTERVAL, DEFAULT_SAFETY_SHARE);
  }

  /**
   * Adaptive polling.
   *
   * @param inner the algorithm that sets the wall clock; serves this wrapper only
   * @param targetError the error bound to reach and keep; positive
   * @param maxRatePerSecond the most requests per second; positive and finite, its interval (1 /
   *     rate) not longer than {@code maxInterval}
   * @param maxInterval the longest delay before a next request; positive
   * @param safetyShare the share of the time until the target is reached kept in hand, in [0, 1)
   * @throws IllegalArgumentException if a value is out of range
   */
  public TargetErrorPacing(
      WallClockAlgorithm inner,
      Duration targetError,
      double maxRatePerSecond,
      Duration maxInterval,
      double safetyShare) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (targetError.isNegative() || targetError.isZero()) {
      throw new IllegalArgumentException("the target error must be positive: " + targetError);
    }
    if (!(maxRatePerSecond > 0) || Double.isInfinite(maxRatePerSecond)) {
      throw new IllegalArgumentException(
          "the maximum rate must be positive and finite: " + maxRatePerSecond);
    }
    if (!(safetyShare >= 0 && safetyShare < 1)) {
      throw new IllegalArgumentException("the safety share must be in [0, 1): " + safetyShare);
    }
    this.targetSeconds = targetError.toNanos() / 1e9;
    this.maxIntervalNanos = Dispersions.checkNanos("maxInterval", maxInterval.toNanos(), false);
    this.minIntervalNanos = Math.max(1, (long) Math.ceil(1e9 / maxRatePerSecond));
    if (minIntervalNanos > maxIntervalNanos) {
      throw new IllegalArgumentException(
          "1 / maxRate ("
              + minIntervalNanos
              + " ns) is longer than the maximum interval ("
              + maxIntervalNanos
              + " ns)");
    }
    this.safetyShare = safetyShare;
  }

  /**
   * Tells the wrapped algorithm of the longest delay (this wrapper's or an outer one's), starts it.
   */
  @Override
  public void start(CorrelatedClock wallClock) {
    inner.delaysUpTo(Math.max(maxIntervalNanos, outerDelayNanos));
    inner.measurementsHeldUpTo(heldNanos);
    inner.start(wallClock);
  }

  /** Passes the hint on: a wrapper of this one may wait longer still. */
  @Override
  public void delaysUpTo(long nanos) {
    outerDelayNanos = nanos;
    inner.delaysUpTo(Math.max(nanos, maxIntervalNanos));
  }

  /** Passes the hint on. */
  @Override
  public void measurementsHeldUpTo(long nanos) {
    heldNanos = nanos;
    inner.measurementsHeldUpTo(nanos);
  }

  @Override
  public long responseTimeoutNanos() {
    return inner.responseTimeoutNanos();
  }

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    inner.onCandidate(candidate, wallClock);
    candidates++;
    timeoutsInARow = 0;
    // rises at once, falls slowly: a spell of slow round trips is remembered for a while
    double rtt = Math.max(0, candidate.t4() - candidate.t1());
    rttNanos = rtt >= rttNanos ? rtt : rttNanos - (rttNanos - rtt) / 8;
    return remember(untilTarget(wallClock));
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    inner.onTimeout(wallClock);
    timeouts++;
    if (timeoutsInARow < 62) {
      timeoutsInARow++;
    }
    long backoff =
        minIntervalNanos > (maxIntervalNanos >> (timeoutsInARow - 1))
            ? maxIntervalNanos
            : minIntervalNanos << (timeoutsInARow - 1);
    return remember(Math.max(backoff, untilTarget(wallClock)));
  }

  /** The delay the wall clock's dispersion allows, clamped to [min, max] interval, ns. */
  private long untilTarget(CorrelatedClock wallClock) {
    Clock parent = wallClock.parent();
    double parentNow = parent.ticks();
    double now = wallClock.dispersionAtTime(wallClock.fromParentTicks(parentNow));
    if (!(now < targetSeconds)) {
      atMaxRate++;
      return minIntervalNanos;
    }
    double horizonSeconds = maxIntervalNanos / 1e9;
    double later =
        wallClock.dispersionAtTime(
            wallClock.fromParentTicks(parentNow + horizonSeconds * parent.tickRate()));
    double growth = (later - now) / horizonSeconds; // seconds of bound per second
    if (!(growth > 0)) {
      return maxIntervalNanos;
    }
    double reachNanos = (targetSeconds - now) / growth * 1e9;
    double delay = reachNanos * (1 - safetyShare) - rttNanos;
    if (!(delay > minIntervalNanos)) {
      return minIntervalNanos;
    }
    return delay >= maxIntervalNanos ? maxIntervalNanos : (long) delay;
  }

  private long remember(long delay) {
    lastDelayNanos = delay;
    return delay;
  }

  /**
   * The algorithm that sets the wall clock.
   *
   * @return the wrapped algorithm
   */
  public WallClockAlgorithm inner() {
    return inner;
  }

  /**
   * The target error bound.
   *
   * @return seconds
   */
  public double targetSeconds() {
    return targetSeconds;
  }

  /**
   * The shortest delay before a next request, {@code 1 / maxRate}.
   *
   * @return nanoseconds
   */
  public long minIntervalNanos() {
    return minIntervalNanos;
  }

  /**
   * The longest delay before a next request.
   *
   * @return nanoseconds
   */
  public long maxIntervalNanos() {
    return maxIntervalNanos;
  }

  /**
   * How many requests got a usable response.
   *
   * @return a count
   */
  public long candidates() {
    return candidates;
  }

  /**
   * How many requests timed out.
   *
   * @return a count
   */
  public long timeouts() {
    return timeouts;
  }

  /**
   * How many delays were the minimum interval because the dispersion was at or above the target.
   *
   * @return a count
   */
  public long atMaxRate() {
    return atMaxRate;
  }

  /**
   * The last delay this wrapper returned.
   *
   * @return nanoseconds; 0 before the first response or timeout
   */
  public long lastDelayNanos() {
    return lastDelayNanos;
  }
}
