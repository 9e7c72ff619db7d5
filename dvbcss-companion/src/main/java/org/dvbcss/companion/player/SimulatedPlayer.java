package org.dvbcss.companion.player;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dvbcss.clock.TimeSource;

/**
 * A simulated media player with the faults real players have, for tests, demos and the command
 * line's {@code --player sim}:
 *
 * <ul>
 *   <li>position readings rounded down to a {@linkplain Config#quantumSeconds() quantum} (the last
 *       frame shown), stamped with a small random error ({@linkplain Config#stampJitterSeconds()
 *       jitter});
 *   <li>rate changes that take effect {@linkplain Config#rateLatencySeconds() late};
 *   <li>seeks that take {@linkplain Config#seekLatencySeconds() time} (the position is frozen and
 *       readings are unsettled meanwhile) and land off target by up to {@linkplain
 *       Config#seekErrorSeconds() an error} either way;
 *   <li>stalls ({@link #stall}, or at random every {@linkplain Config#meanStallIntervalSeconds() so
 *       often}): the position stops and readings are unsettled;
 *   <li>a media clock that {@linkplain Config#driftPpm() drifts} from the local clock;
 *   <li>an {@linkplain Config#actualLatencySeconds() output latency} that may differ from the one
 *       it {@linkplain Config#declaredLatencySeconds() declares} (what calibration corrects).
 * </ul>
 *
 * <p>It runs on a {@link TimeSource}: with a {@link org.dvbcss.clock.ManualTimeSource} it is exact
 * and, for one seed, deterministic. Positions are seconds, times nanoseconds of the time source.
 *
 * <p>Thread safe (every method is synchronised).
 */
public final class SimulatedPlayer implements Player {

  /**
   * The simulated player's faults.
   *
   * @param quantumSeconds readings are rounded down to a multiple of this, seconds
   * @param stampJitterSeconds a reading's stamp is off by up to this either way, seconds
   * @param rateLatencySeconds a rate change takes effect this long after it is made, seconds
   * @param seekLatencySeconds a seek lands this long after it is made, seconds
   * @param seekErrorSeconds a seek lands up to this far either side of where it was asked to,
   *     seconds (uniformly)
   * @param declaredLatencySeconds the output latency the player declares, seconds
   * @param actualLatencySeconds the output latency it really has, seconds
   * @param driftPpm how fast its media clock runs against the local clock, ppm
   * @param meanStallIntervalSeconds the mean time between random stalls, seconds; 0 for none
   * @param stallSeconds how long a random stall lasts, seconds
   * @param seed the seed of its randomness
   */
  public record Config(
      double quantumSeconds,
      double stampJitterSeconds,
      double rateLatencySeconds,
      double seekLatencySeconds,
      double seekErrorSeconds,
      double declaredLatencySeconds,
      double actualLatencySeconds,
      double driftPpm,
      double meanStallIntervalSeconds,
      double stallSeconds,
      long seed) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a time is negative or not finite
     */
    public Config {
      for (double v :
          new double[] {
            quantumSeconds,
            stampJitterSeconds,
            rateLatencySeconds,
            seekLatencySeconds,
            seekErrorSeconds,
            declaredLatencySeconds,
            actualLatencySeconds,
            meanStallIntervalSeconds,
            stallSeconds
          }) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("times must be finite and >= 0: " + v);
        }
      }
      if (!Double.isFinite(driftPpm)) {
        throw new IllegalArgumentException("driftPpm must be finite: " + driftPpm);
      }
    }

    /**
     * A typical player: 20 ms quantum, 0.5 ms stamp jitter, rate changes 50 ms late, seeks taking
     * 150 ms and landing within 5 ms, 30 ms output latency (declared and real), 40 ppm drift, no
     * random stalls (200 ms when enabled), seed 1.
     *
     * @return the defaults
     */
    public static Config defaults() {
      return new Config(0.020, 0.0005, 0.050, 0.150, 0.005, 0.030, 0.030, 40, 0, 0.2, 1);
    }

    /**
     * These faults with another seed.
     *
     * @param newSeed the seed
     * @return the changed value
     */
    public Config withSeed(long newSeed) {
      return new Config(
          quantumSeconds,
          stampJitterSeconds,
          rateLatencySeconds,
          seekLatencySeconds,
          seekErrorSeconds,
          declaredLatencySeconds,
          actualLatencySeconds,
          driftPpm,
          meanStallIntervalSeconds,
          stallSeconds,
          newSeed);
    }

    /**
     * These faults with another real output latency (the declared one unchanged).
     *
     * @param seconds the real output latency, seconds
     * @return the changed value
     */
    public Config withActualLatency(double seconds) {
      return new Config(
          quantumSeconds,
          stampJitterSeconds,
          rateLatencySeconds,
          seekLatencySeconds,
          seekErrorSeconds,
          declaredLatencySeconds,
          seconds,
          driftPpm,
          meanStallIntervalSeconds,
          stallSeconds,
          seed);
    }

    /**
     * These faults with random stalls.
     *
     * @param meanIntervalSeconds the mean time between stalls, seconds (0: none)
     * @param seconds how long each lasts, seconds
     * @return the changed value
     */
    public Config withStalls(double meanIntervalSeconds, double seconds) {
      return new Config(
          quantumSeconds,
          stampJitterSeconds,
          rateLatencySeconds,
          seekLatencySeconds,
          seekErrorSeconds,
          declaredLatencySeconds,
          actualLatencySeconds,
          driftPpm,
          meanIntervalSeconds,
          seconds,
          seed);
    }
  }

  private record PendingRate(long at, double rate) {}

  private final TimeSource time;
  private final Config config;
  private final SplittableRandom random;
  private final ArrayDeque<PendingRate> pendingRates = new ArrayDeque<>();
  private double position;
  private double rate;
  private long at;
  private long seekDoneAt = Long.MAX_VALUE;
  private double seekLanding;
  private long stallUntil = Long.MIN_VALUE;
  private long nextRandomStall = Long.MAX_VALUE;
  private long seeksDone;
  private long stalls;

  /**
   * A player at position 0, paused.
   *
   * @param time the local time source
   * @param config its faults
   */
  public SimulatedPlayer(TimeSource time, Config config) {
    this.time = Objects.requireNonNull(time, "time");
    this.config = Objects.requireNonNull(config, "config");
    this.random = new SplittableRandom(config.seed());
    this.at = time.nanoTime();
    scheduleRandomStall(at);
  }

  private void scheduleRandomStall(long from) {
    double mean = config.meanStallIntervalSeconds();
    if (mean > 0) {
      double gap = -mean * Math.log(1 - random.nextDouble());
      nextRandomStall = from + Math.round(gap * 1e9);
    }
  }

  /** Moves the state on to {@code now}, applying what fell due in time order. */
  private void advance(long now) {
    while (true) {
      long next = Long.MAX_VALUE;
      PendingRate p = pendingRates.peek();
      if (p != null) {
        next = p.at;
      }
      next = Math.min(next, seekDoneAt);
      if (stallUntil > at) {
        next = Math.min(next, stallUntil);
      }
      next = Math.min(next, nextRandomStall);
      if (next > now) {
        break;
      }
      moveTo(next);
      if (p != null && p.at == next) {
        pendingRates.poll();
        rate = p.rate;
      } else if (seekDoneAt == next) {
        position = seekLanding;
        seekDoneAt = Long.MAX_VALUE;
        seeksDone++;
      } else if (nextRandomStall == next) {
        stallAt(next, config.stallSeconds());
        scheduleRandomStall(next);
      }
      // a stall's end needs nothing but the move
    }
    moveTo(now);
  }

  private void moveTo(long t) {
    if (t <= at) {
      return;
    }
    boolean seeking = seekDoneAt != Long.MAX_VALUE;
    long from = Math.max(at, stallUntil);
    if (!seeking && t > from) {
      position += rate * (1 + config.driftPpm() * 1e-6) * (t - from) / 1e9;
    }
    at = t;
  }

  private void stallAt(long t, double seconds) {
    stallUntil = Math.max(stallUntil, t + Math.round(seconds * 1e9));
    stalls++;
  }

  /**
   * Stalls the player now (a buffer running dry) for a while.
   *
   * @param seconds how long, seconds
   */
  public synchronized void stall(double seconds) {
    long now = time.nanoTime();
    advance(now);
    stallAt(now, seconds);
  }

  @Override
  public synchronized Reading position() {
    long now = time.nanoTime();
    advance(now);
    double j = config.stampJitterSeconds();
    long stampError = j == 0 ? 0 : Math.round((random.nextDouble() * 2 - 1) * j * 1e9);
    double q = config.quantumSeconds();
    double reported = q > 0 ? Math.floor(position / q + 1e-9) * q : position;
    boolean settled = seekDoneAt == Long.MAX_VALUE && now >= stallUntil;
    return new Reading(reported, now + stampError, settled);
  }

  @Override
  public synchronized void setRate(double newRate) {
    if (!Double.isFinite(newRate)) {
      throw new IllegalArgumentException("rate must be finite: " + newRate);
    }
    long now = time.nanoTime();
    advance(now);
    pendingRates.add(new PendingRate(now + Math.round(config.rateLatencySeconds() * 1e9), newRate));
  }

  @Override
  public synchronized void seek(double positionSeconds) {
    if (!Double.isFinite(positionSeconds)) {
      throw new IllegalArgumentException("position must be finite: " + positionSeconds);
    }
    long now = time.nanoTime();
    advance(now);
    double e = config.seekErrorSeconds();
    seekLanding = positionSeconds + (e == 0 ? 0 : (random.nextDouble() * 2 - 1) * e);
    seekDoneAt = now + Math.round(config.seekLatencySeconds() * 1e9);
  }

  @Override
  public double outputLatencySeconds() {
    return config.declaredLatencySeconds();
  }

  @Override
  public double positionQuantumSeconds() {
    return config.quantumSeconds();
  }

  /**
   * The true media position now (what is being decoded), seconds.
   *
   * @return the position
   */
  public synchronized double truePosition() {
    advance(time.nanoTime());
    return position;
  }

  /**
   * What the player's output shows now: the true position less the real output latency times the
   * rate in effect (also while seeking or stalled: the last frame stays), seconds of media time.
   *
   * @return the presented position
   */
  public synchronized double presentedPosition() {
    long now = time.nanoTime();
    advance(now);
    return position - config.actualLatencySeconds() * rate;
  }

  /**
   * The rate in effect now (not the last one asked for, if it is still pending).
   *
   * @return the rate
   */
  public synchronized double effectiveRate() {
    advance(time.nanoTime());
    return rate;
  }

  /**
   * A short description of its state: {@code playing}, {@code paused}, {@code seeking} or {@code
   * stalled}, with the rate.
   *
   * @return the description
   */
  public synchronized String state() {
    long now = time.nanoTime();
    advance(now);
    String s =
        seekDoneAt != Long.MAX_VALUE
            ? "seeking"
            : now < stallUntil ? "stalled" : rate == 0 ? "paused" : "playing";
    return String.format(Locale.ROOT, "%s at %.4fx", s, rate);
  }

  /**
   * How many seeks have landed and stalls begun.
   *
   * @return {seeks landed, stalls}
   */
  public synchronized long[] counts() {
    return new long[] {seeksDone, stalls};
  }
}
