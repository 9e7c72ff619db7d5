package org.dvbcss.companion.player;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dvbcss.clock.Clock;
import org.dvbcss.clock.OffsetClock;
import org.dvbcss.clock.TimeSource;
import org.dvbcss.companion.Companion;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.dvbcss.protocol.ts.Timestamp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a media {@link Player} in step with the TV's timeline that a companion follows, by nudging
 * the player's rate and, for large errors, seeking it; says how well it does ({@link #report()},
 * {@link AccuracyAlert alerts}) and can tell the TV where the player is (CSS-TS timing reports).
 *
 * <pre>{@code
 * PlayerSynchroniser sync = PlayerSynchroniser.forCompanion(companion, myPlayer, SyncConfig.defaults());
 * try (AutoCloseable running = sync.start()) { // ticks every 10 ms on its own thread
 *   ... sync.report().errorSeconds() ...
 * }
 * }</pre>
 *
 * <p><b>The controller</b>, each {@link #tick()}:
 *
 * <ol>
 *   <li><i>Target.</i> The player should show, at local time t, what the TV shows at t: it must be
 *       at the TV's position at t + L, where L is the player's output latency plus the calibration
 *       ({@link SyncConfig#calibrationSeconds()}). The target is an {@link OffsetClock} L seconds
 *       ahead of the timeline clock (the offset scales with the TV's speed and vanishes when it
 *       pauses).
 *   <li><i>Estimate.</i> The player's position is estimated by a model-based exponential filter:
 *       between readings it is moved on by the rates commanded (each taking effect {@link
 *       SyncConfig#deadTimeSeconds() dead time} after it was commanded), and each reading (plus
 *       half the player's position quantum, which readings round down) pulls it by a weight that
 *       starts at 1/n (a running mean) and settles to 1 − exp(−Δt/τ) ({@link
 *       SyncConfig#filterTimeConstantSeconds() τ}). The filter knows its own noise (the quantum's
 *       standard deviation scaled by the weights; readings of a paused player repeat the same
 *       rounding, so they do not reduce it). A reading far from the estimate (a jump) or an
 *       unsettled player restarts it. Because the estimate is of the player and the error is
 *       computed afresh from the timeline clock each tick, a TV pause, seek or speed change is seen
 *       at once, not through the filter.
 *   <li><i>Predict.</i> The error is predicted one dead time ahead, with the rates already
 *       commanded: the controller acts on where the error will be when a new rate can take effect.
 *   <li><i>Noise floor.</i> The floor is the timeline clock's dispersion (the companion's error
 *       bound) plus twice the filter's noise; the thresholds below are raised to it, so the
 *       controller never chases noise smaller than what it cannot know.
 *   <li><i>Act.</i> TV paused: the player is paused and, if the predicted error exceeds the act
 *       threshold, sought (at most once per {@link SyncConfig#cooldownSeconds() cooldown}).
 *       Playing: a predicted error above {@link SyncConfig#seekThresholdSeconds()} seeks to the
 *       TV's position one {@link SyncConfig#seekLeadSeconds() seek lead} ahead (the lead is learnt
 *       from where seeks land, if {@link SyncConfig#adaptSeekLead()}); otherwise, with hysteresis
 *       (start above {@link SyncConfig#actSeconds()}, stop below {@link
 *       SyncConfig#releaseSeconds()}), the rate is the TV's speed times (1 + c), c = −error /
 *       (horizon × speed), in steps of {@link SyncConfig#rateStep()}, clamped to ±{@link
 *       SyncConfig#rateLimit()}. Proportional nulling with the dead-time lead brings the error to
 *       zero without overshoot, so corrections do not reverse.
 *   <li><i>Unavailable timeline</i> (no TV, TS down): the player is paused and the state is {@link
 *       State#WAITING}.
 * </ol>
 *
 * <p><b>The timeline clock</b> is read from a supplier on every tick ({@code
 * companion::timelineClock}), so when the companion replaces it (a new TS target) the synchroniser
 * follows the new one at the next tick.
 *
 * <p><b>Time.</b> Local times are nanoseconds of the time source (by default the timeline clock's
 * root's, {@link Clock#timeSource()}; {@link Builder#timeSource} to inject one, such as a {@link
 * org.dvbcss.clock.ManualTimeSource} in tests), and the player's readings must be stamped in it.
 *
 * <p><b>In the browser.</b> The TV's browser companion keeps its video in step with a port of this
 * controller to JavaScript ({@code player-sync.js} in {@code dvbcss-tv}); a test replays this
 * controller's inputs through it and compares every tick's decisions, so a change to these rules
 * must be made there too (docs/player-sync.md, "In the browser").
 *
 * <p><b>Threading.</b> {@link #tick()} is driven by one thread at a time (calls are serialised):
 * the application's, or the synchroniser's own ({@link #start()}, a daemon thread ticking every
 * {@link SyncConfig#tickPeriodSeconds()}). The player, the alert listener and the report sink are
 * called on the ticking thread. {@link #report()}, {@link #setCalibration} and {@link
 * #timingReport()} may be called from any thread.
 */
public final class PlayerSynchroniser {
  private static final Logger log = LoggerFactory.getLogger(PlayerSynchroniser.class);

  /** The controller's state. */
  public enum State {
    /** No timeline or no reading from the player yet: the player is paused. */
    WAITING,
    /** The player is seeking, buffering or stalled. */
    SEEKING,
    /** The TV is paused and so is the player. */
    PAUSED,
    /** In step: the rate is the TV's speed. */
    HOLDING,
    /** Correcting the rate. */
    CORRECTING
  }

  /**
   * A correction opposite in sign to the previous one counts as a reversal (an overshoot) if it
   * begins within this many correction horizons of the previous one's last tick.
   */
  static final double REVERSAL_HORIZONS = 4;

  private record Command(long effectiveAt, double rate) {}

  private final Player player;
  private final Supplier<? extends Clock> timeline;
  private final @Nullable Supplier<? extends @Nullable Clock> wallClock;
  private final @Nullable TimeSource timeSourceOverride;
  private final @Nullable Predicate<AptEptLpt> reportSink;
  private final List<AccuracyAlert.Listener> listeners;
  private final SyncConfig config;
  private volatile double calibration;

  // ticking-thread state (guarded by this)
  private @Nullable Clock current;
  private @Nullable OffsetClock target;
  private final List<Command> commands = new ArrayList<>();
  private double commandedRate = Double.NaN;
  private double lastCorrectionSign;
  private long lastCorrectionNanos = Long.MIN_VALUE;
  private boolean estimateValid;
  private double estimate;
  private long estimateNanos;
  private double weightSquares;
  private long readings;
  private long lastReadingNanos = Long.MIN_VALUE;
  private long lastTick = Long.MIN_VALUE;
  private long lastSeekNanos = Long.MIN_VALUE;
  private long lastReportNanos = Long.MIN_VALUE;
  private boolean checkSeekLanding;
  private boolean correcting;
  private double seekLead;
  private State state = State.WAITING;
  private double counted;
  private double within;
  private double worst;
  private double worstHeld;
  private long seeks;
  private long rateChanges;
  private long reversals;
  private long reportsSent;
  private final AlertTracker errorAlert;
  private final AlertTracker boundAlert;

  private volatile SyncReport report;
  private volatile @Nullable AptEptLpt lastTiming;

  private PlayerSynchroniser(Builder b) {
    this.player = Objects.requireNonNull(b.player, "player");
    this.timeline = Objects.requireNonNull(b.timeline, "timeline");
    this.wallClock = b.wallClock;
    this.timeSourceOverride = b.timeSource;
    this.reportSink = b.reportSink;
    this.listeners = List.copyOf(b.listeners);
    this.config = b.config;
    this.calibration = config.calibrationSeconds();
    this.seekLead = config.seekLeadSeconds();
    this.errorAlert = new AlertTracker(AccuracyAlert.Kind.ERROR, config.alertErrorSeconds());
    this.boundAlert = new AlertTracker(AccuracyAlert.Kind.BOUND, config.targetSeconds());
    this.report = snapshot(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN);
  }

  /**
   * A builder for a synchroniser driving {@code player}.
   *
   * @param player the player
   * @return a new builder
   */
  public static Builder builder(Player player) {
    return new Builder(player);
  }

  /**
   * A synchroniser that follows a companion's timeline clock (read again each tick, so a replaced
   * clock is followed), reports to the TV through {@link Companion#sendTimingReport} and reads the
   * system's monotonic clock.
   *
   * @param companion the companion
   * @param player the player
   * @param config the settings
   * @return the synchroniser, not yet ticking
   */
  public static PlayerSynchroniser forCompanion(
      Companion companion, Player player, SyncConfig config) {
    return builder(player)
        .timeline(companion::timelineClock)
        .wallClock(companion::wallClock)
        .reportSink(companion::sendTimingReport)
        .config(config)
        .build();
  }

  /** Builds a {@link PlayerSynchroniser}. Not thread safe. */
  public static final class Builder {
    private final Player player;
    private @Nullable Supplier<? extends Clock> timeline;
    private @Nullable Supplier<? extends @Nullable Clock> wallClock;
    private @Nullable TimeSource timeSource;
    private @Nullable Predicate<AptEptLpt> reportSink;
    private final List<AccuracyAlert.Listener> listeners = new ArrayList<>();
    private SyncConfig config = SyncConfig.defaults();

    private Builder(Player player) {
      this.player = Objects.requireNonNull(player, "player");
    }

    /**
     * The TV's timeline clock, read again on every tick (ticks at the timeline's rate; its
     * dispersion is the error bound, seconds). Required.
     *
     * @param clock supplies the current timeline clock
     * @return this builder
     */
    public Builder timeline(Supplier<? extends Clock> clock) {
      this.timeline = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A timeline clock that is never replaced.
     *
     * @param clock the timeline clock
     * @return this builder
     */
    public Builder timeline(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      return timeline(() -> clock);
    }

    /**
     * The wall clock that timing reports' wall clock times are read from (default: the timeline
     * clock's parent).
     *
     * @param clock supplies the wall clock
     * @return this builder
     */
    public Builder wallClock(Supplier<? extends @Nullable Clock> clock) {
      this.wallClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The local time source (default: the timeline clock's root's).
     *
     * @param source the time source the player's readings are stamped in
     * @return this builder
     */
    public Builder timeSource(TimeSource source) {
      this.timeSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Where timing reports go every {@link SyncConfig#reportIntervalSeconds()} (default: nowhere).
     *
     * @param sink takes a report; returns whether it was sent
     * @return this builder
     */
    public Builder reportSink(Predicate<AptEptLpt> sink) {
      this.reportSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Adds an alert listener.
     *
     * @param listener hears alerts on the ticking thread
     * @return this builder
     */
    public Builder listener(AccuracyAlert.Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The settings (default {@link SyncConfig#defaults()}).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder config(SyncConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Builds the synchroniser.
     *
     * @return the synchroniser, not yet ticking
     * @throws NullPointerException if no timeline was given
     */
    public PlayerSynchroniser build() {
      Objects.requireNonNull(timeline, "timeline");
      return new PlayerSynchroniser(this);
    }
  }

  /**
   * The settings.
   *
   * @return the settings
   */
  public SyncConfig config() {
    return config;
  }

  /**
   * The calibration in use: output latency added to the player's own.
   *
   * @return seconds
   */
  public double calibration() {
    return calibration;
  }

  /**
   * Sets the calibration (from the next tick): the extra output latency, seconds, that a viewer
   * measured (a flash or a beep shown by both screens: how much later the player's appears than the
   * TV's, after synchronisation with the current calibration, is added to it).
   *
   * @param seconds the extra latency, seconds (negative: the output appears earlier)
   * @throws IllegalArgumentException if not finite
   */
  public void setCalibration(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("calibration must be finite: " + seconds);
    }
    calibration = seconds;
  }

  /**
   * Starts ticking about every {@link SyncConfig#tickPeriodSeconds()} on a daemon thread of its
   * own: each next tick is between half and one and a half periods after the last, at random. That
   * dither spreads the instants at which the player's position is read, so that readings rounded
   * down to the player's quantum average to the truth instead of aliasing (a fixed period
   * commensurate with the quantum would sample the same few phases and leave a bias of up to half
   * the quantum).
   *
   * @return closing it stops the ticking (and waits for a tick in progress)
   */
  public AutoCloseable start() {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dvbcss-player-sync");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, Math.round(config.tickPeriodSeconds() * 1e9));
    SplittableRandom dither = new SplittableRandom();
    Runnable[] step = new Runnable[1];
    step[0] =
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.warn("player synchroniser tick failed; carrying on", e);
          }
          // the next tick between half and one and a half periods away: dithered readings
          long delay = period / 2 + (long) (dither.nextDouble() * period);
          try {
            ticker.schedule(step[0], delay, TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException e) {
            // stopped
          }
        };
    ticker.execute(step[0]);
    return () -> {
      ticker.shutdown();
      try {
        ticker.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * What the synchroniser has done and how well, as of the latest tick.
   *
   * @return a snapshot
   */
  public SyncReport report() {
    return report;
  }

  /**
   * The timing report made at the latest tick at which the timeline was available and the player
   * settled: actual is what the player's output shows now (timeline ticks, wall clock ticks);
   * earliest and latest are the same content time moved by ∓ {@link SyncConfig#rateLimit()} ×
   * {@link SyncConfig#reportHorizonSeconds()}: how far the player can move its presentation by rate
   * within the horizon.
   *
   * @return the report, or null if none could be made yet
   */
  public @Nullable AptEptLpt timingReport() {
    return lastTiming;
  }

  private TimeSource timeSource(Clock clock) {
    TimeSource s = timeSourceOverride;
    return s != null ? s : clock.timeSource();
  }

  private static double rootTicks(Clock clock, long nanos) {
    return nanos * (clock.root().tickRate() / 1e9);
  }

  /** Seconds of the target (the timeline L ahead, plus the media offset) at a local time. */
  private double targetAt(OffsetClock t, long nanos) {
    return t.fromRootTicks(rootTicks(t, nanos)) / t.tickRate() + config.mediaOffsetSeconds();
  }

  /** The model's rate at a local time: the latest command in effect. */
  private double rateAt(long nanos) {
    double r = 0;
    for (Command c : commands) {
      if (c.effectiveAt <= nanos) {
        r = c.rate;
      } else {
        break;
      }
    }
    return r;
  }

  /** How far the model moves the player from {@code a} to {@code b}, seconds of media time. */
  private double integrate(long a, long b) {
    if (b <= a) {
      return 0;
    }
    double moved = 0;
    long t = a;
    double r = rateAt(a);
    for (Command c : commands) {
      if (c.effectiveAt <= t) {
        continue;
      }
      if (c.effectiveAt >= b) {
        break;
      }
      moved += r * (c.effectiveAt - t) / 1e9;
      t = c.effectiveAt;
      r = c.rate;
    }
    return moved + r * (b - t) / 1e9;
  }

  private void prune(long before) {
    // keep the last command in effect at 'before' and all later ones
    int keepFrom = 0;
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).effectiveAt <= before) {
        keepFrom = i;
      }
    }
    if (keepFrom > 0) {
      commands.subList(0, keepFrom).clear();
    }
  }

  private void command(long now, double rate, double correction) {
    if (rate == commandedRate) {
      return;
    }
    player.setRate(rate);
    commandedRate = rate;
    commands.add(new Command(now + Math.round(config.deadTimeSeconds() * 1e9), rate));
    rateChanges++;
    if (correction != 0) {
      double sign = Math.signum(correction);
      long window = Math.round(REVERSAL_HORIZONS * config.correctionHorizonSeconds() * 1e9);
      if (lastCorrectionSign != 0
          && sign != lastCorrectionSign
          && now - lastCorrectionNanos <= window) {
        reversals++;
      }
      lastCorrectionSign = sign;
    }
  }

  private void seek(long now, double position, double tvSpeed) {
    command(now, tvSpeed, 0);
    player.seek(position);
    seeks++;
    lastSeekNanos = now;
    estimateValid = false;
    correcting = false;
    checkSeekLanding = tvSpeed != 0 && config.adaptSeekLead();
    lastCorrectionSign = 0;
  }

  private void read(Player.@Nullable Reading r) {
    if (r == null) {
      return;
    }
    if (!r.settled()) {
      estimateValid = false;
      return;
    }
    if (r.localNanos() == lastReadingNanos) {
      return; // seen already
    }
    double q = player.positionQuantumSeconds();
    double m = r.positionSeconds() + q / 2;
    if (estimateValid && r.localNanos() < estimateNanos) {
      return; // out of order
    }
    lastReadingNanos = r.localNanos();
    if (estimateValid) {
      double predicted = estimate + integrate(estimateNanos, r.localNanos());
      double jump = Math.max(4 * config.actSeconds(), 4 * q);
      if (Math.abs(m - predicted) > jump) {
        estimateValid = false; // a jump: start again from this reading
      } else {
        double dt = (r.localNanos() - estimateNanos) / 1e9;
        readings++;
        double a = Math.max(1.0 / readings, 1 - Math.exp(-dt / config.filterTimeConstantSeconds()));
        estimate = predicted + a * (m - predicted);
        // a player that did not move reads the same rounded value again: no new information
        if (rateAt(r.localNanos()) != 0 || q == 0) {
          weightSquares = (1 - a) * (1 - a) * weightSquares + a * a;
        }
        estimateNanos = r.localNanos();
        return;
      }
    }
    estimate = m;
    estimateNanos = r.localNanos();
    weightSquares = 1;
    readings = 1;
    estimateValid = true;
  }

  /**
   * One step of the controller: reads the timeline and the player, commands the player, updates the
   * report and the alerts, and sends a timing report if one is due. Call it regularly (every 10 to
   * 50 ms) from one thread, or use {@link #start()}.
   */
  public synchronized void tick() {
    Clock clock = timeline.get();
    long now = timeSource(clock).nanoTime();
    double dt = lastTick == Long.MIN_VALUE ? 0 : Math.max(0, (now - lastTick) / 1e9);
    lastTick = now;
    double latency = Math.max(0, player.outputLatencySeconds()) + calibration;
    OffsetClock t = target;
    if (clock != current || t == null) {
      current = clock;
      t = new OffsetClock(clock, latency);
      target = t;
    } else {
      t.setOffset(latency);
    }
    read(player.position());
    boolean available = clock.isAvailable();
    double bound = available ? clock.dispersion() : Double.POSITIVE_INFINITY;
    double speed = available ? clock.effectiveSpeed() : Double.NaN;
    double error = Double.NaN;
    double q = player.positionQuantumSeconds();
    double noise = bound + 2 * (q / Math.sqrt(12)) * Math.sqrt(weightSquares);
    if (!available) {
      state = State.WAITING;
      correcting = false;
      command(now, 0, 0);
    } else if (!estimateValid) {
      boolean everRead = lastReadingNanos != Long.MIN_VALUE || seeks > 0;
      state = everRead ? State.SEEKING : State.WAITING;
      if (!everRead) {
        command(now, speed, 0);
      }
    } else {
      double pNow = estimate + integrate(estimateNanos, now);
      error = pNow - targetAt(t, now);
      long dead = Math.round(config.deadTimeSeconds() * 1e9);
      double predicted = error + integrate(now, now + dead) - speed * config.deadTimeSeconds();
      control(now, t, speed, predicted, noise, error);
      prune(Math.min(now, estimateNanos));
      if (reportSink != null || wallClock != null) {
        timing(clock, now, pNow - latency * speed);
      }
    }
    if (available) {
      counted += dt;
      boolean in = !Double.isNaN(error) && Math.abs(error) <= config.targetSeconds();
      if (in) {
        within += dt;
      }
      if (!Double.isNaN(error)) {
        worst = Math.max(worst, Math.abs(error));
        if (state == State.HOLDING) {
          worstHeld = Math.max(worstHeld, Math.abs(error));
        }
      }
      errorAlert.update(
          Double.isNaN(error) || Math.abs(error) > config.alertErrorSeconds(),
          in,
          Double.isNaN(error) ? Double.NaN : Math.abs(error),
          now);
    }
    boundAlert.update(bound > config.targetSeconds(), bound <= config.targetSeconds(), bound, now);
    sendReport(now);
    report = snapshot(speed, error, bound, noise);
  }

  private void control(
      long now, OffsetClock t, double speed, double predicted, double noise, double error) {
    double act = Math.max(config.actSeconds(), noise);
    double release =
        Math.max(config.releaseSeconds(), noise * config.releaseSeconds() / config.actSeconds());
    boolean canSeek =
        lastSeekNanos == Long.MIN_VALUE
            || now - lastSeekNanos >= Math.round(config.cooldownSeconds() * 1e9);
    if (checkSeekLanding && readings >= 10) {
      checkSeekLanding = false;
      if (speed != 0 && Math.abs(error) < config.seekThresholdSeconds()) {
        seekLead = Math.max(0, Math.min(2, seekLead - 0.5 * error / speed));
      }
    }
    if (speed == 0) {
      correcting = false;
      command(now, 0, 0);
      state = State.PAUSED;
      if (Math.abs(predicted) > act && canSeek) {
        seek(now, targetAt(t, now), 0);
        state = State.SEEKING;
      }
      return;
    }
    if (Math.abs(predicted) > config.seekThresholdSeconds() && canSeek) {
      long lead = Math.round(seekLead * 1e9);
      seek(now, targetAt(t, now + lead), speed);
      state = State.SEEKING;
      return;
    }
    if (!correcting && Math.abs(predicted) > act) {
      correcting = true;
    } else if (correcting && Math.abs(predicted) < release) {
      correcting = false;
    }
    double c = 0;
    if (correcting) {
      double limit = config.rateLimit();
      double step = config.rateStep();
      c = -predicted / (config.correctionHorizonSeconds() * speed);
      c = Math.max(-limit, Math.min(limit, c));
      c = Math.round(c / step) * step;
      if (c == 0) {
        c = -Math.signum(predicted * speed) * step;
      }
      c = Math.max(-limit, Math.min(limit, c));
    }
    command(now, speed * (1 + c), c);
    if (c != 0) {
      lastCorrectionNanos = now;
    }
    state = correcting ? State.CORRECTING : State.HOLDING;
  }

  private void timing(Clock clock, long now, double presentedMediaSeconds) {
    Supplier<? extends @Nullable Clock> ws = wallClock;
    Clock wall = ws != null ? ws.get() : clock.parent();
    if (wall == null) {
      return;
    }
    double wallTicks = wall.fromRootTicks(rootTicks(wall, now));
    double contentTicks = (presentedMediaSeconds - config.mediaOffsetSeconds()) * clock.tickRate();
    long ct = Math.round(contentTicks);
    long wt = Math.round(wallTicks);
    long slack = Math.round(config.rateLimit() * config.reportHorizonSeconds() * wall.tickRate());
    lastTiming =
        new AptEptLpt(
            Presence.of(Timestamp.of(ct, wt)),
            Timestamp.of(ct, wt - slack),
            Timestamp.of(ct, wt + slack));
  }

  private void sendReport(long now) {
    Predicate<AptEptLpt> sink = reportSink;
    AptEptLpt timing = lastTiming;
    if (sink == null || timing == null || config.reportIntervalSeconds() == 0) {
      return;
    }
    long interval = Math.round(config.reportIntervalSeconds() * 1e9);
    if (lastReportNanos != Long.MIN_VALUE && now - lastReportNanos < interval) {
      return;
    }
    lastReportNanos = now;
    try {
      if (sink.test(timing)) {
        reportsSent++;
      }
    } catch (RuntimeException e) {
      log.warn("timing report sink threw; carrying on", e);
    }
  }

  private SyncReport snapshot(double speed, double error, double bound, double noise) {
    return new SyncReport(
        state,
        Double.isNaN(commandedRate) ? 0 : commandedRate,
        speed,
        error,
        bound,
        noise,
        seekLead,
        counted,
        within,
        worst,
        worstHeld,
        seeks,
        rateChanges,
        reversals,
        errorAlert.raisedCount,
        boundAlert.raisedCount,
        errorAlert.raised,
        boundAlert.raised,
        reportsSent);
  }

  /** Raises and clears one kind of alert with hold times. Ticking thread only. */
  private final class AlertTracker {
    private final AccuracyAlert.Kind kind;
    private final double threshold;
    private boolean raised;
    private long raisedCount;
    private long exceedingSince = Long.MIN_VALUE;
    private long withinSince = Long.MIN_VALUE;

    AlertTracker(AccuracyAlert.Kind kind, double threshold) {
      this.kind = kind;
      this.threshold = threshold;
    }

    void update(boolean exceeds, boolean in, double value, long now) {
      if (!raised) {
        withinSince = Long.MIN_VALUE;
        if (!exceeds) {
          exceedingSince = Long.MIN_VALUE;
          return;
        }
        if (exceedingSince == Long.MIN_VALUE) {
          exceedingSince = now;
        }
        if (now - exceedingSince >= Math.round(config.alertDelaySeconds() * 1e9)) {
          raised = true;
          raisedCount++;
          tell(new AccuracyAlert(kind, true, value, threshold, now));
        }
      } else {
        exceedingSince = Long.MIN_VALUE;
        if (!in) {
          withinSince = Long.MIN_VALUE;
          return;
        }
        if (withinSince == Long.MIN_VALUE) {
          withinSince = now;
        }
        if (now - withinSince >= Math.round(config.alertClearSeconds() * 1e9)) {
          raised = false;
          tell(new AccuracyAlert(kind, false, value, config.targetSeconds(), now));
        }
      }
    }

    private void tell(AccuracyAlert alert) {
      for (AccuracyAlert.Listener l : listeners) {
        try {
          l.alert(alert);
        } catch (RuntimeException e) {
          log.warn("accuracy alert listener threw; carrying on", e);
        }
      }
    }
  }
}
