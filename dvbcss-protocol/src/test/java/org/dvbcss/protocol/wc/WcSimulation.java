package org.dvbcss.protocol.wc;

import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;

/**
 * A deterministic simulation of a CSS-WC client and server on one {@link ManualTimeSource}, with a
 * fake network: random asymmetric one-way delays, loss, duplication (and so reordering), and a
 * server wall clock that drifts within its declared maximum frequency error. Time moves event by
 * event; nothing sleeps.
 *
 * <p>At every sample instant where the client's wall clock claims a finite dispersion, it checks
 * that the clock's error against the true server clock is within that dispersion, and collects
 * figures. Not thread safe.
 */
final class WcSimulation {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;

  /** Settings; {@code followUp} makes the server answer with type 2 + type 3. */
  record Settings(
      long seed,
      WallClockAlgorithm algorithm,
      boolean followUp,
      long durationNanos,
      long maxOneWayDelayNanos,
      double lossProbability,
      double duplicateProbability,
      double serverDeclaredPpm,
      double serverMaxActualPpm,
      long serverSilentUntilNanos,
      long sampleEveryNanos,
      long settleNanos) {

    static Settings standard(long seed, WallClockAlgorithm algorithm, boolean followUp) {
      return new Settings(
          seed,
          algorithm,
          followUp,
          24 * 3600 * S,
          50 * MS,
          0.05,
          0.03,
          500,
          450,
          0,
          250 * MS,
          60 * S);
    }

    Settings withDuration(long nanos) {
      return new Settings(
          seed,
          algorithm,
          followUp,
          nanos,
          maxOneWayDelayNanos,
          lossProbability,
          duplicateProbability,
          serverDeclaredPpm,
          serverMaxActualPpm,
          serverSilentUntilNanos,
          sampleEveryNanos,
          settleNanos);
    }

    Settings withServerSilentFor(long nanos) {
      return new Settings(
          seed,
          algorithm,
          followUp,
          durationNanos,
          maxOneWayDelayNanos,
          lossProbability,
          duplicateProbability,
          serverDeclaredPpm,
          serverMaxActualPpm,
          nanos,
          sampleEveryNanos,
          settleNanos);
    }
  }

  /** What a run saw. Dispersions and errors in nanoseconds; times relative to the start. */
  record Figures(
      long seed,
      long samples,
      long firstFiniteAtNanos,
      long violations,
      String firstViolation,
      double maxErrorNanos,
      double maxErrorToDispersion,
      double maxSettledDispersionNanos,
      double meanSettledDispersionNanos,
      long infiniteSamplesAfterFirstFinite,
      WallClockClientCore.Counters counters,
      long serverResponses,
      long datagramsLost,
      long datagramsDuplicated) {

    String summary(String name) {
      return String.format(
          "%s seed=%d: %d samples, synced after %.3f s, error max %.3f ms (%.1f%% of its"
              + " dispersion at worst), settled dispersion max %.3f ms mean %.3f ms, %d"
              + " violations; %s; server answered %d; network lost %d, duplicated %d",
          name,
          seed,
          samples,
          firstFiniteAtNanos / 1e9,
          maxErrorNanos / 1e6,
          100 * maxErrorToDispersion,
          maxSettledDispersionNanos / 1e6,
          meanSettledDispersionNanos / 1e6,
          violations,
          counters,
          serverResponses,
          datagramsLost,
          datagramsDuplicated);
    }
  }

  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private final Settings settings;
  private final Random random;
  private final ManualTimeSource time = new ManualTimeSource(1_000 * S);
  private final long start = time.nanoTime();
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;

  private final SysClock serverRoot;
  private final CorrelatedClock serverWall;
  private final WallClockServerCore server;
  private final CorrelatedClock clientWall;
  private final WallClockClientCore core;

  private long lost;
  private long duplicated;
  // figures
  private long samples;
  private long firstFiniteAt = -1;
  private long violations;
  private String firstViolation = "";
  private double maxError;
  private double maxRatio;
  private double maxSettled;
  private double sumSettled;
  private long settledSamples;
  private long infiniteAfterFinite;

  WcSimulation(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    serverRoot =
        SysClock.builder()
            .timeSource(time)
            .precision(1e-6)
            .maxFreqErrorPpm(settings.serverDeclaredPpm())
            .build();
    long serverStart = (100_000 + random.nextInt(10_000_000)) * S + random.nextInt(1_000_000_000);
    serverWall =
        new CorrelatedClock(
            serverRoot, 1e9, new Correlation(serverRoot.ticks(), serverStart), randomSpeed());
    server = new WallClockServerCore(serverWall, Double.NaN, Double.NaN, settings.followUp());
    SysClock clientLocal =
        SysClock.builder().timeSource(time).precision(1e-6).maxFreqErrorPpm(500).build();
    clientWall = new CorrelatedClock(clientLocal, 1e9, new Correlation(0, 0));
    core = new WallClockClientCore(clientWall, settings.algorithm());
  }

  private double randomSpeed() {
    return 1 + (2 * random.nextDouble() - 1) * settings.serverMaxActualPpm() * 1e-6;
  }

  Figures run() {
    long end = start + settings.durationNanos();
    schedule(start, this::sample);
    schedule(start + 3600 * S, this::changeDrift);
    while (true) {
      long now = time.nanoTime();
      long coreAt = Math.max(now, core.nextActionNanos());
      Event next = queue.peek();
      long at = next == null || coreAt <= next.at() ? coreAt : next.at();
      if (at > end) {
        break;
      }
      time.set(at);
      if (next == null || coreAt <= next.at()) {
        long before = core.nextActionNanos();
        core.poll(at).ifPresent(d -> toServer(d));
        if (core.nextActionNanos() == before && !core.isAwaitingResponse()) {
          throw new AssertionError("core made no progress at " + at + "; seed " + settings.seed());
        }
      } else {
        queue.poll().action().run();
      }
    }
    return new Figures(
        settings.seed(),
        samples,
        firstFiniteAt < 0 ? -1 : firstFiniteAt - start,
        violations,
        firstViolation,
        maxError,
        maxRatio,
        maxSettled,
        settledSamples == 0 ? Double.NaN : sumSettled / settledSamples,
        infiniteAfterFinite,
        core.counters(),
        server.responses(),
        lost,
        duplicated);
  }

  private void schedule(long at, Runnable action) {
    queue.add(new Event(at, seq++, action));
  }

  // ------------------------------------------------------------------ network

  private long oneWayDelay() {
    // asymmetric and skewed: most datagrams are quick, some take up to the maximum
    double u = random.nextDouble();
    return 100_000 + (long) (u * u * (settings.maxOneWayDelayNanos() - 100_000));
  }

  private void send(byte[] datagram, Consumer<byte[]> receiver) {
    if (random.nextDouble() < settings.lossProbability()) {
      lost++;
      return;
    }
    long now = time.nanoTime();
    schedule(now + oneWayDelay(), () -> receiver.accept(datagram));
    if (random.nextDouble() < settings.duplicateProbability()) {
      duplicated++;
      schedule(now + oneWayDelay(), () -> receiver.accept(datagram.clone()));
    }
  }

  private void toServer(byte[] datagram) {
    send(datagram, this::serverReceives);
  }

  private void toClient(byte[] datagram) {
    send(datagram, d -> core.onDatagram(ByteBuffer.wrap(d), time.nanoTime()));
  }

  // ------------------------------------------------------------------ server

  private void serverReceives(byte[] datagram) {
    if (time.nanoTime() < start + settings.serverSilentUntilNanos()) {
      return; // no server yet
    }
    double receivedTicks = serverWall.ticks();
    long processing = random.nextInt(1_000_000);
    schedule(
        time.nanoTime() + processing,
        () -> {
          WallClockServerCore.Reply reply = server.handle(ByteBuffer.wrap(datagram), receivedTicks);
          if (reply instanceof WallClockServerCore.Reply.Respond r) {
            toClient(r.response().encode());
            if (r.followUpDue()) {
              schedule(
                  time.nanoTime() + random.nextInt(2_000_000),
                  () -> toClient(server.followUp(r.response()).encode()));
            }
          } else {
            throw new AssertionError("server dropped a request: " + reply);
          }
        });
  }

  private void changeDrift() {
    serverWall.rebaseCorrelationAtParentTicks(serverRoot.ticks());
    serverWall.setSpeed(randomSpeed());
    schedule(time.nanoTime() + 3600 * S, this::changeDrift);
  }

  // ------------------------------------------------------------------ the property

  private void sample() {
    long now = time.nanoTime();
    double dispersionNanos = clientWall.dispersion() * 1e9;
    samples++;
    if (Double.isInfinite(dispersionNanos)) {
      if (firstFiniteAt >= 0) {
        infiniteAfterFinite++;
      }
    } else {
      if (firstFiniteAt < 0) {
        firstFiniteAt = now;
      }
      double error = Math.abs(clientWall.ticks() - serverWall.ticks());
      maxError = Math.max(maxError, error);
      maxRatio = Math.max(maxRatio, error / dispersionNanos);
      if (error > dispersionNanos) {
        if (violations++ == 0) {
          firstViolation =
              String.format(
                  "at %.3f s: error %.0f ns > dispersion %.0f ns",
                  (now - start) / 1e9, error, dispersionNanos);
        }
      }
      if (now - firstFiniteAt >= settings.settleNanos()) {
        maxSettled = Math.max(maxSettled, dispersionNanos);
        sumSettled += dispersionNanos;
        settledSamples++;
      }
    }
    schedule(now + settings.sampleEveryNanos(), this::sample);
  }

  long sentSoFar() {
    return core.counters().sent();
  }
}
