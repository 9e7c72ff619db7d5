package org.dvbcss.protocol.wc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dvbcss.protocol.wc.WcSimulation.MIN;
import static org.dvbcss.protocol.wc.WcSimulation.MS;
import static org.dvbcss.protocol.wc.WcSimulation.S;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dvbcss.protocol.wc.WcSimulation.Figures;
import org.dvbcss.protocol.wc.WcSimulation.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TargetErrorPacing} wrapped around {@link LowestDispersion} in the simulation: on a
 * loopback-like network it reaches its target within a second and holds it, with no more requests
 * than a fixed interval that holds the same bound, never above its maximum rate, backing off from a
 * silent server, and the bound stays honest.
 */
class TargetErrorPacingSimulationTest {
  static final long SEED = Long.getLong("wc.sim.seed", 20261122L);

  /** One sample of a run. */
  record Sample(long atNanos, double dispersionNanos, long sent) {}

  /** A run and its samples. */
  record Run(Figures figures, List<Sample> samples) {
    /** The first sample with a finite dispersion, ns since the start. */
    long firstFinite() {
      return samples.stream()
          .filter(s -> Double.isFinite(s.dispersionNanos()))
          .findFirst()
          .orElseThrow()
          .atNanos();
    }

    /** The first sample at or under the target, ns since the start. */
    long firstUnder(double targetNanos) {
      return samples.stream()
          .filter(s -> s.dispersionNanos() <= targetNanos)
          .findFirst()
          .map(Sample::atNanos)
          .orElse(Long.MAX_VALUE);
    }

    /** The share of samples from {@code fromNanos} on at or under the target. */
    double shareHeld(double targetNanos, long fromNanos) {
      long all = 0;
      long held = 0;
      for (Sample s : samples) {
        if (s.atNanos() >= fromNanos) {
          all++;
          if (s.dispersionNanos() <= targetNanos) {
            held++;
          }
        }
      }
      assertThat(all).isPositive();
      return (double) held / all;
    }

    /** The most requests sent in any window of {@code windowNanos} between two samples. */
    long mostSentIn(long windowNanos) {
      long most = 0;
      int j = 0;
      for (int i = 0; i < samples.size(); i++) {
        while (samples.get(i).atNanos() - samples.get(j).atNanos() > windowNanos) {
          j++;
        }
        most = Math.max(most, samples.get(i).sent() - samples.get(j).sent());
      }
      return most;
    }
  }

  /** A loopback-like network: 20-80 us one way, no loss, the server answers within 20 us. */
  static Settings loopback(long seed, WallClockAlgorithm algorithm, long durationNanos) {
    Settings s = Settings.standard(seed, algorithm, false).withDuration(durationNanos);
    s.minOneWayDelayNanos = 20_000;
    s.maxOneWayDelayNanos = 80_000;
    s.lossProbability = 0;
    s.duplicateProbability = 0;
    s.serverHoldMaxNanos = 20_000;
    s.sampleEveryNanos = 10 * MS;
    return s;
  }

  static Run run(Settings settings) {
    List<Sample> samples = new ArrayList<>();
    Settings s = settings.copy();
    s.sampleListener = (at, d, sent) -> samples.add(new Sample(at, d, sent));
    Figures f = new WcSimulation(s).run();
    assertThat(f.violations()).as(f.summary("run") + "; first " + f.firstViolation()).isZero();
    return new Run(f, samples);
  }

  static TargetErrorPacing adaptive(double targetMillis) {
    return new TargetErrorPacing(
        new LowestDispersion(), Duration.ofNanos(Math.round(targetMillis * MS)));
  }

  static Stream<Arguments> targets() {
    return Stream.of(
        Arguments.of(1.0, SEED),
        Arguments.of(1.0, SEED + 1),
        Arguments.of(0.2, SEED + 2),
        Arguments.of(0.2, SEED + 3));
  }

  @ParameterizedTest(name = "target {0} ms, seed {1}")
  @MethodSource("targets")
  void reachesTheTargetWithinASecondAndHoldsIt(double targetMillis, long seed) {
    TargetErrorPacing p = adaptive(targetMillis);
    Run r = run(loopback(seed, p, 10 * MIN));
    double target = targetMillis * MS;
    long first = r.firstFinite();
    assertThat(r.firstUnder(target)).isLessThanOrEqualTo(first + S);
    double held = r.shareHeld(target, first + S);
    long sent = r.figures().counters().sent();
    System.out.printf(
        "adaptive %.1f ms seed %d: under the target %.3f s after the first response, %.4f of"
            + " samples held, %.2f requests/s, settled max %.3f ms%n",
        targetMillis,
        seed,
        (r.firstUnder(target) - first) / 1e9,
        held,
        sent / 600.0,
        r.figures().maxSettledDispersionNanos() / 1e6);
    assertThat(held).isGreaterThanOrEqualTo(0.99);
    assertThat(r.mostSentIn(S)).isLessThanOrEqualTo(21);
    assertThat(p.candidates() + p.timeouts()).isBetween(sent - 1, sent);
  }

  @ParameterizedTest(name = "target {0} ms, seed {1}")
  @MethodSource("targets")
  void needsNoMoreRequestsThanTheLongestFixedIntervalThatHoldsTheSameBound(
      double targetMillis, long seed) {
    double target = targetMillis * MS;
    long duration = 2 * MIN;
    Run adaptive = run(loopback(seed, adaptive(targetMillis), duration));
    double share = adaptive.shareHeld(target, adaptive.firstFinite() + S);
    assertThat(share).isGreaterThanOrEqualTo(0.99);
    // the longest fixed repeat interval, to 0.5 ms, that holds the bound as often
    long lo = 0; // holds
    long hi = 2 * S; // does not hold
    while (hi - lo > MS / 2) {
      long m = (lo + hi) / 2;
      Run fixed =
          run(
              loopback(
                  seed,
                  new LowestDispersion(Duration.ofNanos(m), Duration.ofMillis(200), Double.NaN),
                  duration));
      if (fixed.shareHeld(target, fixed.firstFinite() + S) >= share) {
        lo = m;
      } else {
        hi = m;
      }
    }
    Run best =
        run(
            loopback(
                seed,
                new LowestDispersion(Duration.ofNanos(lo), Duration.ofMillis(200), Double.NaN),
                duration));
    long a = adaptive.figures().counters().sent();
    long f = best.figures().counters().sent();
    System.out.printf(
        "target %.1f ms seed %d: adaptive %d requests holding %.4f, best fixed interval %.1f ms"
            + " %d requests%n",
        targetMillis, seed, a, share, lo / 1e6, f);
    assertThat(a).isLessThanOrEqualTo(f);
  }

  @Test
  void aTargetTheNetworkDoesNotAllowPollsAtTheMaximumRateAndNeverAbove() {
    // a fresh bound is at least half the 40 us minimum round trip plus both precisions
    TargetErrorPacing p = adaptive(0.015);
    Run r = run(loopback(SEED + 10, p, MIN));
    long sent = r.figures().counters().sent();
    System.out.printf("target 15 us: %.2f requests/s%n", sent / 60.0);
    assertThat(r.shareHeld(15_000, 0)).isZero();
    assertThat(p.atMaxRate()).isEqualTo(p.candidates());
    assertThat(sent).isLessThanOrEqualTo(60 * 20 + 1);
    assertThat(sent).isGreaterThan(60 * 20 * 99 / 100); // a round trip is 0.1 ms of the 50
    assertThat(r.mostSentIn(S)).isLessThanOrEqualTo(21);
  }

  @Test
  void aSilentServerGetsBackoff() {
    TargetErrorPacing p = adaptive(1.0);
    Settings s = loopback(SEED + 11, p, MIN).withServerSilentFor(2 * MIN);
    Figures f = new WcSimulation(s).run();
    // 1 + ceil(log2(maxInterval / minInterval)) + ceil(T / maxInterval)
    double min = p.minIntervalNanos();
    double max = p.maxIntervalNanos();
    long bound =
        1 + (long) Math.ceil(Math.log(max / min) / Math.log(2)) + (long) Math.ceil(MIN / max);
    long sent = f.counters().sent();
    System.out.println("silent minute: " + sent + " requests, bound " + bound);
    assertThat(bound).isEqualTo(15);
    assertThat(sent).isLessThanOrEqualTo(bound);
    assertThat(f.counters().timedOut()).isBetween(sent - 1, sent); // the last may be outstanding
    assertThat(p.timeouts()).isEqualTo(f.counters().timedOut());
    // without the wrapper: a request every timeout
    Figures plain =
        new WcSimulation(
                loopback(SEED + 11, new LowestDispersion(), MIN).withServerSilentFor(2 * MIN))
            .run();
    assertThat(plain.counters().sent()).isGreaterThan(10 * sent);
  }

  @Test
  void aServerThatStartsAnsweringIsFollowedSoon() {
    TargetErrorPacing p = adaptive(1.0);
    Run r = run(loopback(SEED + 12, p, 2 * MIN).withServerSilentFor(MIN));
    // the backoff is at most the maximum interval plus one response timeout
    assertThat(r.firstFinite()).isBetween(MIN, MIN + 10 * S + 200 * MS + 10 * MS);
    assertThat(r.shareHeld(MS, r.firstFinite() + S)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void staysHonestAtTheDeclaredLimits() {
    // targets below, around and above what the hostile network allows
    for (double targetMillis : new double[] {1, 10, 40}) {
      TargetErrorPacing p = adaptive(targetMillis);
      Figures f =
          new WcSimulation(Settings.limits(SEED + 20, p, true).withDuration(6 * 3600 * S)).run();
      System.out.println(f.summary("TargetErrorPacing " + targetMillis + " ms at the limits"));
      assertThat(f.violations()).as(f.firstViolation()).isZero();
      assertThat(f.counters().malformed()).isZero();
      assertThat(f.counters().sent()).isLessThanOrEqualTo(6 * 3600 * 20 + 1);
    }
    TargetErrorPacing p = adaptive(5);
    Figures f = new WcSimulation(Settings.standard(SEED + 21, p, false)).run();
    System.out.println(f.summary("TargetErrorPacing 5 ms, standard"));
    assertThat(f.violations()).as(f.firstViolation()).isZero();
  }
}
