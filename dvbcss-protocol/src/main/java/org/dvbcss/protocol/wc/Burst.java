package org.dvbcss.protocol.wc;

import java.util.Objects;
import org.dvbcss.clock.CorrelatedClock;
import org.jspecify.annotations.Nullable;

/**
 * Polls in bursts: wraps any {@link WallClockAlgorithm} so that each of its polls is {@code count}
 * requests sent back to back (each as soon as the previous response arrived), and hands it only the
 * best measurement of the burst.
 *
 * <p><b>Why.</b> The first exchange after an idle second pays for waking both ends: on this
 * project's loopback measurements its round trip is 0.4–1.5 ms, while an exchange sent at once
 * after it usually takes 15–90 µs. The error bound of a measurement is half its round trip plus the
 * precisions, so the second exchange of a burst gives a bound several times smaller for one more
 * datagram each way (frequency tracking at a 1 s poll: 237 µs median alone, 57 µs in bursts of 2).
 * NTP clients do the same ({@code burst}).
 *
 * <p><b>What the wrapped algorithm sees.</b> Exactly one call per burst: {@link
 * WallClockAlgorithm#onCandidate} with the burst's measurement of the smallest initial error (the
 * correlation's error from {@link Candidate#correlationFor(CorrelatedClock)}; the latest of equals;
 * a measurement with a negative round trip counts only if no other arrived, so the wrapped
 * algorithm still sees and refuses it), or {@link WallClockAlgorithm#onTimeout} if no measurement
 * of the burst arrived. Each candidate keeps its own timestamps, so handing it over a few hundred
 * microseconds after it arrived changes nothing in what the algorithm computes; its error bound is
 * exactly as honest as the wrapped algorithm's. A timeout ends a burst early (the measurements so
 * far are handed over), so a silent server costs one request per poll, as without bursts, and the
 * wrapped algorithm's backoff applies unchanged. The delay the wrapped algorithm returns runs from
 * the burst's last response (or timeout) to the next burst. The wrapped algorithm is told how late
 * its calls may come ({@link WallClockAlgorithm#measurementsHeldUpTo}: {@code count - 1} response
 * timeouts), so that one whose bound depends on the gap between calls covers it.
 *
 * <p><b>Rate.</b> {@code count} requests per poll: a wrapped {@link TargetErrorPacing} limits
 * polls, so requests reach up to {@code count} times its maximum rate, in bursts of {@code count}.
 *
 * <p><b>Threading.</b> Like every algorithm: the client core calls it from its one thread only. The
 * counters may be read from any thread.
 */
public final class Burst implements WallClockAlgorithm {
  /** The most requests a burst may have. */
  public static final int MAX_COUNT = 16;

  private final WallClockAlgorithm inner;
  private final int count;

  private long outerHeldNanos;
  private int inBurst;
  private @Nullable Candidate best;
  private double bestError;
  private volatile long bursts;
  private volatile long requests;

  private Burst(WallClockAlgorithm inner, int count) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "a burst is 1 to " + MAX_COUNT + " requests, not " + count);
    }
    this.count = count;
  }

  /**
   * Bursts of {@code count} requests for each poll of {@code inner}.
   *
   * @param inner the algorithm that sets the wall clock and paces the polls; serves this wrapper
   *     only
   * @param count requests per poll, 1 to {@link #MAX_COUNT}
   * @return {@code inner} itself when {@code count} is 1, else the wrapper
   * @throws IllegalArgumentException if {@code count} is out of range
   */
  public static WallClockAlgorithm of(WallClockAlgorithm inner, int count) {
    Objects.requireNonNull(inner, "inner");
    return count == 1 ? inner : new Burst(inner, count);
  }

  /**
   * Tells the wrapped algorithm how long a burst may hold its measurement back, then starts it: the
   * first {@code count - 1} exchanges of a burst take at most a response timeout each before the
   * last one's response or timeout ends the burst.
   */
  @Override
  public void start(CorrelatedClock wallClock) {
    inner.measurementsHeldUpTo(outerHeldNanos + ownHoldNanos());
    inner.start(wallClock);
  }

  /** Passed on: the delay before each burst is the wrapped algorithm's, or its wrapper's. */
  @Override
  public void delaysUpTo(long nanos) {
    inner.delaysUpTo(nanos);
  }

  /** Passed on, with this wrapper's own hold added. */
  @Override
  public void measurementsHeldUpTo(long nanos) {
    outerHeldNanos = nanos;
    inner.measurementsHeldUpTo(nanos + ownHoldNanos());
  }

  private long ownHoldNanos() {
    return (count - 1) * inner.responseTimeoutNanos();
  }

  @Override
  public long responseTimeoutNanos() {
    return inner.responseTimeoutNanos();
  }

  @Override
  public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
    requests++;
    double error = errorOf(candidate, wallClock);
    if (best == null || error <= bestError) {
      best = candidate;
      bestError = error;
    }
    if (++inBurst < count) {
      return 0;
    }
    return endBurst(wallClock);
  }

  @Override
  public long onTimeout(CorrelatedClock wallClock) {
    requests++;
    return endBurst(wallClock);
  }

  private long endBurst(CorrelatedClock wallClock) {
    Candidate chosen = best;
    best = null;
    inBurst = 0;
    bursts++;
    return chosen == null ? inner.onTimeout(wallClock) : inner.onCandidate(chosen, wallClock);
  }

  /** The candidate's initial error, seconds; +infinity for one with no honest correlation. */
  private static double errorOf(Candidate candidate, CorrelatedClock wallClock) {
    if (candidate.rttNanos() < 0) {
      return Double.POSITIVE_INFINITY;
    }
    return candidate.correlationFor(wallClock).initialError();
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
   * Requests per poll.
   *
   * @return 2 to {@link #MAX_COUNT}
   */
  public int count() {
    return count;
  }

  /**
   * How many bursts have ended (each handed to the wrapped algorithm as one candidate or timeout).
   *
   * @return a count
   */
  public long bursts() {
    return bursts;
  }

  /**
   * How many requests were answered or timed out.
   *
   * @return a count
   */
  public long requests() {
    return requests;
  }
}
