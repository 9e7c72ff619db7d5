/*
 * The player synchroniser's controller in JavaScript: the same rules, settings and defaults as the
 * Java library's org.dvbcss.companion.player.PlayerSynchroniser and SyncConfig, so that the browser
 * companion keeps its <video> in step exactly as a Java companion keeps its player. A test in
 * dvbcss-companion replays the Java controller's inputs through this file and checks every tick's
 * outputs against the Java ones.
 *
 * Plain JavaScript, no DOM, no build step. In a page it defines window.playerSync; in Node it is a
 * module (require("player-sync.js")).
 *
 * Units: settings, positions, latencies and errors are seconds, as in SyncConfig; rates are
 * multiples of normal speed. The injected clock (options.nowMs) and the players' reading stamps are
 * milliseconds, as performance.now() gives them. Inside, local times are whole nanoseconds
 * (Math.round(ms * 1e6), exact Numbers for 104 days), so that every comparison of durations (the
 * cooldown, the alert hold times, the report interval, the dead time) is made as the Java
 * controller makes it on its nanosecond time source.
 *
 * Threading: a page or Node has one thread; tick() must not be called from within the player's or
 * a listener's own callbacks.
 */
(function (root) {
  "use strict";

  /** SyncConfig's settings and their defaults (seconds unless the name says otherwise). */
  const DEFAULTS = Object.freeze({
    targetSeconds: 0.01,
    filterTimeConstantSeconds: 0.5,
    actSeconds: 0.005,
    releaseSeconds: 0.002,
    rateLimit: 0.05,
    correctionHorizonSeconds: 0.5,
    rateStep: 0.0025,
    seekThresholdSeconds: 0.15,
    seekLeadSeconds: 0.15,
    adaptSeekLead: true,
    deadTimeSeconds: 0.05,
    cooldownSeconds: 1.0,
    alertErrorSeconds: 0.02,
    alertDelaySeconds: 0.5,
    alertClearSeconds: 1.0,
    calibrationSeconds: 0,
    mediaOffsetSeconds: 0,
    reportHorizonSeconds: 1.0,
    reportIntervalSeconds: 1.0,
    tickPeriodSeconds: 0.01,
  });

  /** The controller's states, as PlayerSynchroniser.State. */
  const State = Object.freeze({
    /** No timeline or no reading from the player yet: the player is paused. */
    WAITING: "WAITING",
    /** The player is seeking, buffering or stalled. */
    SEEKING: "SEEKING",
    /** The TV is paused and so is the player. */
    PAUSED: "PAUSED",
    /** In step: the rate is the TV's speed. */
    HOLDING: "HOLDING",
    /** Correcting the rate. */
    CORRECTING: "CORRECTING",
  });

  /** What an alert is about, as AccuracyAlert.Kind. */
  const AlertKind = Object.freeze({ ERROR: "ERROR", BOUND: "BOUND" });

  /**
   * A correction opposite in sign to the previous one counts as a reversal (an overshoot) if it
   * begins within this many correction horizons of the previous one's last tick.
   */
  const REVERSAL_HORIZONS = 4;

  function finite(name, v) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(name + " must be finite: " + v);
  }
  function atLeastZero(name, v) {
    finite(name, v);
    if (v < 0) throw new RangeError(name + " must be >= 0: " + v);
  }
  function positive(name, v) {
    finite(name, v);
    if (v <= 0) throw new RangeError(name + " must be > 0: " + v);
  }

  /**
   * The settings: the defaults with the given ones over them, checked as SyncConfig checks them.
   * @param overrides an object of SyncConfig names and values (others are an error)
   * @returns a frozen settings object
   * @throws RangeError naming the setting that is out of range or unknown
   */
  function syncConfig(overrides) {
    const c = Object.assign({}, DEFAULTS);
    for (const k of Object.keys(overrides || {})) {
      if (!(k in DEFAULTS)) throw new RangeError("unknown setting: " + k);
      c[k] = overrides[k];
    }
    positive("targetSeconds", c.targetSeconds);
    positive("filterTimeConstantSeconds", c.filterTimeConstantSeconds);
    positive("actSeconds", c.actSeconds);
    atLeastZero("releaseSeconds", c.releaseSeconds);
    if (c.releaseSeconds >= c.actSeconds) {
      throw new RangeError("releaseSeconds must be below actSeconds: " + c.releaseSeconds + " >= " + c.actSeconds);
    }
    positive("rateLimit", c.rateLimit);
    if (c.rateLimit >= 1) throw new RangeError("rateLimit must be below 1: " + c.rateLimit);
    positive("correctionHorizonSeconds", c.correctionHorizonSeconds);
    positive("rateStep", c.rateStep);
    if (c.rateStep > c.rateLimit) throw new RangeError("rateStep must not exceed rateLimit: " + c.rateStep);
    positive("seekThresholdSeconds", c.seekThresholdSeconds);
    atLeastZero("seekLeadSeconds", c.seekLeadSeconds);
    if (typeof c.adaptSeekLead !== "boolean") throw new RangeError("adaptSeekLead must be a boolean: " + c.adaptSeekLead);
    atLeastZero("deadTimeSeconds", c.deadTimeSeconds);
    atLeastZero("cooldownSeconds", c.cooldownSeconds);
    positive("alertErrorSeconds", c.alertErrorSeconds);
    atLeastZero("alertDelaySeconds", c.alertDelaySeconds);
    atLeastZero("alertClearSeconds", c.alertClearSeconds);
    finite("calibrationSeconds", c.calibrationSeconds);
    finite("mediaOffsetSeconds", c.mediaOffsetSeconds);
    atLeastZero("reportHorizonSeconds", c.reportHorizonSeconds);
    atLeastZero("reportIntervalSeconds", c.reportIntervalSeconds);
    positive("tickPeriodSeconds", c.tickPeriodSeconds);
    return Object.freeze(c);
  }

  /** Local milliseconds to whole nanoseconds. */
  function toNanos(ms) {
    return Math.round(ms * 1e6);
  }

  /** Seconds to whole nanoseconds, rounded as Java's Math.round(seconds * 1e9). */
  function secondsToNanos(s) {
    return Math.round(s * 1e9);
  }

  const UNAVAILABLE = Object.freeze({ available: false });

  /**
   * Keeps a media player in step with the TV's timeline by nudging its rate and, for large errors,
   * seeking it: the rules of the Java PlayerSynchroniser (see its class documentation and
   * docs/player-sync.md), each tick:
   *   target   the TV's position one output latency (+ calibration) ahead, scaled by its speed;
   *   estimate a model-based exponential filter of the player's position, which knows its noise;
   *   predict  the error one dead time ahead, with the rates already commanded;
   *   floor    the timeline's dispersion plus twice the filter's noise raises the thresholds;
   *   act      TV paused: pause, and seek beyond the act threshold (once per cooldown); playing:
   *            seek beyond the seek threshold (one seek lead ahead, the lead learnt from where
   *            seeks land), else proportional rate nulling with hysteresis, in rate steps, within
   *            the rate limit;
   *   waiting  no timeline: pause, state WAITING;
   * and raises and clears accuracy alerts, and makes (and optionally sends) timing reports.
   *
   * options:
   *   player    { position() -> {positionSeconds, localMs, settled} or null (none yet);
   *               setRate(rate) (0 pauses); seek(positionSeconds);
   *               outputLatencySeconds() (optional, default 0);
   *               positionQuantumSeconds() (optional, default 0: readings round down to it) }
   *   timeline  function(nowMs) -> the TV's timeline at local time nowMs, or null when there is
   *             none: { available, positionSeconds (at nowMs), speed, dispersionSeconds (the
   *             companion's error bound on it) }
   *   nowMs     the local clock, milliseconds (default performance.now)
   *   config    SyncConfig settings to change (see DEFAULTS)
   *   onAlert   function(alert) or an array of them; alert = { kind ("ERROR" or "BOUND"), raised,
   *             valueSeconds, thresholdSeconds, localMs }
   *   reportSink function(timing) -> true if sent; called every reportIntervalSeconds with the
   *             latest timingReport()
   */
  class PlayerSynchroniser {
    constructor(options) {
      const o = options || {};
      if (!o.player) throw new TypeError("player is required");
      if (typeof o.timeline !== "function") throw new TypeError("timeline must be a function");
      this.player = o.player;
      this.timeline = o.timeline;
      this.nowMs = o.nowMs || (() => root.performance.now());
      this.config = syncConfig(o.config);
      this.listeners = o.onAlert === undefined ? [] : Array.isArray(o.onAlert) ? o.onAlert.slice() : [o.onAlert];
      this.reportSink = o.reportSink || null;
      this._calibration = this.config.calibrationSeconds;

      this._commands = []; // {effectiveAt (ns), rate}
      this._commandedRate = NaN;
      this._lastCorrectionSign = 0;
      this._lastCorrectionNanos = -Infinity;
      this._estimateValid = false;
      this._estimate = 0;
      this._estimateNanos = 0;
      this._weightSquares = 0;
      this._readings = 0;
      this._lastReadingNanos = null;
      this._lastTick = null;
      this._lastSeekNanos = null;
      this._lastReportNanos = null;
      this._checkSeekLanding = false;
      this._correcting = false;
      this._seekLead = this.config.seekLeadSeconds;
      this._state = State.WAITING;
      this._counted = 0;
      this._within = 0;
      this._worst = 0;
      this._worstHeld = 0;
      this._seeks = 0;
      this._rateChanges = 0;
      this._reversals = 0;
      this._reportsSent = 0;
      this._errorAlert = new AlertTracker(this, AlertKind.ERROR, this.config.alertErrorSeconds);
      this._boundAlert = new AlertTracker(this, AlertKind.BOUND, this.config.targetSeconds);
      this._lastTiming = null;
      this._report = this._snapshot(NaN, NaN, Infinity, NaN);
    }

    /** The calibration in use, seconds: output latency added to the player's own. */
    calibration() {
      return this._calibration;
    }

    /**
     * Sets the calibration (from the next tick): the extra output latency a viewer measured,
     * seconds (negative: the output appears earlier).
     * @throws RangeError if not finite
     */
    setCalibration(seconds) {
      if (typeof seconds !== "number" || !Number.isFinite(seconds)) {
        throw new RangeError("calibration must be finite: " + seconds);
      }
      this._calibration = seconds;
    }

    /** What the synchroniser has done and how well, as of the latest tick (SyncReport's fields). */
    report() {
      return this._report;
    }

    /**
     * The timing report made at the latest tick at which the timeline was available and the player
     * settled: { contentSeconds (what the player's output shows now, seconds of the timeline),
     * localMs (when), slackSeconds (earliest and latest are that content at local times moved by
     * -/+ this: rateLimit x reportHorizonSeconds) }, or null if none could be made yet.
     */
    timingReport() {
      return this._lastTiming;
    }

    _quantum() {
      const p = this.player;
      return typeof p.positionQuantumSeconds === "function" ? p.positionQuantumSeconds() : 0;
    }

    _outputLatency() {
      const p = this.player;
      return typeof p.outputLatencySeconds === "function" ? p.outputLatencySeconds() : 0;
    }

    /** Seconds of the target (the timeline L ahead, plus the media offset) at local time ns. */
    _targetAt(tl, now, latency, ns) {
      return tl.positionSeconds + (tl.speed * (ns - now)) / 1e9 + latency * tl.speed + this.config.mediaOffsetSeconds;
    }

    /** The model's rate at a local time: the latest command in effect. */
    _rateAt(ns) {
      let r = 0;
      for (const c of this._commands) {
        if (c.effectiveAt <= ns) r = c.rate;
        else break;
      }
      return r;
    }

    /** How far the model moves the player from a to b, seconds of media time. */
    _integrate(a, b) {
      if (b <= a) return 0;
      let moved = 0;
      let t = a;
      let r = this._rateAt(a);
      for (const c of this._commands) {
        if (c.effectiveAt <= t) continue;
        if (c.effectiveAt >= b) break;
        moved += (r * (c.effectiveAt - t)) / 1e9;
        t = c.effectiveAt;
        r = c.rate;
      }
      return moved + (r * (b - t)) / 1e9;
    }

    _prune(before) {
      // keep the last command in effect at 'before' and all later ones
      let keepFrom = 0;
      for (let i = 0; i < this._commands.length; i++) {
        if (this._commands[i].effectiveAt <= before) keepFrom = i;
      }
      if (keepFrom > 0) this._commands.splice(0, keepFrom);
    }

    _command(now, rate, correction) {
      if (rate === this._commandedRate) return;
      this.player.setRate(rate);
      this._commandedRate = rate;
      this._commands.push({ effectiveAt: now + secondsToNanos(this.config.deadTimeSeconds), rate });
      this._rateChanges++;
      if (correction !== 0) {
        const sign = Math.sign(correction);
        const window = Math.round(REVERSAL_HORIZONS * this.config.correctionHorizonSeconds * 1e9);
        if (this._lastCorrectionSign !== 0 && sign !== this._lastCorrectionSign && now - this._lastCorrectionNanos <= window) {
          this._reversals++;
        }
        this._lastCorrectionSign = sign;
      }
    }

    _seek(now, position, tvSpeed) {
      this._command(now, tvSpeed, 0);
      this.player.seek(position);
      this._seeks++;
      this._lastSeekNanos = now;
      this._estimateValid = false;
      this._correcting = false;
      this._checkSeekLanding = tvSpeed !== 0 && this.config.adaptSeekLead;
      this._lastCorrectionSign = 0;
    }

    _read(r) {
      if (r === null || r === undefined) return;
      if (!r.settled) {
        this._estimateValid = false;
        return;
      }
      if (typeof r.positionSeconds !== "number" || !Number.isFinite(r.positionSeconds)) {
        throw new RangeError("position must be finite: " + r.positionSeconds);
      }
      const stamp = toNanos(r.localMs);
      if (stamp === this._lastReadingNanos) return; // seen already
      const q = this._quantum();
      const m = r.positionSeconds + q / 2;
      if (this._estimateValid && stamp < this._estimateNanos) return; // out of order
      this._lastReadingNanos = stamp;
      if (this._estimateValid) {
        const predicted = this._estimate + this._integrate(this._estimateNanos, stamp);
        const jump = Math.max(4 * this.config.actSeconds, 4 * q);
        if (Math.abs(m - predicted) > jump) {
          this._estimateValid = false; // a jump: start again from this reading
        } else {
          const dt = (stamp - this._estimateNanos) / 1e9;
          this._readings++;
          const a = Math.max(1.0 / this._readings, 1 - Math.exp(-dt / this.config.filterTimeConstantSeconds));
          this._estimate = predicted + a * (m - predicted);
          // a player that did not move reads the same rounded value again: no new information
          if (this._rateAt(stamp) !== 0 || q === 0) {
            this._weightSquares = (1 - a) * (1 - a) * this._weightSquares + a * a;
          }
          this._estimateNanos = stamp;
          return;
        }
      }
      this._estimate = m;
      this._estimateNanos = stamp;
      this._weightSquares = 1;
      this._readings = 1;
      this._estimateValid = true;
    }

    /**
     * One step of the controller: reads the timeline and the player, commands the player, updates
     * the report and the alerts, and sends a timing report if one is due. Call it regularly (every
     * 10 to 50 ms), or use start().
     */
    tick() {
      const cfg = this.config;
      const nowMs = this.nowMs();
      const now = toNanos(nowMs);
      const tl = this.timeline(nowMs) || UNAVAILABLE;
      const dt = this._lastTick === null ? 0 : Math.max(0, (now - this._lastTick) / 1e9);
      this._lastTick = now;
      const latency = Math.max(0, this._outputLatency()) + this._calibration;
      this._read(this.player.position());
      const available = !!tl.available;
      const bound = available ? tl.dispersionSeconds : Infinity;
      const speed = available ? tl.speed : NaN;
      let error = NaN;
      const q = this._quantum();
      const noise = bound + 2 * (q / Math.sqrt(12)) * Math.sqrt(this._weightSquares);
      if (!available) {
        this._state = State.WAITING;
        this._correcting = false;
        this._command(now, 0, 0);
      } else if (!this._estimateValid) {
        const everRead = this._lastReadingNanos !== null || this._seeks > 0;
        this._state = everRead ? State.SEEKING : State.WAITING;
        if (!everRead) this._command(now, speed, 0);
      } else {
        const pNow = this._estimate + this._integrate(this._estimateNanos, now);
        error = pNow - this._targetAt(tl, now, latency, now);
        const dead = secondsToNanos(cfg.deadTimeSeconds);
        const predicted = error + this._integrate(now, now + dead) - speed * cfg.deadTimeSeconds;
        this._control(now, tl, latency, speed, predicted, noise, error);
        this._prune(Math.min(now, this._estimateNanos));
        this._timing(nowMs, pNow - latency * speed);
      }
      if (available) {
        this._counted += dt;
        const known = !Number.isNaN(error);
        const inTarget = known && Math.abs(error) <= cfg.targetSeconds;
        if (inTarget) this._within += dt;
        if (known) {
          this._worst = Math.max(this._worst, Math.abs(error));
          if (this._state === State.HOLDING) this._worstHeld = Math.max(this._worstHeld, Math.abs(error));
        }
        this._errorAlert.update(!known || Math.abs(error) > cfg.alertErrorSeconds, inTarget, known ? Math.abs(error) : NaN, now, nowMs);
      }
      this._boundAlert.update(bound > cfg.targetSeconds, bound <= cfg.targetSeconds, bound, now, nowMs);
      this._sendReport(now);
      this._report = this._snapshot(speed, error, bound, noise);
    }

    _control(now, tl, latency, speed, predicted, noise, error) {
      const cfg = this.config;
      const act = Math.max(cfg.actSeconds, noise);
      const release = Math.max(cfg.releaseSeconds, (noise * cfg.releaseSeconds) / cfg.actSeconds);
      const canSeek = this._lastSeekNanos === null || now - this._lastSeekNanos >= secondsToNanos(cfg.cooldownSeconds);
      if (this._checkSeekLanding && this._readings >= 10) {
        this._checkSeekLanding = false;
        if (speed !== 0 && Math.abs(error) < cfg.seekThresholdSeconds) {
          this._seekLead = Math.max(0, Math.min(2, this._seekLead - (0.5 * error) / speed));
        }
      }
      if (speed === 0) {
        this._correcting = false;
        this._command(now, 0, 0);
        this._state = State.PAUSED;
        if (Math.abs(predicted) > act && canSeek) {
          this._seek(now, this._targetAt(tl, now, latency, now), 0);
          this._state = State.SEEKING;
        }
        return;
      }
      if (Math.abs(predicted) > cfg.seekThresholdSeconds && canSeek) {
        const lead = secondsToNanos(this._seekLead);
        this._seek(now, this._targetAt(tl, now, latency, now + lead), speed);
        this._state = State.SEEKING;
        return;
      }
      if (!this._correcting && Math.abs(predicted) > act) {
        this._correcting = true;
      } else if (this._correcting && Math.abs(predicted) < release) {
        this._correcting = false;
      }
      let c = 0;
      if (this._correcting) {
        const limit = cfg.rateLimit;
        const step = cfg.rateStep;
        c = -predicted / (cfg.correctionHorizonSeconds * speed);
        c = Math.max(-limit, Math.min(limit, c));
        c = Math.round(c / step) * step;
        if (c === 0) c = -Math.sign(predicted * speed) * step;
        c = Math.max(-limit, Math.min(limit, c));
      }
      this._command(now, speed * (1 + c), c);
      if (c !== 0) this._lastCorrectionNanos = now;
      this._state = this._correcting ? State.CORRECTING : State.HOLDING;
    }

    _timing(nowMs, presentedMediaSeconds) {
      const cfg = this.config;
      this._lastTiming = Object.freeze({
        contentSeconds: presentedMediaSeconds - cfg.mediaOffsetSeconds,
        localMs: nowMs,
        slackSeconds: cfg.rateLimit * cfg.reportHorizonSeconds,
      });
    }

    _sendReport(now) {
      const sink = this.reportSink;
      const timing = this._lastTiming;
      if (sink === null || timing === null || this.config.reportIntervalSeconds === 0) return;
      const interval = secondsToNanos(this.config.reportIntervalSeconds);
      if (this._lastReportNanos !== null && now - this._lastReportNanos < interval) return;
      this._lastReportNanos = now;
      try {
        if (sink(timing)) this._reportsSent++;
      } catch (e) {
        if (root.console) root.console.warn("timing report sink threw; carrying on", e);
      }
    }

    _snapshot(speed, error, bound, noise) {
      const counted = this._counted;
      return Object.freeze({
        state: this._state,
        rate: Number.isNaN(this._commandedRate) ? 0 : this._commandedRate,
        tvSpeed: speed,
        errorSeconds: error,
        boundSeconds: bound,
        noiseSeconds: noise,
        seekLeadSeconds: this._seekLead,
        secondsCounted: counted,
        secondsWithinTarget: this._within,
        worstErrorSeconds: this._worst,
        worstHeldErrorSeconds: this._worstHeld,
        seeks: this._seeks,
        rateChanges: this._rateChanges,
        rateReversals: this._reversals,
        errorAlerts: this._errorAlert.raisedCount,
        boundAlerts: this._boundAlert.raisedCount,
        errorAlertActive: this._errorAlert.raised,
        boundAlertActive: this._boundAlert.raised,
        reportsSent: this._reportsSent,
        shareWithinTarget: counted > 0 ? this._within / counted : NaN,
      });
    }

    _tell(alert) {
      for (const l of this.listeners) {
        try {
          l(alert);
        } catch (e) {
          if (root.console) root.console.warn("accuracy alert listener threw; carrying on", e);
        }
      }
    }

    /**
     * Starts ticking about every tickPeriodSeconds: each next tick between half and one and a half
     * periods after the last, at random, as the Java start() does (dithered readings average a
     * quantised position instead of aliasing). A tick that throws is logged and ticking goes on.
     * @param options {setTimeout, clearTimeout, random} to inject (defaults: the global ones)
     * @returns a function that stops the ticking
     */
    start(options) {
      const o = options || {};
      const set = o.setTimeout || root.setTimeout.bind(root);
      const clear = o.clearTimeout || root.clearTimeout.bind(root);
      const random = o.random || Math.random;
      const periodMs = this.config.tickPeriodSeconds * 1000;
      let stopped = false;
      let timer = null;
      const step = () => {
        timer = null;
        if (stopped) return;
        try {
          this.tick();
        } catch (e) {
          if (root.console) root.console.warn("player synchroniser tick failed; carrying on", e);
        }
        if (!stopped) timer = set(step, periodMs / 2 + random() * periodMs);
      };
      timer = set(step, 0);
      return () => {
        stopped = true;
        if (timer !== null) clear(timer);
        timer = null;
      };
    }
  }

  /** Raises and clears one kind of alert with hold times. */
  class AlertTracker {
    constructor(sync, kind, threshold) {
      this.sync = sync;
      this.kind = kind;
      this.threshold = threshold;
      this.raised = false;
      this.raisedCount = 0;
      this.exceedingSince = null;
      this.withinSince = null;
    }

    update(exceeds, inTarget, value, now, nowMs) {
      const cfg = this.sync.config;
      if (!this.raised) {
        this.withinSince = null;
        if (!exceeds) {
          this.exceedingSince = null;
          return;
        }
        if (this.exceedingSince === null) this.exceedingSince = now;
        if (now - this.exceedingSince >= secondsToNanos(cfg.alertDelaySeconds)) {
          this.raised = true;
          this.raisedCount++;
          this.sync._tell(Object.freeze({ kind: this.kind, raised: true, valueSeconds: value, thresholdSeconds: this.threshold, localMs: nowMs }));
        }
      } else {
        this.exceedingSince = null;
        if (!inTarget) {
          this.withinSince = null;
          return;
        }
        if (this.withinSince === null) this.withinSince = now;
        if (now - this.withinSince >= secondsToNanos(cfg.alertClearSeconds)) {
          this.raised = false;
          this.sync._tell(Object.freeze({ kind: this.kind, raised: false, valueSeconds: value, thresholdSeconds: cfg.targetSeconds, localMs: nowMs }));
        }
      }
    }
  }

  const api = { DEFAULTS, State, AlertKind, REVERSAL_HORIZONS, syncConfig, PlayerSynchroniser };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.playerSync = api;
})(typeof window !== "undefined" ? window : globalThis);
