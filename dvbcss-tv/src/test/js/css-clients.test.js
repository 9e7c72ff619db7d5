// Unit tests of the browser companion's protocol maths: node --test css-clients.test.js
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const c = require(path.join(__dirname, "../../main/resources/org/dvbcss/tv/web/css-clients.js"));

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
const SEEDS = [1, 2, 3, 42, 1234, 99991];

test("a WC request is 32 bytes of version 0, type 0, with the originate time", () => {
  const r = c.wcRequest(1234567890123);
  assert.equal(r.length, 32);
  assert.deepEqual(Array.from(r.subarray(0, 8)), [0, 0, 0, 0, 0, 0, 0, 0]);
  const v = new DataView(r.buffer);
  assert.equal(v.getUint32(8), 1234);
  assert.equal(v.getUint32(12), 567890123);
  assert.equal(c.decodeWc(r).originateNs, 1234567890123n);
});

test("WC messages round trip through encode and decode", () => {
  for (const seed of SEEDS) {
    const rnd = random(seed);
    const m = {
      type: Math.floor(rnd() * 4),
      precision: Math.floor(rnd() * 256) - 128,
      maxFreqError: Math.floor(rnd() * 2 ** 32),
      originateNs: BigInt(Math.floor(rnd() * 2 ** 32)) * 1000000000n + BigInt(Math.floor(rnd() * 1e9)),
      receiveNs: BigInt(Math.floor(rnd() * 2 ** 32)) * 1000000000n + BigInt(Math.floor(rnd() * 1e9)),
      transmitNs: BigInt(Math.floor(rnd() * 2 ** 32)) * 1000000000n + BigInt(Math.floor(rnd() * 1e9)),
    };
    const d = c.decodeWc(c.encodeWc(m));
    for (const k of Object.keys(m)) assert.equal(d[k], m[k], "seed " + seed + " " + k);
  }
});

test("the precision byte is signed and the max frequency error is in 1/256 ppm", () => {
  const b = c.encodeWc({ type: 1, precision: -10, maxFreqError: 12800, originateNs: 0n });
  assert.equal(b[2], 0xf6);
  const d = c.decodeWc(b);
  assert.equal(d.precision, -10);
  const cand = c.wcCandidate(d, 0, 0);
  assert.equal(cand.precisionNs, 2 ** -10 * 1e9);
  assert.equal(cand.serverMaxFreqErrorPpm, 50);
});

test("WC decoding rejects bad length, version, type and non-canonical times; originate may be anything", () => {
  assert.throws(() => c.decodeWc(new Uint8Array(31)), /32 bytes/);
  const b = c.encodeWc({ type: 1, originateNs: 0n });
  b[0] = 1;
  assert.throws(() => c.decodeWc(b), /version/);
  b[0] = 0;
  b[1] = 4;
  assert.throws(() => c.decodeWc(b), /type/);
  b[1] = 1;
  new DataView(b.buffer).setUint32(20, 1000000000);
  assert.throws(() => c.decodeWc(b), /receive/);
  const e = c.encodeWc({ type: 1, originateNs: 0n });
  new DataView(e.buffer).setUint32(12, 0xffffffff);
  assert.equal(c.decodeWc(e).originateKey, "00000000ffffffff");
});

test("the candidate's offset and round trip follow NTP's formulas", () => {
  const resp = { receiveNs: 1000000000000n + 5000n, transmitNs: 1000000000000n + 6000n, precision: -20, maxFreqError: 0 };
  const cand = c.wcCandidate(resp, 1000, 9000);
  assert.equal(cand.rttNs, 8000 - 1000);
  assert.equal(cand.offsetNs, (1000000000000n * 2n + 11000n - 10000n) / 2n);
  assert.equal(c.wcCandidate({ receiveNs: 0n, transmitNs: 10000n, precision: 0, maxFreqError: 0 }, 0, 5000), null);
});

test("the WC bound is never smaller than the true error (seeded simulation)", () => {
  for (const seed of SEEDS) {
    const rnd = random(seed);
    const resolutionNs = 100000;
    // a coarsened timer with jitter: each reading within one resolution of the truth
    const quantise = (ns) => Math.floor(ns / resolutionNs) * resolutionNs + (rnd() < 0.5 ? 0 : resolutionNs);
    const trueOffset = BigInt(Math.floor(rnd() * 1e18));
    const serverPpm = rnd() * 100;
    const localPpm = (rnd() * 2 - 1) * 500; // the local clock's real drift, within what is assumed
    const serverDrift = (rnd() * 2 - 1) * serverPpm;
    let best = null;
    for (let i = 0; i < 200; i++) {
      const t1True = 1e9 + i * 5e7 + rnd() * 1e6;
      const out = rnd() * 5e6;
      const back = rnd() * 5e6;
      const turn = rnd() * 1e5;
      const t4True = t1True + out + turn + back;
      // server clock = local true time + offset, drifting by serverDrift - localPpm relative
      const server = (t) => BigInt(Math.round(t + ((serverDrift - localPpm) * t) / 1e6)) + trueOffset;
      const resp = { receiveNs: server(t1True + out), transmitNs: server(t1True + out + turn), precision: -20, maxFreqError: Math.ceil(serverPpm * 256) };
      const cand = c.wcCandidate(resp, quantise(t1True), quantise(t4True));
      assert.notEqual(cand, null);
      best = c.chooseCandidate(best, cand, quantise(t4True), resolutionNs);
      for (const later of [0, 1e6, 1e9, 3e10]) {
        const nowTrue = t4True + later;
        const estimate = c.wallClockAt(best.offsetNs, quantise(nowTrue));
        const error = Math.abs(Number(estimate - server(nowTrue)));
        const bound = c.wcDispersionNs(best, quantise(nowTrue), resolutionNs);
        assert.ok(error <= bound, `seed ${seed} step ${i}: error ${error} > bound ${bound}`);
      }
    }
  }
});

test("the bound grows by the server's and the local frequency errors from t1", () => {
  const cand = { offsetNs: 0n, rttNs: 2000000, t1Ns: 0, t4Ns: 2000000, precisionNs: 1000, serverMaxFreqErrorPpm: 50 };
  const at0 = c.wcDispersionNs(cand, 0, 100000);
  assert.equal(at0, 1000000 + 1000 + 300000 + 1);
  assert.equal(c.wcDispersionNs(cand, 1e9, 100000) - at0, (550 * 1e9) / 1e6);
  assert.equal(c.wcDispersionNs(cand, 1e9, 100000, 0) - at0, (50 * 1e9) / 1e6);
});

test("lowest dispersion keeps the better of the two now", () => {
  const a = { offsetNs: 1n, rttNs: 1000000, t1Ns: 0, precisionNs: 0, serverMaxFreqErrorPpm: 0 };
  const b = { offsetNs: 2n, rttNs: 10000000, t1Ns: 5e9, precisionNs: 0, serverMaxFreqErrorPpm: 0 };
  const d = { offsetNs: 3n, rttNs: 4000000, t1Ns: 5e9, precisionNs: 0, serverMaxFreqErrorPpm: 0 };
  // at 5 s: a is 0.5 ms + 500 ppm x 5 s = 3 ms, b 5 ms, d 2 ms
  assert.equal(c.chooseCandidate(a, b, 5e9, 0), a);
  assert.equal(c.chooseCandidate(a, d, 5e9, 0), d);
  assert.equal(c.chooseCandidate(null, b, 0, 0), b);
  assert.equal(c.chooseCandidate(a, null, 0, 0), a);
});

test("CII merges partial updates, keeps absent properties and null as null", () => {
  let s = c.mergeCii({}, { protocolVersion: "1.1", contentId: "dvb://a", tsUrl: "ws://x/ts", presentationStatus: "okay" });
  s = c.mergeCii(s, { contentId: "dvb://b", tsUrl: null });
  assert.equal(s.contentId, "dvb://b");
  assert.equal(s.tsUrl, null);
  assert.ok("tsUrl" in s);
  assert.equal(s.presentationStatus, "okay");
  assert.equal(s.wcUrl, undefined);
  assert.throws(() => c.mergeCii(s, [1]), /object/);
});

test("a wildcard or empty host becomes the page's host", () => {
  assert.equal(c.usableUrl("ws://0.0.0.0:7681/ts", "tv.local"), "ws://tv.local:7681/ts");
  assert.equal(c.usableUrl("ws://[::]:7681/ts", "::1"), "ws://[::1]:7681/ts");
  assert.equal(c.usableUrl("ws://:7681/ts", "127.0.0.1"), "ws://127.0.0.1:7681/ts");
  assert.equal(c.usableUrl("ws://192.168.1.2:7681/ts", "127.0.0.1"), "ws://192.168.1.2:7681/ts");
});

test("control timestamps: available, unavailable, and invalid ones named", () => {
  const a = c.parseControlTimestamp('{"contentTime":"900000","wallClockTime":"1700000000123456789","timelineSpeedMultiplier":1.0}');
  assert.equal(a.available, true);
  assert.equal(a.contentTime, 900000n);
  assert.equal(a.wallClockTime, 1700000000123456789n);
  const u = c.parseControlTimestamp('{"contentTime":null,"wallClockTime":"5","timelineSpeedMultiplier":null}');
  assert.equal(u.available, false);
  assert.throws(() => c.parseControlTimestamp('{"contentTime":"1","wallClockTime":"5","timelineSpeedMultiplier":null}'), /both/);
  assert.throws(() => c.parseControlTimestamp('{"contentTime":1,"wallClockTime":"5","timelineSpeedMultiplier":1}'), /contentTime/);
  assert.throws(() => c.parseControlTimestamp('{"contentTime":"01","wallClockTime":"5","timelineSpeedMultiplier":1}'), /contentTime/);
  assert.throws(() => c.parseControlTimestamp('{"contentTime":"1","timelineSpeedMultiplier":1}'), /wallClockTime is missing/);
});

test("positions extrapolate with speed, exactly for large wall clock values (seeded)", () => {
  for (const seed of SEEDS) {
    const rnd = random(seed);
    const wall = 1700000000000000000n + BigInt(Math.floor(rnd() * 1e15));
    const ticks = BigInt(Math.floor(rnd() * 1e10));
    const speed = [0, 1, 2, -1, 0.5][Math.floor(rnd() * 5)];
    const ct = { available: true, contentTime: ticks, wallClockTime: wall, speed };
    const dt = Math.floor(rnd() * 1e10);
    const p = c.positionAt(ct, wall + BigInt(dt), 90000);
    assert.ok(Math.abs(p - (Number(ticks) + (dt * speed * 90000) / 1e9)) < 1e-3, "seed " + seed);
  }
  assert.equal(c.positionBoundMs(2e6, 2, 1000), 4 + 1);
  assert.equal(c.positionBoundMs(2e6, 0, 1000), 1);
});

test("timing reports in the form the TV accepts", () => {
  assert.equal(
    c.timingReport(900000.4, 1700000000123456789n),
    '{"actual":{"contentTime":"900000","wallClockTime":"1700000000123456789"},' +
      '"earliest":{"contentTime":"900000","wallClockTime":"minusinfinity"},' +
      '"latest":{"contentTime":"900000","wallClockTime":"plusinfinity"}}'
  );
  assert.equal(
    c.encodeAptEptLpt({ earliest: { contentTime: 5n, wallClockTime: 10n }, latest: { contentTime: 5n, wallClockTime: 20n } }),
    '{"earliest":{"contentTime":"5","wallClockTime":"10"},"latest":{"contentTime":"5","wallClockTime":"20"}}'
  );
  assert.throws(() => c.encodeAptEptLpt({ earliest: { contentTime: 0, wallClockTime: "plusinfinity" }, latest: { contentTime: 0, wallClockTime: 1 } }));
  assert.throws(() => c.encodeAptEptLpt({ earliest: { contentTime: 0, wallClockTime: 1 }, latest: { contentTime: 0, wallClockTime: "minusinfinity" } }));
  assert.equal(c.tsSetupMessage("urn:dvb:css:timeline:pts"), '{"contentIdStem":"","timelineSelector":"urn:dvb:css:timeline:pts"}');
});

test("reconnect backoff doubles from 250 ms up to 5 s", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(c.backoffMs), [250, 500, 1000, 2000, 4000, 5000, 5000]);
});

test("the timer resolution is at least the floor", () => {
  let t = 0;
  assert.equal(c.measureTimerResolutionNs(() => (t += 0.005), 100000), 100000);
  let u = 0;
  assert.equal(c.measureTimerResolutionNs(() => (u += 1), 100000), 1e6);
});
