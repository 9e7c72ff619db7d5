// Replays recorded controller inputs through the JavaScript player synchroniser and writes what it
// did, tick by tick, for PlayerSyncJsEquivalenceTest to compare with the Java controller:
//
//   node player-sync-replay.js PLAYER_SYNC_JS INPUT_JSON OUTPUT_JSON
//
// Input: {scenarios: [{name, config (SyncConfig's settings), quantum (s), ticks: [{nowNanos,
// calibration (s), latency (s), timeline: {available, positionSeconds, speed, dispersionSeconds},
// reading: null | {positionSeconds, localNanos, settled}}]}]}.
// Output: {scenarios: [{name, ticks: [{commands: [["rate", r] | ["seek", s]], alerts: [{kind,
// raised, valueSeconds, thresholdSeconds, localNanos}], report: {SyncReport's fields}, timing:
// null | {contentSeconds, localNanos, slackSeconds}, sent: null | contentSeconds}]}]}.
// Numbers that are not finite travel as the strings "NaN", "Infinity", "-Infinity".
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [jsFile, inFile, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error("usage: node player-sync-replay.js PLAYER_SYNC_JS INPUT_JSON OUTPUT_JSON");
  process.exit(2);
}
const ps = require(path.resolve(jsFile));
const input = JSON.parse(fs.readFileSync(inFile, "utf8"));

const num = (v) => (typeof v === "string" ? Number(v) : v);
const out = (x) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x);

/** Nanoseconds to the controller's milliseconds; the controller must get exactly them back. */
function ms(nanos) {
  const m = nanos / 1e6;
  if (Math.round(m * 1e6) !== nanos) throw new Error("nanoseconds do not survive milliseconds: " + nanos);
  return m;
}

function replay(scenario) {
  let tick = null; // the recorded inputs of the tick in progress
  let result = null; // its outputs
  const player = {
    position() {
      const r = tick.reading;
      return r === null ? null : { positionSeconds: num(r.positionSeconds), localMs: ms(r.localNanos), settled: r.settled };
    },
    setRate(rate) {
      result.commands.push(["rate", out(rate)]);
    },
    seek(s) {
      result.commands.push(["seek", out(s)]);
    },
    outputLatencySeconds() {
      return num(tick.latency);
    },
    positionQuantumSeconds() {
      return num(scenario.quantum);
    },
  };
  const config = {};
  for (const [k, v] of Object.entries(scenario.config)) config[k] = typeof v === "boolean" ? v : num(v);
  const sync = new ps.PlayerSynchroniser({
    player,
    nowMs: () => ms(tick.nowNanos),
    timeline: (nowMs) => {
      if (nowMs !== ms(tick.nowNanos)) throw new Error("the timeline is read at another time");
      const t = tick.timeline;
      if (!t.available) return { available: false };
      return { available: true, positionSeconds: num(t.positionSeconds), speed: num(t.speed), dispersionSeconds: num(t.dispersionSeconds) };
    },
    config,
    onAlert: (a) =>
      result.alerts.push({
        kind: a.kind,
        raised: a.raised,
        valueSeconds: out(a.valueSeconds),
        thresholdSeconds: out(a.thresholdSeconds),
        localNanos: Math.round(a.localMs * 1e6),
      }),
    reportSink: (timing) => {
      result.sent = timing.contentSeconds;
      return true;
    },
  });
  const ticks = [];
  for (tick of scenario.ticks) {
    result = { commands: [], alerts: [], sent: null };
    const c = num(tick.calibration);
    if (c !== sync.calibration()) sync.setCalibration(c);
    sync.tick();
    const report = {};
    for (const [k, v] of Object.entries(sync.report())) report[k] = out(v);
    result.report = report;
    const t = sync.timingReport();
    result.timing =
      t === null ? null : { contentSeconds: t.contentSeconds, localNanos: Math.round(t.localMs * 1e6), slackSeconds: t.slackSeconds };
    ticks.push(result);
  }
  return { name: scenario.name, ticks };
}

fs.writeFileSync(outFile, JSON.stringify({ scenarios: input.scenarios.map(replay) }));
