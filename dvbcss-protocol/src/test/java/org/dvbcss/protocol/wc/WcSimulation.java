package org.dvbcss.protocol.wc;

import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.ManualTimeSource;
import org.dvbcss.clock.SysClock;
import org.dvbcss.clock.TimeSource;

/**
 * A deterministic simulation of a CSS-WC client and server on one {@link ManualTimeSource} (the
 * true time), with a fake network and clocks pushed to the limits they declare.
 *
 * <ul>
 *   <li>The client's local clock is not the true time: its rate is off by up to a maximum (at the
 *       declared value, or beyond it for a negative test) and changes during the run; its readings
 *       are quantised to a step.
 *   <li>The server's wall clock drifts the same way against the true time, its readings (t2, t3)
 *       are quantised to a step, and it may be stepped.
 *   <li>The network has random asymmetric delays, loss, duplication (and so reordering), route
 *       changes (delay steps up and down on either leg), sustained periods with all the delay on
 *       one leg, and outages in which every datagram is lost.
 * </ul>
 *
 * <p>The honesty check runs just before and just after every event (see {@link #check()} for why
 * that finds the worst instant). Time moves event by event; nothing sleeps. Not thread safe.
 */
final class WcSimulation {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;
  static final long MIN = 60 * S;

  /** How the one-way delays are spread over the two legs. */
  enum Path {
    /** Both legs random. */
    BOTH,
    /** All the delay on the request leg; the response arrives at once. */
    REQUEST_LEG,
    /** All the delay on the response leg. */
    RESPONSE_LEG
  }

  /**
   * Settings of a run: a mutable builder of a test's scenario, copied with {@link #copy()}. Times
   * in nanoseconds, rates in ppm, precisions in seconds.
   */
  static final class Settings implements Cloneable {
    long seed;
    WallClockAlgorithm algorithm;
    boolean followUp;
    long durationNanos = 24 * 3600 * S;
    // network
    long minOneWayDelayNanos = 100_000;
    long maxOneWayDelayNanos = 50 * MS;
    double lossProbability = 0.05;
    double duplicateProbability = 0.03;

    /**
     * A wake-up cost: each leg of an exchange whose request leaves at least {@code coldAfterNanos}
     * after the client's last received datagram takes up to this much longer (uniform), as the
     * first exchange after an idle spell does on a real machine; 0 for none.
     */
    long coldExtraMaxNanos;

    long coldAfterNanos = MS;

    /** 0: no route changes, BOTH legs random; otherwise the mean time between route changes. */
    long routeChangeEveryNanos;

    /** The largest extra delay a route adds to a leg. */
    long routeExtraMaxNanos = 40 * MS;

    /** Whether a route may put all the delay on one leg (for the route's whole duration). */
    boolean oneLegRoutes;

    /** 0: no outages; otherwise the mean time between outages. */
    long outageEveryNanos;

    long outageMaxNanos = 10 * MIN;
    long serverSilentUntilNanos;
    // server
    double serverDeclaredPpm = 500;
    double serverActualPpm = 500;

    /** The precision the server declares is 2^this seconds. */
    int serverPrecisionLog2 = -20;

    /** The step of the server's readings, ns; 0 for exact readings. */
    long serverQuantumNanos = 950;

    /** The server answers 0 to this long after the request arrived. */
    long serverHoldMaxNanos = MS;

    long serverRateChangeEveryNanos = 10 * MIN;

    /** A server clock step of {@code stepNanos} at {@code stepAtNanos} (0: none). */
    long stepAtNanos;

    long stepNanos;
    long secondStepAtNanos;
    long secondStepNanos;
    // client
    double clientDeclaredPpm = 500;
    double clientActualPpm = 500;
    double clientPrecision = 1e-6;
    long clientQuantumNanos = 1000;
    long clientRateChangeEveryNanos = 7 * MIN;

    /** The share of rate changes (both sides) that go exactly to +max or -max. */
    double extremeRates = 0.5;

    /**
     * 0: rate changes are instant (the conditions of the offset-only algorithms). Otherwise the
     * ramp mode: a rate change picks a new target rate, and each side's rate moves towards it by at
     * most half of this (ppm per second), so the relative frequency changes by at most this.
     */
    double rampPpmPerSecond;

    /** In the ramp mode, the rates move in steps this far apart (a fine staircase). */
    long rampStepNanos = 100 * MS;

    // checking
    long sampleEveryNanos = 250 * MS;
    long settleNanos = 60 * S;
    boolean stopAtFirstViolation;
    DispersionFormula formula = DispersionFormula.FULL;

    /** Told of every sample; null for none. */
    SampleListener sampleListener;

    /** The 24-hour run: every clock at its declared limit, a hostile but steady network. */
    static Settings standard(long seed, WallClockAlgorithm algorithm, boolean followUp) {
      Settings s = new Settings();
      s.seed = seed;
      s.algorithm = algorithm;
      s.followUp = followUp;
      return s;
    }

    /** The standard run plus route changes, one-leg paths, outages and coarse server readings. */
    static Settings limits(long seed, WallClockAlgorithm algorithm, boolean followUp) {
      Settings s = standard(seed, algorithm, followUp);
      s.routeChangeEveryNanos = 4 * MIN;
      s.oneLegRoutes = true;
      s.outageEveryNanos = 90 * MIN;
      s.serverPrecisionLog2 = -12; // 244 us
      s.serverQuantumNanos = 244_000;
      s.clientPrecision = 100e-6;
      s.clientQuantumNanos = 100_000;
      return s;
    }

    Settings copy() {
      try {
        return (Settings) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    Settings withDuration(long nanos) {
      Settings s = copy();
      s.durationNanos = nanos;
      return s;
    }

    Settings withServerSilentFor(long nanos) {
      Settings s = copy();
      s.serverSilentUntilNanos = nanos;
      return s;
    }
  }

  /** Told of each regular sample of the reported dispersion. */
  interface SampleListener {
    /**
     * One sample.
     *
     * @param sinceStartNanos true time since the start of the run, ns
     * @param dispersionNanos the wall clock's reported dispersion, ns; +infinity if unknown
     * @param sent requests sent so far
     */
    void sample(long sinceStartNanos, double dispersionNanos, long sent);
  }

  /** What a run saw. Dispersions and errors in nanoseconds; times relative to the start. */
  record Figures(
      long seed,
      long samples,
      long checks,
      long firstFiniteAtNanos,
      long violations,
      String firstViolation,
      long violationsAfterStepsSettled,
      long worstReconvergeNanos,
      double maxErrorNanos,
      double maxErrorToDispersion,
      double maxSettledDispersionNanos,
      double meanSettledDispersionNanos,
      long infiniteSamplesAfterFirstFinite,
      WallClockClientCore.Counters counters,
      long serverResponses,
      long datagramsLost,
      long datagramsDuplicated,
      long outages,
      long routeChanges) {

    String summary(String name) {
      return String.format(
          "%s seed=%d: %d samples, %d checks, synced after %.3f s, error max %.3f ms (%.1f%% of"
              + " its dispersion at worst), settled dispersion max %.3f ms mean %.3f ms, %d"
              + " violations; %s; server answered %d; network lost %d, duplicated %d; %d outages,"
              + " %d route changes",
          name,
          seed,
          samples,
          checks,
          firstFiniteAtNanos / 1e9,
          maxErrorNanos / 1e6,
          100 * maxErrorToDispersion,
          maxSettledDispersionNanos / 1e6,
          meanSettledDispersionNanos / 1e6,
          violations,
          counters,
          serverResponses,
          datagramsLost,
          datagramsDuplicated,
          outages,
          routeChanges);
    }
  }

  private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /**
   * A clock reading of the true time through an oscillator whose rate is off by a settable amount,
   * quantised to a step: the time source of a drifting, coarse local clock.
   */
  static final class DriftingSource implements TimeSource {
    private final ManualTimeSource truth;
    private final long quantum;
    private long baseTrue;
    private double baseLocal;
    private double rate;

    DriftingSource(ManualTimeSource truth, double startLocal, long quantum) {
      this.truth = truth;
      this.baseTrue = truth.nanoTime();
      this.baseLocal = startLocal;
      this.quantum = Math.max(quantum, 1);
    }

    /** The unquantised local time at a true instant, ns. */
    double localAt(long trueNanos) {
      return baseLocal + (trueNanos - baseTrue) * (1 + rate);
    }

    /** Changes the rate error from now on (no jump). */
    void setRate(double fraction) {
      long now = truth.nanoTime();
      baseLocal = localAt(now);
      baseTrue = now;
      rate = fraction;
    }

    long floorReading(long trueNanos) {
      return Math.floorDiv((long) Math.floor(localAt(trueNanos)), quantum) * quantum;
    }

    long ceilReading(long trueNanos) {
      long c = (long) Math.ceil(localAt(trueNanos));
      return -Math.floorDiv(-c, quantum) * quantum;
    }

    /**
     * The first true instant at or after {@code notBefore} when a reading is at least {@code n}.
     */
    long trueWhenReadingReaches(long n, long notBefore) {
      long target = -Math.floorDiv(-n, quantum) * quantum;
      long t = baseTrue + (long) Math.ceil((target - baseLocal) / (1 + rate));
      t = Math.max(t - 2, notBefore);
      while (floorReading(t) < n) {
        t++;
      }
      return t;
    }

    @Override
    public long nanoTime() {
      return floorReading(truth.nanoTime());
    }

    @Override
    public boolean isRealTime() {
      return false;
    }

    @Override
    public void addAdvanceListener(Runnable listener) {
      truth.addAdvanceListener(listener);
    }
  }

  /** Passes everything on to the algorithm and notes when a post-step measurement was taken. */
  private final class Watch implements WallClockAlgorithm {
    private final WallClockAlgorithm inner;

    Watch(WallClockAlgorithm inner) {
      this.inner = inner;
    }

    @Override
    public void start(CorrelatedClock wallClock) {
      inner.start(wallClock);
    }

    @Override
    public long responseTimeoutNanos() {
      return inner.responseTimeoutNanos();
    }

    @Override
    public long onCandidate(Candidate candidate, CorrelatedClock wallClock) {
      Correlation before = wallClock.correlation();
      long delay = inner.onCandidate(candidate, wallClock);
      WallClockAlgorithm setter = inner instanceof Burst b ? b.inner() : inner;
      boolean postStep =
          setter instanceof FrequencyTracking ft
              // a window of candidates: all of them must be post-step
              ? ft.oldestSampleT1() >= stepLocalNanos
              : candidate.t1() >= stepLocalNanos;
      if (wallClock.correlation() != before && stepPending && postStep) {
        stepPending = false; // a measurement made wholly after the step now sets the clock
        worstReconverge = Math.max(worstReconverge, time.nanoTime() - stepTrueNanos);
      }
      return delay;
    }

    @Override
    public long onTimeout(CorrelatedClock wallClock) {
      return inner.onTimeout(wallClock);
    }
  }

  // wake-up model: when the client last received a datagram, and whether this exchange is cold
  private long lastClientReceiveNanos = Long.MIN_VALUE / 2;
  private boolean coldExchange;

  // ramp mode: the rates the two sides are moving to, as fractions
  private double serverTarget;
  private double clientTarget;
  private double serverRate;
  private double clientRate;

  private final Settings settings;
  private final Random random;
  private final ManualTimeSource time = new ManualTimeSource(1_000 * S);
  private final long start = time.nanoTime();
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long seq;

  private final DriftingSource serverSource;
  private final SysClock serverRoot;
  private final CorrelatedClock serverWall;
  private final WallClockServerCore server;
  private final DriftingSource clientSource;
  private final SysClock clientLocal;
  private final CorrelatedClock clientWall;
  private final WallClockClientCore core;

  // network state
  private Path path = Path.BOTH;
  private long extraRequest;
  private long extraResponse;
  private boolean inOutage;
  private long lost;
  private long duplicated;
  private long outages;
  private long routeChanges;
  // steps
  private boolean stepPending;
  private long stepTrueNanos;
  private long stepLocalNanos;
  private long worstReconverge;
  // figures
  private long samples;
  private long checks;
  private long firstFiniteAt = -1;
  private long violations;
  private long violationsOutsideStepWindows;
  private String firstViolation = "";
  String firstOutside = "";
  private double maxError;
  private double maxRatio;
  private double maxSettled;
  private double sumSettled;
  private long settledSamples;
  private long infiniteAfterFinite;

  WcSimulation(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed);
    // the server's root runs true; its wall clock drifts against it; readings are quantised
    serverSource = new DriftingSource(time, time.nanoTime(), settings.serverQuantumNanos);
    serverRoot =
        SysClock.builder()
            .timeSource(serverSource)
            .precision(Math.scalb(1.0, settings.serverPrecisionLog2))
            .maxFreqErrorPpm(settings.serverDeclaredPpm)
            .build();
    long serverStart = (100_000 + random.nextInt(10_000_000)) * S + random.nextInt(1_000_000_000);
    serverWall =
        new CorrelatedClock(
            serverRoot,
            1e9,
            new Correlation(time.nanoTime(), serverStart),
            1 + randomRate(settings.serverActualPpm));
    server =
        new WallClockServerCore(
            serverWall,
            Math.scalb(1.0, settings.serverPrecisionLog2),
            Double.NaN,
            settings.followUp);
    clientSource =
        new DriftingSource(
            time, 5_000.0 * S + random.nextInt(1_000_000), settings.clientQuantumNanos);
    clientSource.setRate(randomRate(settings.clientActualPpm));
    clientLocal =
        SysClock.builder()
            .timeSource(clientSource)
            .precision(settings.clientPrecision)
            .maxFreqErrorPpm(settings.clientDeclaredPpm)
            .build();
    clientWall = new CorrelatedClock(clientLocal, 1e9, new Correlation(0, 0));
    core = new WallClockClientCore(clientWall, new Watch(settings.algorithm));
  }

  /** A rate error within ±maxPpm, a share {@code extremeRates} of the time exactly at one end. */
  private double randomRate(double maxPpm) {
    double u = random.nextDouble();
    double half = settings.extremeRates / 2;
    double r = u < half ? -1 : u < 2 * half ? 1 : 2 * random.nextDouble() - 1;
    return r * maxPpm * 1e-6;
  }

  /** The server's true wall clock now, ns: its wall clock over the unquantised root. */
  private double serverTruth() {
    return serverWall.fromParentTicks(time.nanoTime());
  }

  Figures run() {
    long end = start + settings.durationNanos;
    schedule(start, this::sample);
    schedule(start + settings.serverRateChangeEveryNanos, this::changeServerRate);
    schedule(start + settings.clientRateChangeEveryNanos, this::changeClientRate);
    if (settings.rampPpmPerSecond > 0) {
      serverRate = serverWall.speed() - 1;
      serverTarget = serverRate;
      clientRate = clientSource.rate;
      clientTarget = clientRate;
      schedule(start + settings.rampStepNanos, this::ramp);
    }
    if (settings.routeChangeEveryNanos > 0) {
      schedule(start + randomUpTo(2 * settings.routeChangeEveryNanos), this::changeRoute);
    }
    if (settings.outageEveryNanos > 0) {
      schedule(start + randomUpTo(2 * settings.outageEveryNanos), this::outage);
    }
    if (settings.stepAtNanos > 0) {
      schedule(start + settings.stepAtNanos, () -> step(settings.stepNanos));
    }
    if (settings.secondStepAtNanos > 0) {
      schedule(start + settings.secondStepAtNanos, () -> step(settings.secondStepNanos));
    }
    while (!(settings.stopAtFirstViolation && violations > 0)) {
      long now = time.nanoTime();
      long coreAt = clientSource.trueWhenReadingReaches(core.nextActionNanos(), now);
      Event next = queue.peek();
      boolean coreFirst = next == null || coreAt <= next.at();
      long at = coreFirst ? coreAt : next.at();
      if (at > end) {
        break;
      }
      time.set(at);
      check(); // just before the event
      if (coreFirst) {
        long before = core.nextActionNanos();
        core.poll(clientSource.floorReading(at)).ifPresent(d -> toServer(d));
        if (core.nextActionNanos() == before && !core.isAwaitingResponse()) {
          throw new AssertionError("core made no progress at " + at + "; seed " + settings.seed);
        }
      } else {
        queue.poll().action().run();
      }
      check(); // just after it
    }
    return new Figures(
        settings.seed,
        samples,
        checks,
        firstFiniteAt < 0 ? -1 : firstFiniteAt - start,
        violations,
        firstViolation,
        violationsOutsideStepWindows,
        stepPending ? Long.MAX_VALUE : worstReconverge,
        maxError,
        maxRatio,
        maxSettled,
        settledSamples == 0 ? Double.NaN : sumSettled / settledSamples,
        infiniteAfterFinite,
        core.counters(),
        server.responses(),
        lost,
        duplicated,
        outages,
        routeChanges);
  }

  private void schedule(long at, Runnable action) {
    queue.add(new Event(at, seq++, action));
  }

  private long randomUpTo(long nanos) {
    return 1 + (long) (random.nextDouble() * nanos);
  }

  // ------------------------------------------------------------------ network

  private long randomLeg() {
    // skewed: most datagrams are quick, some take up to the maximum
    double u = random.nextDouble();
    return settings.minOneWayDelayNanos
        + (long) (u * u * (settings.maxOneWayDelayNanos - settings.minOneWayDelayNanos));
  }

  private long delay(boolean request) {
    return switch (path) {
      case BOTH -> randomLeg() + (request ? extraRequest : extraResponse);
      case REQUEST_LEG -> request ? randomLeg() + extraRequest : 0;
      case RESPONSE_LEG -> request ? 0 : randomLeg() + extraResponse;
    };
  }

  private void send(byte[] datagram, boolean request, Consumer<byte[]> receiver) {
    long now = time.nanoTime();
    if (request) {
      coldExchange =
          settings.coldExtraMaxNanos > 0 && now - lastClientReceiveNanos >= settings.coldAfterNanos;
    }
    if (inOutage || random.nextDouble() < settings.lossProbability) {
      lost++;
      return;
    }
    schedule(now + delay(request) + wakeUp(), () -> receiver.accept(datagram));
    if (random.nextDouble() < settings.duplicateProbability) {
      duplicated++;
      schedule(now + delay(request) + wakeUp(), () -> receiver.accept(datagram.clone()));
    }
  }

  /** The wake-up cost of a leg of the current exchange, ns. */
  private long wakeUp() {
    return coldExchange ? (long) (random.nextDouble() * settings.coldExtraMaxNanos) : 0;
  }

  private void toServer(byte[] datagram) {
    send(datagram, true, this::serverReceives);
  }

  private void toClient(byte[] datagram) {
    send(
        datagram,
        false,
        d -> {
          lastClientReceiveNanos = time.nanoTime();
          core.onDatagram(ByteBuffer.wrap(d), clientSource.ceilReading(time.nanoTime()));
        });
  }

  /** A route change: each leg's extra delay steps up or down; sometimes one leg takes it all. */
  private void changeRoute() {
    routeChanges++;
    double u = random.nextDouble();
    path =
        !settings.oneLegRoutes || u < 0.4
            ? Path.BOTH
            : u < 0.7 ? Path.REQUEST_LEG : Path.RESPONSE_LEG;
    extraRequest = random.nextBoolean() ? 0 : randomUpTo(settings.routeExtraMaxNanos);
    extraResponse = random.nextBoolean() ? 0 : randomUpTo(settings.routeExtraMaxNanos);
    schedule(time.nanoTime() + randomUpTo(2 * settings.routeChangeEveryNanos), this::changeRoute);
  }

  private void outage() {
    outages++;
    inOutage = true;
    schedule(
        time.nanoTime() + randomUpTo(settings.outageMaxNanos),
        () -> {
          inOutage = false;
          schedule(time.nanoTime() + randomUpTo(2 * settings.outageEveryNanos), this::outage);
        });
  }

  // ------------------------------------------------------------------ clocks

  private void serverReceives(byte[] datagram) {
    if (time.nanoTime() < start + settings.serverSilentUntilNanos) {
      return; // no server yet
    }
    double receivedTicks = serverWall.ticks();
    long processing = (long) (random.nextDouble() * settings.serverHoldMaxNanos);
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

  private void changeServerRate() {
    if (settings.rampPpmPerSecond > 0) {
      serverTarget = randomRate(settings.serverActualPpm);
    } else {
      serverWall.rebaseCorrelationAtParentTicks(time.nanoTime());
      serverWall.setSpeed(1 + randomRate(settings.serverActualPpm));
    }
    schedule(
        time.nanoTime() + randomUpTo(2 * settings.serverRateChangeEveryNanos),
        this::changeServerRate);
  }

  private void changeClientRate() {
    if (settings.rampPpmPerSecond > 0) {
      clientTarget = randomRate(settings.clientActualPpm);
    } else {
      clientSource.setRate(randomRate(settings.clientActualPpm));
    }
    schedule(
        time.nanoTime() + randomUpTo(2 * settings.clientRateChangeEveryNanos),
        this::changeClientRate);
  }

  /**
   * One step of the ramps: each side's rate moves towards its target by at most half the wander.
   */
  private void ramp() {
    double most = settings.rampPpmPerSecond / 2 * 1e-6 * settings.rampStepNanos / 1e9;
    double s = serverRate + Math.max(-most, Math.min(most, serverTarget - serverRate));
    if (s != serverRate) {
      serverRate = s;
      serverWall.rebaseCorrelationAtParentTicks(time.nanoTime());
      serverWall.setSpeed(1 + s);
    }
    double c = clientRate + Math.max(-most, Math.min(most, clientTarget - clientRate));
    if (c != clientRate) {
      clientRate = c;
      clientSource.setRate(c);
    }
    schedule(time.nanoTime() + settings.rampStepNanos, this::ramp);
  }

  private void step(long nanos) {
    serverWall.rebaseCorrelationAtParentTicks(time.nanoTime());
    Correlation c = serverWall.correlation();
    serverWall.setCorrelation(new Correlation(c.parentTicks(), c.childTicks() + nanos));
    stepPending = true;
    stepTrueNanos = time.nanoTime();
    stepLocalNanos = clientSource.ceilReading(time.nanoTime());
  }

  // ------------------------------------------------------------------ the property

  /**
   * Checks the bound now. Called just before and just after every event, which finds the worst
   * instant of the whole run: between two events nothing changes its rate (the client's and the
   * server's rates, the correlation and the step all change only at events), so the true server
   * time, the client's unquantised local time, the client's estimate at that local time and its
   * dispersion are all linear in time. The error is then the absolute value of a linear function
   * (convex) and the bound is linear, so their difference is largest at one end of the interval.
   * The client's readings are quantised: a reading lies in (local − step, local], and the estimate
   * and bound at both ends of that range are checked, which covers the sawtooth.
   */
  private void check() {
    checks++;
    Correlation corr = clientWall.correlation();
    double local = clientSource.localAt(time.nanoTime());
    double atLocal = settings.formula.dispersionAt(clientWall, corr, local);
    if (Double.isInfinite(atLocal)) {
      return;
    }
    if (settings.formula == DispersionFormula.FULL) {
      double reported = clientWall.dispersion();
      double same = settings.formula.dispersionAt(clientWall, corr, clientLocal.ticks());
      // at a speed other than 1 the clock converts its reading back to parent ticks (near 1e16),
      // which rounds: allow 0.1 ns, far below the few nanoseconds FrequencyTracking adds for it
      double tolerance = clientWall.speed() == 1 ? 1e-12 : 1e-10;
      if (Math.abs(reported - same) > tolerance) {
        throw new AssertionError(
            "reported dispersion " + reported + " is not the formula's " + same);
      }
    }
    double truth = serverTruth();
    // the lowest reading the quantised clock can show now: floor(local) rounded down to its step
    long q = Math.max(settings.clientQuantumNanos, 1);
    for (double reading : new double[] {local, Math.floor(local) - (q - 1)}) {
      double bound = settings.formula.dispersionAt(clientWall, corr, reading) * 1e9;
      double error = Math.abs(clientWall.fromParentTicks(reading) - truth);
      maxError = Math.max(maxError, error);
      maxRatio = Math.max(maxRatio, error / bound);
      if (error > bound) {
        if (!stepPending && violationsOutsideStepWindows++ == 0) {
          firstOutside =
              String.format(
                  "at %.6f s: error %.0f ns > dispersion %.0f ns",
                  (time.nanoTime() - start) / 1e9, error, bound);
        }
        if (violations++ == 0) {
          firstViolation =
              String.format(
                  "at %.6f s: error %.0f ns > dispersion %.0f ns",
                  (time.nanoTime() - start) / 1e9, error, bound);
        }
      }
    }
  }

  /** Statistics of the reported dispersion on a regular grid. */
  private void sample() {
    long now = time.nanoTime();
    double dispersionNanos = clientWall.dispersion() * 1e9;
    samples++;
    if (settings.sampleListener != null) {
      settings.sampleListener.sample(now - start, dispersionNanos, core.counters().sent());
    }
    if (Double.isInfinite(dispersionNanos)) {
      if (firstFiniteAt >= 0) {
        infiniteAfterFinite++;
      }
    } else {
      if (firstFiniteAt < 0) {
        firstFiniteAt = now;
      }
      if (now - firstFiniteAt >= settings.settleNanos) {
        maxSettled = Math.max(maxSettled, dispersionNanos);
        sumSettled += dispersionNanos;
        settledSamples++;
      }
    }
    schedule(now + settings.sampleEveryNanos, this::sample);
  }

  long sentSoFar() {
    return core.counters().sent();
  }
}
