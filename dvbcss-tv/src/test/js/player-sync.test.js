// Unit tests of the browser companion's player synchroniser: node --test player-sync.test.js
// (that it makes the same decisions as the Java one, tick by tick, is shown in dvbcss-companion's
// PlayerSyncJsEquivalenceTest; these check its behaviour on its own, on virtual time).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const ps = require(path.join(__dirname, "../../main/resources/org/dvbcss/tv/web/player-sync.js"));

/** A small seeded generator (mulberry32), so every case can be repeated. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A virtual world in milliseconds: a TV timeline (position at 0 ms, speed), and a player whose
 * rate changes take effect rateLatencyMs late and whose seeks take seekMs (unsettled meanwhile),
 * with readings rounded down to quantum seconds.
 */
function world(options) {
  const o = Object.assign({ rateLatencyMs: 50, seekMs: 150, quantum: 0, latency: 0, dispersion: 0.002 }, options);
  const w = {
    now: 1000,
    tv: { available: true, base: 0, at: 1000, speed: 1 },
    p: { position: 0, rate: 0, at: 1000, pending: [], seekDoneAt: null, landing: 0, stallUntil: -Infinity },
    rates: [],
    seeks: [],
  };
  const advance = () => {
    const p = w.p;
    const move = (to) => {
      const from = Math.max(p.at, p.stallUntil);
      if (p.seekDoneAt === null && to > from) p.position += (p.rate * (to - from)) / 1000;
      p.at = Math.max(p.at, to);
    };
    for (;;) {
      const next = Math.min(p.pending.length ? p.pending[0].at : Infinity, p.seekDoneAt === null ? Infinity : p.seekDoneAt);
      if (next > w.now) break;
      move(next);
      if (p.pending.length && p.pending[0].at === next) p.rate = p.pending.shift().rate;
      else {
        p.position = p.landing;
        p.seekDoneAt = null;
      }
    }
    move(w.now);
  };
  w.tvAt = (ms) => (w.tv.available ? w.tv.base + (w.tv.speed * (ms - w.tv.at)) / 1000 : NaN);
  w.tvSet = (speed, jump) => {
    w.tv.base = w.tvAt(w.now) + (jump || 0);
    w.tv.at = w.now;
    w.tv.speed = speed;
  };
  w.player = {
    position() {
      advance();
      const q = o.quantum;
      const reported = q > 0 ? Math.floor(w.p.position / q + 1e-9) * q : w.p.position;
      return { positionSeconds: reported, localMs: w.now, settled: w.p.seekDoneAt === null && w.now >= w.p.stallUntil };
    },
    setRate(r) {
      advance();
      w.rates.push(r);
      w.p.pending.push({ at: w.now + o.rateLatencyMs, rate: r });
    },
    seek(s) {
      advance();
      w.seeks.push(s);
      w.p.seekDoneAt = w.now + o.seekMs;
      w.p.landing = s;
    },
    outputLatencySeconds: () => o.latency,
    positionQuantumSeconds: () => o.quantum,
  };
  w.presented = () => {
    advance();
    return w.p.position - o.latency * w.p.rate;
  };
  w.timeline = (nowMs) => {
    assert.equal(nowMs, w.now);
    return w.tv.available ? { available: true, positionSeconds: w.tvAt(nowMs), speed: w.tv.speed, dispersionSeconds: o.dispersion } : null;
  };
  w.alerts = [];
  w.sync = (config, more) =>
    new ps.PlayerSynchroniser(
      Object.assign({ player: w.player, timeline: w.timeline, nowMs: () => w.now, config, onAlert: (a) => w.alerts.push(a) }, more)
    );
  /** Ticks every 10 ms (at a random instant of each step) for ms; the worst |error| seen. */
  w.run = (sync, ms, rnd) => {
    let worst = 0;
    const r = rnd || random(7);
    for (let t = 0; t < ms; t += 10) {
      const before = r() * 10;
      w.now += before;
      sync.tick();
      w.now += 10 - before;
      if (w.tv.available) worst = Math.max(worst, Math.abs(w.presented() - w.tvAt(w.now)));
    }
    return worst;
  };
  return w;
}

// that DEFAULTS are SyncConfig's own is checked from Java (PlayerSyncJsEquivalenceTest)
test("an empty config is the defaults, and a setting overrides its default only", () => {
  assert.deepEqual(ps.syncConfig({}), { ...ps.DEFAULTS });
  assert.deepEqual(ps.syncConfig({ rateLimit: 0.1 }), { ...ps.DEFAULTS, rateLimit: 0.1 });
  assert.equal(ps.syncConfig({ rateLimit: 0.1 }).rateLimit, 0.1);
  assert.ok(Object.isFrozen(ps.syncConfig({})));
});

test("settings are checked as SyncConfig checks them", () => {
  assert.throws(() => ps.syncConfig({ releaseSeconds: 0.005 }), /releaseSeconds must be below actSeconds/);
  assert.throws(() => ps.syncConfig({ rateLimit: 1 }), /rateLimit must be below 1/);
  assert.throws(() => ps.syncConfig({ rateStep: 0.06 }), /rateStep must not exceed rateLimit/);
  assert.throws(() => ps.syncConfig({ targetSeconds: 0 }), /targetSeconds must be > 0/);
  assert.throws(() => ps.syncConfig({ cooldownSeconds: -1 }), /cooldownSeconds must be >= 0/);
  assert.throws(() => ps.syncConfig({ calibrationSeconds: NaN }), /calibrationSeconds must be finite/);
  assert.throws(() => ps.syncConfig({ adaptSeekLead: "yes" }), /adaptSeekLead must be a boolean/);
  assert.throws(() => ps.syncConfig({ rateLimt: 0.1 }), /unknown setting: rateLimt/);
  const w = world();
  assert.throws(() => w.sync().setCalibration(Infinity), /calibration must be finite/);
  assert.throws(() => new ps.PlayerSynchroniser({ timeline: w.timeline }), /player is required/);
});

test("converges from 5 s behind with one seek and then holds within the target", () => {
  for (const seed of [1, 2, 3]) {
    const w = world();
    w.tvSet(1, 5);
    const sync = w.sync();
    w.run(sync, 3000, random(seed));
    assert.equal(sync.report().seeks, 1, "seed " + seed);
    assert.ok(w.run(sync, 20000, random(seed + 10)) <= 0.01, "seed " + seed);
    assert.ok(["HOLDING", "CORRECTING"].includes(sync.report().state));
    assert.equal(sync.report().rateReversals, 0);
    // every rate is the TV's speed times 1 + a multiple of the rate step, within the rate limit
    for (const r of w.rates) {
      if (r === 0) continue;
      const steps = (r - 1) / 0.0025;
      assert.ok(Math.abs(steps - Math.round(steps)) < 1e-6 && Math.abs(r - 1) <= 0.05 + 1e-12, "rate " + r);
    }
  }
});

test("a small offset is taken out by rate, never by a seek, with the dead time predicted", () => {
  const w = world();
  w.tvSet(1, 0.1);
  const sync = w.sync();
  let worst = Infinity;
  w.run(sync, 500);
  // the player starts from 0: one seek to catch up; then a 100 ms step is made up by rate
  const seeks = sync.report().seeks;
  w.run(sync, 3000);
  w.tvSet(1, 0.1);
  w.run(sync, 5000);
  worst = w.run(sync, 5000);
  assert.equal(sync.report().seeks, seeks);
  assert.ok(Math.max(...w.rates) > 1.04, "corrected by rate");
  assert.ok(worst <= 0.01);
  assert.equal(sync.report().rateReversals, 0);
});

test("a paused TV pauses the player and a lost timeline waits with it paused", () => {
  const w = world();
  const sync = w.sync();
  w.run(sync, 5000);
  w.tvSet(0);
  w.run(sync, 3000);
  assert.equal(sync.report().state, "PAUSED");
  assert.equal(w.rates[w.rates.length - 1], 0);
  assert.ok(Math.abs(w.presented() - w.tvAt(w.now)) <= 0.01);
  w.tv.available = false;
  w.run(sync, 100);
  assert.equal(sync.report().state, "WAITING");
  assert.equal(sync.report().boundSeconds, Infinity);
  assert.ok(Number.isNaN(sync.report().errorSeconds));
  w.tv.available = true;
  w.tvSet(1);
  w.run(sync, 3000);
  assert.ok(w.run(sync, 5000) <= 0.01);
});

test("the error alert is raised after the delay and cleared after the clear time; the bound alert when the bound exceeds the target", () => {
  const w = world();
  const sync = w.sync();
  w.run(sync, 400);
  assert.deepEqual(w.alerts, []); // the start's seek is mended before the delay
  w.run(sync, 5000);
  const raised = w.alerts.filter((a) => a.kind === "ERROR" && a.raised);
  const cleared = w.alerts.filter((a) => a.kind === "ERROR" && !a.raised);
  assert.equal(raised.length, cleared.length);
  for (let i = 0; i < raised.length; i++) assert.ok(cleared[i].localMs - raised[i].localMs >= 1000);
  assert.equal(sync.report().errorAlertActive, false);
  // a lost timeline: the bound is infinite; raised after 0.5 s, not before
  w.tv.available = false;
  w.run(sync, 450);
  assert.equal(sync.report().boundAlertActive, false);
  w.run(sync, 100);
  assert.equal(sync.report().boundAlertActive, true);
  const bound = w.alerts[w.alerts.length - 1];
  assert.equal(bound.kind, "BOUND");
  assert.equal(bound.valueSeconds, Infinity);
  assert.equal(bound.thresholdSeconds, 0.01);
  w.tv.available = true;
  w.run(sync, 1100);
  assert.equal(sync.report().boundAlertActive, false);
});

test("a bound wider than the noise the player makes is not chased", () => {
  const w = world({ dispersion: 0.012, quantum: 0.02 });
  const sync = w.sync();
  w.run(sync, 5000);
  const changes = sync.report().rateChanges;
  assert.ok(sync.report().noiseSeconds >= 0.012);
  w.run(sync, 20000);
  assert.equal(sync.report().rateChanges, changes);
  assert.equal(sync.report().boundAlertActive, true);
});

test("seeks are at least a cooldown apart and the seek lead learns the player's seek time", () => {
  const w = world({ seekMs: 250 });
  w.tvSet(1, 5);
  const sync = w.sync();
  w.run(sync, 4000);
  // the seek landed 0.1 s behind: half of it is added to the lead
  assert.ok(Math.abs(sync.report().seekLeadSeconds - 0.2) < 0.01, "learnt towards 0.25 s: " + sync.report().seekLeadSeconds);
  const fixed = world({ seekMs: 250 });
  fixed.tvSet(1, 5);
  const sync1 = fixed.sync({ adaptSeekLead: false });
  fixed.run(sync1, 4000);
  assert.equal(sync1.report().seekLeadSeconds, 0.15);
  const times = [];
  const s2 = world({ seekMs: 50 });
  const sync2 = s2.sync({ seekThresholdSeconds: 0.02, cooldownSeconds: 1 });
  const seek = s2.player.seek;
  s2.player.seek = (x) => {
    times.push(s2.now);
    seek(x + 0.5); // lands half a second off every time
  };
  s2.run(sync2, 5000);
  assert.ok(times.length >= 3);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 1000, "apart: " + (times[i] - times[i - 1]));
});

test("the output latency and the calibration move the target ahead, scaled by the speed", () => {
  const w = world({ latency: 0.04 });
  const sync = w.sync({ calibrationSeconds: 0.01 });
  w.run(sync, 4000);
  w.run(sync, 3000);
  // the player runs 50 ms ahead of the TV (less its own latency: what it presents is 10 ms ahead)
  assert.ok(Math.abs(w.p.position - w.tvAt(w.now) - 0.05) < 0.01);
  sync.setCalibration(0);
  assert.equal(sync.calibration(), 0);
  w.run(sync, 4000);
  assert.ok(Math.abs(w.p.position - w.tvAt(w.now) - 0.04) < 0.01);
  w.tvSet(2);
  w.run(sync, 5000);
  assert.ok(Math.abs(w.p.position - w.tvAt(w.now) - 0.08) < 0.015);
});

test("timing reports: what the output shows, every report interval", () => {
  const w = world({ latency: 0.03 });
  const sent = [];
  const sync = w.sync({ reportIntervalSeconds: 0.5 }, { reportSink: (t) => sent.push(t) > 0 });
  assert.equal(sync.timingReport(), null);
  w.run(sync, 5000);
  assert.ok(sent.length >= 8 && sent.length <= 10, "sent " + sent.length);
  for (let i = 1; i < sent.length; i++) assert.ok(sent[i].localMs - sent[i - 1].localMs >= 500);
  const t = sync.timingReport();
  assert.ok(Math.abs(t.contentSeconds - w.tvAt(t.localMs)) < 0.01);
  assert.equal(t.slackSeconds, 0.05);
  assert.equal(sync.report().reportsSent, sent.length);
});

test("start() ticks at dithered intervals until stopped and survives a tick that throws", () => {
  const w = world();
  const timers = [];
  let ticks = 0;
  const sync = w.sync();
  sync.tick = () => {
    ticks++;
    if (ticks === 2) throw new Error("a bad tick");
  };
  const warn = console.warn;
  console.warn = () => {};
  try {
    const stop = sync.start({ setTimeout: (f, ms) => timers.push({ f, ms }) && timers.length, clearTimeout: () => {}, random: random(3) });
    for (let i = 0; i < 50; i++) timers[i].f();
    assert.equal(ticks, 50);
    for (const t of timers.slice(1)) assert.ok(t.ms >= 5 && t.ms <= 15, "delay " + t.ms);
    stop();
    timers[timers.length - 1].f();
    assert.equal(ticks, 50);
  } finally {
    console.warn = warn;
  }
});

test("readings are stamped in milliseconds and used once; unsettled ones restart the estimate", () => {
  const w = world();
  const sync = w.sync();
  w.run(sync, 3000);
  assert.ok(["HOLDING", "CORRECTING"].includes(sync.report().state));
  // the same reading again: the estimate moves on by the model, not pulled back
  const stale = w.player.position();
  const position = w.player.position;
  w.player.position = () => stale;
  w.run(sync, 100);
  assert.ok(Math.abs(sync.report().errorSeconds) < 0.005);
  w.player.position = () => Object.assign({}, stale, { settled: false });
  w.run(sync, 20);
  assert.equal(sync.report().state, "SEEKING");
  w.player.position = () => Object.assign({}, stale, { positionSeconds: Infinity, localMs: w.now });
  assert.throws(() => sync.tick(), /position must be finite/);
  w.player.position = position;
  w.run(sync, 3000);
  assert.ok(["HOLDING", "CORRECTING"].includes(sync.report().state));
});
