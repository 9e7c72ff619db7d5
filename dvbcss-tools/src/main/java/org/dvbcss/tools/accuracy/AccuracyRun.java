package org.dvbcss.tools.accuracy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.companion.Companion;
import org.dvbcss.companion.CompanionConfig;
import org.dvbcss.companion.player.PlayerSynchroniser;
import org.dvbcss.companion.player.SimulatedPlayer;
import org.dvbcss.companion.player.SyncConfig;
import org.dvbcss.net.wc.WallClockClientConfig;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.protocol.wc.WallClockAlgorithm;
import org.dvbcss.tv.Timeline;
import org.dvbcss.tv.Tv;
import org.dvbcss.tv.TvConfig;
import org.jspecify.annotations.Nullable;

/**
 * Runs one scenario with one wall clock algorithm: a simulated TV (whose clocks are the ground
 * truth), a route to it, and a companion following its PTS timeline; samples the companion's real
 * error against its reported bound every {@link #SAMPLE_NANOS} for the scenario's duration.
 *
 * <p>Both clocks are read at the same instant: one {@code System.nanoTime()} reading is converted
 * by the TV's timeline clock and by the companion's (both descend from clocks on that monotonic
 * time), so no time passes between the two readings. The TV and the companion share this process
 * and its monotonic clock; the TV's wall clock runs at the scenario's drift against it, so the
 * companion has a real frequency difference to follow.
 *
 * <p>Not thread safe: one run at a time on the calling thread, which it blocks for the duration.
 */
final class AccuracyRun {
  /** The interval between samples: 10 ms. */
  static final long SAMPLE_NANOS = 10_000_000L;

  /**
   * A run's result.
   *
   * @param scenario the scenario's name
   * @param algorithm the algorithm's name
   * @param samples every sample
   * @param stats their statistics
   * @param requestsPerSecond CSS-WC requests the TV answered per second of the run
   * @param routeCounters what the route did
   * @param player how the simulated player followed, if the scenario has one
   */
  record Result(
      String scenario,
      String algorithm,
      List<AccuracySample> samples,
      AccuracyStats stats,
      double requestsPerSecond,
      Map<String, Long> routeCounters,
      @Nullable PlayerStats player) {}

  private AccuracyRun() {}

  /**
   * Runs it.
   *
   * @param scenario what to simulate
   * @param algorithmName the algorithm's name, for the report
   * @param algorithm makes the companion's wall clock algorithm
   * @return the result
   * @throws IOException if the TV cannot start
   */
  static Result run(
      Scenario scenario, String algorithmName, Supplier<? extends WallClockAlgorithm> algorithm)
      throws IOException {
    TvConfig config =
        TvConfig.builder()
            .webSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .wallClockAddress(new InetSocketAddress("127.0.0.1", 0))
            .clock(0, scenario.tvDriftPpm())
            .build();
    try (Tv tv = Tv.start(config);
        Route route = Routes.open(tv, scenario.impairment());
        Companion companion = new Companion(companionConfig(route.wallClock(), algorithm))) {
      Clock truth = tv.model().timelineClock(Timeline.PTS);
      long answeredBefore = tv.status().wcAnswered();
      start(companion, route.ciiUrl());
      SimulatedPlayer player =
          scenario.player()
              ? new SimulatedPlayer(TimeSource.system(), SimulatedPlayer.Config.defaults())
              : null;
      PlayerSynchroniser sync =
          player == null
              ? null
              : PlayerSynchroniser.forCompanion(companion, player, SyncConfig.defaults());
      List<AccuracySample> samples = new ArrayList<>();
      List<Double> playerTimes = new ArrayList<>();
      List<Double> playerErrors = new ArrayList<>();
      long begin = System.nanoTime();
      long end = begin + scenario.durationNanos();
      try (AutoCloseable ticking = sync == null ? () -> {} : sync.start()) {
        for (long next = begin; next <= end; next += SAMPLE_NANOS) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          long now = System.nanoTime();
          samples.add(sample(truth, companion.timelineClock(), now, begin));
          if (player != null) {
            playerTimes.add((now - begin) / 1e9);
            playerErrors.add(playerError(truth, player));
          }
        }
      } catch (Exception e) {
        throw new IOException("stopping the player synchroniser", e);
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      double rate = (tv.status().wcAnswered() - answeredBefore) / seconds;
      return new Result(
          scenario.name(),
          algorithmName,
          List.copyOf(samples),
          AccuracyStats.of(samples),
          rate,
          route.counters(),
          sync == null
              ? null
              : PlayerStats.of(
                  playerTimes, playerErrors, sync.config().targetSeconds(), sync.report().seeks()));
    }
  }

  /**
   * The player's presented position minus the TV's true position, seconds. The player reads the
   * monotonic clock itself; the TV's position is taken at the middle of the microseconds that
   * reading took, so the two agree on the instant to within them.
   */
  private static double playerError(Clock truth, SimulatedPlayer player) {
    if (!truth.isAvailable()) {
      return Double.NaN;
    }
    long at = System.nanoTime();
    double presented = player.presentedPosition();
    long after = System.nanoTime();
    long mid = at + (after - at) / 2;
    double truthSeconds = truth.fromRootTicks(rootTicks(truth, mid)) / truth.tickRate();
    return presented - truthSeconds;
  }

  private static CompanionConfig companionConfig(
      UdpUrl wallClock, Supplier<? extends WallClockAlgorithm> algorithm) {
    return CompanionConfig.builder()
        .wallClock(WallClockClientConfig.builder().algorithm(algorithm).build())
        .wallClockServer(wallClock)
        .build();
  }

  private static void start(Companion companion, URI cii) throws IOException {
    try {
      companion.start(cii, Companion.PTS);
    } catch (SSLException e) {
      throw new IOException(e);
    }
  }

  /**
   * One sample: both timelines at monotonic time {@code nowNanos}.
   *
   * @param truth the TV's timeline clock
   * @param followed the companion's timeline clock
   * @param nowNanos the instant, {@code System.nanoTime()} nanoseconds
   * @param beginNanos the run's start, same time base
   * @return the sample
   */
  static AccuracySample sample(Clock truth, Clock followed, long nowNanos, long beginNanos) {
    double at = (nowNanos - beginNanos) / 1e9;
    if (!followed.isAvailable() || !truth.isAvailable()) {
      return new AccuracySample(at, Double.NaN, Double.NaN);
    }
    double truthTicks = truth.fromRootTicks(rootTicks(truth, nowNanos));
    double followedTicks = followed.fromRootTicks(rootTicks(followed, nowNanos));
    double error = followedTicks / followed.tickRate() - truthTicks / truth.tickRate();
    return new AccuracySample(at, error, followed.dispersionAtTime(followedTicks));
  }

  private static double rootTicks(Clock clock, long nanos) {
    return clock.root().nanosToTicks(nanos);
  }
}
