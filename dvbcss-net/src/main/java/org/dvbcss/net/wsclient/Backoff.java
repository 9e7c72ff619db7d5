package org.dvbcss.net.wsclient;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a {@link WebSocketClient} waits before each reconnection attempt: exponential backoff
 * with jitter.
 *
 * <p>The delay before retry number {@code n} (0 for the first retry after a connection is lost or
 * an attempt fails) is {@code base(n) * (1 - jitter * r)}, where {@code base(n) = min(max, initial
 * * multiplier^n)} and {@code r} is drawn from the random source in {@code [0, 1)}. So every delay
 * lies in {@code (base(n) * (1 - jitter), base(n)]}: it never exceeds {@code max}, and with the
 * default jitter of 0.5 many clients that lost the same server spread their retries over the upper
 * half of each interval instead of arriving together. A connection that stays open for at least
 * {@code max} resets {@code n} to 0; one that ends sooner (a server that accepts and at once closes
 * again) carries the sequence on, so such a server is not hammered at the initial delay. A refused
 * handshake (HTTP 503 from a full or stopping server) is a failed attempt and also carries it on.
 *
 * <p>Immutable and thread safe, so one instance may configure many clients, provided its random
 * source is thread safe (the default, {@link ThreadLocalRandom}, is). The random source is called
 * on the clients' event loop threads.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final double jitter;
  private final DoubleSupplier random;

  private Backoff(
      Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive: " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max delay " + max + " is shorter than the initial delay " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite and at least 1: " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
    }
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Exponential backoff with the default jitter (0.5) and random source.
   *
   * @param initial the delay before the first retry (before jitter); positive
   * @param max the longest delay; at least {@code initial}
   * @param multiplier how much each delay grows on the one before; at least 1
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, Duration max, double multiplier) {
    return new Backoff(
        initial, max, multiplier, 0.5, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A copy with another jitter fraction.
   *
   * @param jitter the fraction of each delay that is random, in [0, 1]; 0 gives the exact
   *     exponential sequence
   * @return the copy
   */
  public Backoff withJitter(double jitter) {
    return new Backoff(initial, max, multiplier, jitter, random);
  }

  /**
   * A copy with another random source (for tests: a fixed sequence makes delays predictable).
   *
   * @param random returns values in [0, 1); values outside are clamped; must be thread safe if the
   *     backoff configures clients on several event loops
   * @return the copy
   */
  public Backoff withRandom(DoubleSupplier random) {
    return new Backoff(initial, max, multiplier, jitter, random);
  }

  /**
   * The delay before the first retry, before jitter.
   *
   * @return the initial delay
   */
  public Duration initial() {
    return initial;
  }

  /**
   * The longest delay.
   *
   * @return the maximum delay
   */
  public Duration max() {
    return max;
  }

  /**
   * The growth factor from one delay to the next.
   *
   * @return the multiplier
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The fraction of each delay that is random.
   *
   * @return the jitter, in [0, 1]
   */
  public double jitter() {
    return jitter;
  }

  /**
   * The delay before a retry; draws one value from the random source.
   *
   * @param retry the retry's number since the last successful connection, from 0
   * @return the delay, nanoseconds, in {@code (base * (1 - jitter), base]}, at least 1
   */
  public long delayNanos(int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
    double maxNanos = max.toNanos();
    double base = Math.min(maxNanos, initial.toNanos() * Math.pow(multiplier, retry));
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Math.max(1L, (long) (base * (1.0 - jitter * r)));
  }

  @Override
  public String toString() {
    return "Backoff[initial="
        + initial
        + ", max="
        + max
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }
}
