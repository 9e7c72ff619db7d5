package org.dvbcss.companion.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.clock.Correlation;
import org.dvbcss.clock.SysClock;
import org.dvbcss.protocol.wc.Candidate;
import org.dvbcss.protocol.wc.UdpUrl;
import org.dvbcss.protocol.wc.WcMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSS-WC rules (R-WC-*). Runs on a thread of its own for {@link CheckConfig#duration()},
 * publishing the companion's wall clock estimate ({@link CheckContext#wallClock}) as soon as it has
 * one.
 *
 * <p><b>Measurement.</b> Raw exchanges ({@link WcProbe}) with the server of {@link
 * CheckConfig#wallClockServer()}, or else of CII's {@code wcUrl}: 10 requests per second for the
 * first 2 s, then 2 per second until the duration ends; then the robustness datagrams of R-WC-8,
 * each followed by a valid request. The first response is awaited for {@link
 * CheckConfig#connectTimeout()} (requests are repeated each second meanwhile), later ones for 1 s.
 *
 * <p><b>The published clock</b> is a {@link CorrelatedClock} ticking in nanoseconds (1e9 per
 * second) on this machine's {@link SysClock}; its correlation is the one {@link
 * Candidate#correlationFor(CorrelatedClock)} gives for the exchange whose error bound is lowest at
 * the time of each new exchange (the local clock's frequency error taken as the SysClock's 500
 * ppm), so its {@link Clock#dispersionAtTime(double) dispersion}, in seconds, is an honest bound.
 *
 * <p><b>Rate (R-WC-6)</b> is graded by {@link WcRate#grade}, with this machine's monotonic clock
 * assumed within {@link #LOCAL_RATE_ERROR_PPM} of true time; the error bounds of the exchanges it
 * uses are computed with that figure too.
 *
 * <p>Threading: {@link #start} returns at once; {@link #awaitEnd} and {@link #close} may be called
 * from any thread. Results are reported from the measuring thread.
 */
final class WcChecks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WcChecks.class);

  /**
   * The frequency error assumed for this machine's monotonic clock when grading the TV's rate, ppm:
   * a clock disciplined by NTP (as CLOCK_MONOTONIC is on a typical machine) stays well within it.
   */
  static final double LOCAL_RATE_ERROR_PPM = 50;

  /** The span a rate needs to be graded, seconds. */
  static final double RATE_SPAN_SECONDS = 60;

  /** How long a response to a later request is awaited, nanoseconds. */
  static final long RESPONSE_WAIT_NANOS = 1_000_000_000L;

  private static final long FAST_PHASE_NANOS = 2_000_000_000L;
  private static final long FAST_INTERVAL_NANOS = 100_000_000L;
  private static final long SLOW_INTERVAL_NANOS = 500_000_000L;
  private static final long MAINTAIN_INTERVAL_NANOS = 1_000_000_000L;

  /** The robustness datagrams of R-WC-8, in the order sent. */
  static final List<String> MALFORMED =
      List.of(
          "an 8-byte datagram",
          "a 64-byte datagram",
          "a version-1 request",
          "a type-1 message (a response sent as a request)",
          "a type-3 message",
          "32 random bytes");

  private final CheckContext ctx;
  private final @Nullable Thread thread;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile @Nullable WcProbe probe;
  private final @Nullable UdpUrl server;

  private WcChecks(CheckContext ctx, @Nullable UdpUrl server) {
    this.ctx = ctx;
    this.server = server;
    if (server != null) {
      Thread t = new Thread(this::runSafely, "dvbcss-check-wc");
      t.setDaemon(true);
      this.thread = t;
    } else {
      this.thread = null;
    }
  }

  /**
   * Starts the measurement, or reports every rule as not checked when there is no server.
   *
   * @param ctx the run
   * @return the running checks
   */
  static WcChecks start(CheckContext ctx) {
    UdpUrl server = ctx.config().wallClockServer();
    if (server == null) {
      Optional<String> wcUrl = ctx.cii().wcUrl();
      if (wcUrl.isEmpty()) {
        notChecked(ctx, "CII advertises no wcUrl");
        ctx.wallClock(Optional.empty());
        return new WcChecks(ctx, null);
      }
      String url = ctx.reachable(wcUrl.get());
      try {
        server = UdpUrl.parse(url);
      } catch (IllegalArgumentException e) {
        notChecked(ctx, "CII's wcUrl is not udp://host:port: " + url);
        ctx.wallClock(Optional.empty());
        return new WcChecks(ctx, null);
      }
    }
    WcChecks checks = new WcChecks(ctx, server);
    checks.thread.start();
    return checks;
  }

  private static void notChecked(CheckContext ctx, String why) {
    for (Rule r : Rules.all()) {
      if (r.area() == Area.WC) {
        ctx.report(RuleResult.of(r, Status.INFO, "not checked: " + why, r.statement()));
      }
    }
  }

  /**
   * Waits for the measurement to end and its results to be reported, at most {@code limit}. The
   * published clock is still kept up to date afterwards (one exchange a second, nothing reported)
   * until {@link #close()}, so that later checks can rely on it.
   */
  void awaitEnd(Duration limit) throws InterruptedException {
    if (thread != null) {
      ended.await(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS);
    }
  }

  /** Stops the measurement and waits for its thread, at most a few seconds. */
  @Override
  public void close() {
    stopping = true;
    WcProbe p = probe;
    if (p != null) {
      p.close();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ctx.wallClock(Optional.empty());
  }

  private void runSafely() {
    try {
      new Run(ctx, java.util.Objects.requireNonNull(server)).run();
    } catch (RuntimeException e) {
      log.warn("CSS-WC checks failed", e);
    } finally {
      ctx.wallClock(Optional.empty());
      ended.countDown();
    }
  }

  /** One measurement; confined to the measuring thread. */
  private final class Run {
    private final CheckContext ctx;
    private final UdpUrl url;
    private final SysClock local = new SysClock();
    private final CorrelatedClock wall =
        new CorrelatedClock(local, 1e9, new Correlation(0, 0, Double.POSITIVE_INFINITY, 0));
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<WcRate.Sample> samples = new ArrayList<>();
    private final List<Long> rtts = new ArrayList<>();
    private final List<Long> turnarounds = new ArrayList<>();
    private double bestDispersion = Double.POSITIVE_INFINITY;
    private boolean published;
    private boolean reported;
    private @Nullable Candidate previous;
    private @Nullable Correlation previousCorrelation;
    private long negativeRtt;
    private long stepChecks;
    private @Nullable String firstStepBack;
    private double firstOffsetNanos = Double.NaN;
    private final Series rttSeries;
    private final Series offsetSeries;
    private final Series boundSeries;

    Run(CheckContext ctx, UdpUrl url) {
      this.ctx = ctx;
      this.url = url;
      this.rttSeries = ctx.series("CSS-WC round trip", "ms", Rules.WC_9.id());
      this.offsetSeries = ctx.series("CSS-WC offset", "ms", Rules.WC_9.id());
      this.boundSeries = ctx.series("CSS-WC error bound", "ms", Rules.WC_9.id());
    }

    void run() {
      InetSocketAddress address;
      try {
        address = new InetSocketAddress(InetAddress.getByName(url.host()), url.port());
      } catch (UnknownHostException e) {
        notChecked(ctx, "the wall clock server's host " + url.host() + " does not resolve");
        return;
      }
      long start = System.nanoTime();
      long end = start + ctx.config().durationNanos();
      ctx.progress(
          "measuring the wall clock at "
              + url
              + " for "
              + ctx.config().duration().toSeconds()
              + " s");
      WcProbe p;
      try {
        p = new WcProbe(address, local);
      } catch (IOException e) {
        notChecked(ctx, "no UDP socket: " + e.getMessage());
        return;
      }
      probe = p;
      RuleResult robustness = null;
      try {
        if (!first(p, start)) {
          reportNoResponse(p);
          return;
        }
        long next = start + FAST_INTERVAL_NANOS;
        while (!stopping) {
          long now = System.nanoTime();
          if (now >= end) {
            break;
          }
          if (now < next) {
            if (!pause(Math.min(next, end) - now)) {
              break;
            }
            continue;
          }
          process(p.exchange(RESPONSE_WAIT_NANOS));
          next =
              Math.max(next, now)
                  + (now - start < FAST_PHASE_NANOS ? FAST_INTERVAL_NANOS : SLOW_INTERVAL_NANOS);
        }
        robustness = stopping ? null : robustness(p);
        reportAll(p, robustness);
        ended.countDown();
        maintain(p);
      } catch (IOException e) {
        // Closing the socket to stop the run ends a wait this way too: report what was seen.
        if (!stopping) {
          log.warn("CSS-WC socket failed", e);
        }
        reportAll(p, robustness);
      } finally {
        probe = null;
        p.close();
      }
    }

    /** Keeps the published clock up to date, one exchange a second, until stopped. */
    private void maintain(WcProbe p) throws IOException {
      while (!stopping) {
        if (!pause(MAINTAIN_INTERVAL_NANOS)) {
          return;
        }
        WcProbe.Exchange e = p.exchange(RESPONSE_WAIT_NANOS);
        Candidate c = e.candidate();
        if (c != null && c.rttNanos() >= 0) {
          improve(c);
        }
      }
    }

    /** Sets the published clock to a candidate if it gives a lower error bound now. */
    private void improve(Candidate c) {
      Correlation corr = c.correlationFor(wall);
      double localNow = local.ticks();
      if (!published
          || corr.errorAt(localNow, local.tickRate())
              < wall.correlation().errorAt(localNow, local.tickRate())) {
        wall.setCorrelation(corr);
      }
    }

    /** Repeats a request each second until a response or connectTimeout. */
    private boolean first(WcProbe p, long start) throws IOException {
      long limit = start + ctx.config().connectTimeout().toNanos();
      while (!stopping) {
        long left = limit - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        WcProbe.Exchange e = p.exchange(Math.min(left, RESPONSE_WAIT_NANOS));
        if (e.outcome() == WcProbe.Outcome.ANSWERED) {
          process(e);
          return true;
        }
      }
      return false;
    }

    private boolean pause(long nanos) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private void process(WcProbe.Exchange e) {
      Candidate c = e.candidate();
      if (c == null) {
        return;
      }
      if (c.rttNanos() < 0) {
        negativeRtt++;
        return;
      }
      candidates.add(c);
      rtts.add(c.rttNanos());
      turnarounds.add(c.t3() - c.t2());
      checkStep(c);
      Correlation corr = c.correlationFor(wall);
      improve(c);
      bestDispersion = Math.min(bestDispersion, corr.initialError());
      Correlation forRate = c.correlationFor(wall, LOCAL_RATE_ERROR_PPM);
      samples.add(
          new WcRate.Sample(
              (c.t1() + c.t4()) / 2.0, c.offsetNanos(), forRate.initialError() * 1e9));
      if (Double.isNaN(firstOffsetNanos)) {
        firstOffsetNanos = c.offsetNanos();
      }
      double at = ctx.elapsedSeconds();
      rttSeries.add(at, c.rttNanos() / 1e6);
      offsetSeries.add(at, (c.offsetNanos() - firstOffsetNanos) / 1e6);
      boundSeries.add(at, wall.dispersion() * 1e3);
      if (!published) {
        published = true;
        ctx.wallClock(Optional.of(wall));
      }
    }

    /**
     * R-WC-7: the server's first reading of this exchange (t2) must not be before its last reading
     * of the previous one (t3) by more than both readings' precision; and this exchange's estimate
     * must not lie below the previous one's, carried forward with its growing bound, by more than
     * the two bounds.
     */
    private void checkStep(Candidate c) {
      Candidate prev = previous;
      Correlation prevCorr = previousCorrelation;
      Correlation corr = c.correlationFor(wall);
      previous = c;
      previousCorrelation = corr;
      if (prev == null || prevCorr == null) {
        return;
      }
      stepChecks++;
      double slackNanos = (prev.serverPrecision() + c.serverPrecision()) * 1e9;
      double readingsBack = prev.t3() - c.t2();
      if (readingsBack > slackNanos && firstStepBack == null) {
        firstStepBack =
            String.format(
                "the server read %d ns at t2, %.3f ms before its previous reading t3 = %d ns"
                    + " (precision allows %.3f ms)",
                c.t2(), readingsBack / 1e6, prev.t3(), slackNanos / 1e6);
        return;
      }
      double predicted = prevCorr.childTicks() + (corr.parentTicks() - prevCorr.parentTicks());
      double bound =
          (prevCorr.errorAt(corr.parentTicks(), local.tickRate()) + corr.initialError()) * 1e9;
      double back = predicted - corr.childTicks();
      if (back > bound && firstStepBack == null) {
        firstStepBack =
            String.format(
                "the estimate stepped back by %.3f ms, beyond the two bounds' %.3f ms",
                back / 1e6, bound / 1e6);
      }
    }

    private @Nullable RuleResult robustness(WcProbe p) throws IOException {
      Random random = new Random();
      p.robustnessPhase = true;
      try {
        for (int i = 0; i < MALFORMED.size(); i++) {
          if (stopping) {
            return null;
          }
          p.sendRaw(malformed(i, random));
          WcProbe.Exchange e = p.exchange(RESPONSE_WAIT_NANOS);
          if (e.outcome() != WcProbe.Outcome.ANSWERED) {
            return RuleResult.of(
                    Rules.WC_8,
                    Status.FAIL,
                    "the server fell silent after "
                        + MALFORMED.get(i)
                        + ": a valid request sent next got no response within 1 s",
                    Rules.WC_8.statement())
                .with("silent_after", MALFORMED.get(i));
          }
          process(e);
        }
      } finally {
        p.robustnessPhase = false;
      }
      return RuleResult.of(
              Rules.WC_8,
              Status.PASS,
              "the server answered a valid request after each of: " + String.join(", ", MALFORMED),
              Rules.WC_8.statement())
          .with("malformed_sent", MALFORMED.size());
    }

    private byte[] malformed(int i, Random random) {
      long originate = (long) Math.floor(local.ticks());
      byte[] valid = WcMessage.request(originate).encode();
      switch (i) {
        case 0:
          return java.util.Arrays.copyOf(valid, 8);
        case 1:
          return java.util.Arrays.copyOf(valid, 64);
        case 2:
          valid[0] = 1;
          return valid;
        case 3:
          return new WcMessage(WcMessage.Type.RESPONSE, -20, 0, originate, originate, originate)
              .encode();
        case 4:
          return new WcMessage(WcMessage.Type.FOLLOW_UP, -20, 0, originate, originate, originate)
              .encode();
        default:
          byte[] r = new byte[WcMessage.SIZE];
          random.nextBytes(r);
          return r;
      }
    }

    private void reportNoResponse(WcProbe p) {
      String what =
          p.wrongSource > 0
              ? "no response from "
                  + url
                  + " within "
                  + ms(ctx.config().connectTimeout().toNanos())
                  + " ms; datagrams came from elsewhere: "
                  + p.firstWrongSource
              : p.fromServer > 0
                  ? "no usable response from "
                      + url
                      + " within "
                      + ms(ctx.config().connectTimeout().toNanos())
                      + " ms ("
                      + p.fromServer
                      + " datagrams that did not answer the requests)"
                  : "no response from "
                      + url
                      + " within "
                      + ms(ctx.config().connectTimeout().toNanos())
                      + " ms ("
                      + p.sent
                      + " requests sent)";
      if (p.fromServer > 0) {
        // The replies that came are still judged.
        reportAll(p, null);
        return;
      }
      ctx.report(
          RuleResult.of(Rules.WC_1, Status.FAIL, what, Rules.WC_1.statement())
              .with("requests_sent", p.sent)
              .with("wait_ms", ms(ctx.config().connectTimeout().toNanos())));
      for (Rule r : Rules.all()) {
        if (r.area() == Area.WC && r != Rules.WC_1) {
          ctx.report(
              RuleResult.of(
                  r,
                  Status.INFO,
                  "not checked: the wall clock server never answered",
                  r.statement()));
        }
      }
    }

    private void reportAll(WcProbe p, @Nullable RuleResult robustness) {
      if (reported) {
        return;
      }
      reported = true;
      ctx.report(wc1(p));
      ctx.report(wc2(p));
      ctx.report(wc3(p));
      ctx.report(wc4(p));
      ctx.report(wc5(p));
      ctx.report(wc6(p));
      ctx.report(wc7());
      ctx.report(
          robustness != null
              ? robustness
              : RuleResult.of(
                  Rules.WC_8,
                  Status.INFO,
                  "not checked: the measurement was stopped or got no usable response",
                  Rules.WC_8.statement()));
      ctx.report(wc9(p));
    }

    private RuleResult wc1(WcProbe p) {
      String expected = Rules.WC_1.statement();
      RuleResult r;
      if (p.wrongSource > 0) {
        r =
            RuleResult.of(
                Rules.WC_1,
                Status.FAIL,
                p.wrongSource + " datagrams from the wrong source, e.g. " + p.firstWrongSource,
                expected);
      } else if (p.wrongLength > 0) {
        r =
            RuleResult.of(
                Rules.WC_1,
                Status.FAIL,
                p.wrongLength + " replies not 32 bytes long, e.g. " + p.firstWrongLength,
                expected);
      } else if (p.answered == 0) {
        r =
            RuleResult.of(
                Rules.WC_1,
                Status.FAIL,
                p.fromServer + " datagrams came from the server but none answered a request",
                expected);
      } else {
        r =
            RuleResult.of(
                Rules.WC_1,
                Status.PASS,
                p.answered
                    + " of "
                    + p.sent
                    + " requests answered with 32-byte datagrams from "
                    + url
                    + " to this client's port",
                expected);
      }
      return r.with("requests_sent", p.sent)
          .with("answered", p.answered)
          .with("timed_out", p.timedOut)
          .with("wrong_source", p.wrongSource)
          .with("wrong_length", p.wrongLength);
    }

    private RuleResult wc2(WcProbe p) {
      String expected = Rules.WC_2.statement();
      RuleResult r;
      if (p.badType > 0) {
        r =
            RuleResult.of(
                Rules.WC_2,
                Status.FAIL,
                p.badType + " replies of a wrong type, e.g. " + p.firstBadType,
                expected);
      } else if (p.orphanFollowUp > 0) {
        r =
            RuleResult.of(
                Rules.WC_2,
                Status.FAIL,
                p.orphanFollowUp + " type-3 follow-ups came with no type-2 response before them",
                expected);
      } else if (p.followUpMissing > 0) {
        r =
            RuleResult.of(
                Rules.WC_2,
                Status.WARN,
                p.followUpMissing + " type-2 responses had no type-3 follow-up within 1 s",
                expected);
      } else if (p.answered == 0) {
        r =
            RuleResult.of(
                Rules.WC_2, Status.INFO, "not checked: no response matched a request", expected);
      } else {
        r =
            RuleResult.of(
                Rules.WC_2,
                Status.PASS,
                p.type1 > 0 && p.type2 == 0
                    ? p.type1 + " type-1 responses"
                    : p.type1
                        + " type-1 responses, "
                        + p.type2
                        + " type-2 responses each followed by a type-3 follow-up",
                expected);
      }
      return r.with("type1", p.type1)
          .with("type2", p.type2)
          .with("type3", p.type3)
          .with("follow_up_missing", p.followUpMissing);
    }

    private RuleResult wc3(WcProbe p) {
      String expected = Rules.WC_3.statement();
      RuleResult r;
      if (p.altered > 0) {
        r =
            RuleResult.of(
                Rules.WC_3,
                Status.FAIL,
                p.altered + " replies carried an originate value no request had: " + p.firstAltered,
                expected);
      } else if (p.matched == 0) {
        r = RuleResult.of(Rules.WC_3, Status.INFO, "not checked: no 32-byte reply came", expected);
      } else {
        r =
            RuleResult.of(
                Rules.WC_3,
                Status.PASS,
                p.matched + " replies echoed the originate value byte for byte",
                expected);
      }
      return r.with("matched", p.matched).with("altered", p.altered).with("late", p.late);
    }

    private RuleResult wc4(WcProbe p) {
      String expected = Rules.WC_4.statement();
      if (p.fieldViolations > 0) {
        return RuleResult.of(
                Rules.WC_4,
                Status.FAIL,
                p.fieldViolations
                    + " of "
                    + p.fieldsChecked
                    + " replies were malformed, e.g. "
                    + p.firstFieldViolation,
                expected)
            .with("checked", p.fieldsChecked);
      }
      if (p.fieldsChecked == 0) {
        return RuleResult.of(
            Rules.WC_4, Status.INFO, "not checked: no reply matched a request", expected);
      }
      return RuleResult.of(
              Rules.WC_4,
              Status.PASS,
              p.fieldsChecked
                  + " replies: version 0, nanosecond fields below 10^9, receive not after transmit",
              expected)
          .with("checked", p.fieldsChecked);
    }

    private RuleResult wc5(WcProbe p) {
      String expected = Rules.WC_5.statement();
      if (p.precisions.isEmpty()) {
        return RuleResult.of(Rules.WC_5, Status.INFO, "not checked: no reply decoded", expected);
      }
      List<Integer> values = new ArrayList<>(p.precisions);
      int worst = values.get(0);
      for (int v : values) {
        if (v < -30 || v > -7) {
          worst = v;
          break;
        }
      }
      boolean plausible = worst >= -30 && worst <= -7;
      String meaning =
          String.format(
              "precision %d: 2^%d s = %s", worst, worst, seconds(WcMessage.decodePrecision(worst)));
      return RuleResult.of(
              Rules.WC_5,
              plausible ? Status.PASS : Status.WARN,
              plausible ? meaning : meaning + ", outside 2^-30 s .. 2^-7 s",
              expected)
          .with("precision_log2", worst)
          .with("precision_s", WcMessage.decodePrecision(worst))
          .with("precision_values_log2", values);
    }

    private RuleResult wc6(WcProbe p) {
      String expected = Rules.WC_6.statement();
      if (p.maxFreqErrors.isEmpty()) {
        return RuleResult.of(Rules.WC_6, Status.INFO, "not checked: no reply decoded", expected);
      }
      long field = Collections.max(p.maxFreqErrors);
      double declared = field / 256.0;
      WcRate.Grade g = WcRate.grade(samples, declared, LOCAL_RATE_ERROR_PPM, RATE_SPAN_SECONDS);
      RuleResult r =
          RuleResult.of(Rules.WC_6, g.status(), g.message(), expected)
              .with("declared_ppm", declared)
              .with("local_assumed_ppm", LOCAL_RATE_ERROR_PPM)
              .with("span_s", g.spanSeconds());
      if (!Double.isNaN(g.measuredPpm())) {
        r =
            r.with("rate_ppm", g.measuredPpm())
                .with("uncertainty_ppm", g.uncertaintyPpm())
                .with("allowed_ppm", g.allowedPpm());
      }
      return r;
    }

    private RuleResult wc7() {
      String expected = Rules.WC_7.statement();
      if (firstStepBack != null) {
        return RuleResult.of(Rules.WC_7, Status.FAIL, firstStepBack, expected)
            .with("exchanges_compared", stepChecks);
      }
      if (stepChecks == 0) {
        return RuleResult.of(
            Rules.WC_7, Status.INFO, "not checked: fewer than two usable exchanges", expected);
      }
      return RuleResult.of(
              Rules.WC_7,
              Status.PASS,
              stepChecks + " consecutive exchanges compared; no step back beyond their bounds",
              expected)
          .with("exchanges_compared", stepChecks);
    }

    private RuleResult wc9(WcProbe p) {
      String expected = Rules.WC_9.statement();
      if (rtts.isEmpty()) {
        return RuleResult.of(Rules.WC_9, Status.INFO, "not measured: no usable exchange", expected)
            .with("negative_rtt", negativeRtt);
      }
      List<Long> r = new ArrayList<>(rtts);
      Collections.sort(r);
      List<Long> t = new ArrayList<>(turnarounds);
      Collections.sort(t);
      double min = r.get(0) / 1e6;
      double median = r.get(r.size() / 2) / 1e6;
      double max = r.get(r.size() - 1) / 1e6;
      String message =
          String.format(
              "%d exchanges: round trip min %.3f / median %.3f / max %.3f ms; server turnaround"
                  + " median %.3f ms; best error bound %.3f ms",
              r.size(), min, median, max, t.get(t.size() / 2) / 1e6, bestDispersion * 1e3);
      return RuleResult.of(Rules.WC_9, Status.INFO, message, expected)
          .with("exchanges", r.size())
          .with("rtt_min_ms", min)
          .with("rtt_median_ms", median)
          .with("rtt_max_ms", max)
          .with("turnaround_min_ms", t.get(0) / 1e6)
          .with("turnaround_median_ms", t.get(t.size() / 2) / 1e6)
          .with("turnaround_max_ms", t.get(t.size() - 1) / 1e6)
          .with("best_dispersion_ms", bestDispersion * 1e3)
          .with("negative_rtt", negativeRtt)
          .with("timed_out", p.timedOut);
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String seconds(double s) {
    if (s >= 1) {
      return String.format("%.3g s", s);
    }
    if (s >= 1e-3) {
      return String.format("%.3g ms", s * 1e3);
    }
    if (s >= 1e-6) {
      return String.format("%.3g µs", s * 1e6);
    }
    return String.format("%.3g ns", s * 1e9);
  }
}
