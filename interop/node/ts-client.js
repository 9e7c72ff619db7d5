// Connects dvbcss-protocols' TS client to URL, asking for TIMELINE_SELECTOR under
// CONTENT_ID_STEM, with a timeline clock of TICK_RATE ticks per second under a wall clock that is
// this machine's monotonic clock (process.hrtime.bigint(), nanoseconds: the same CLOCK_MONOTONIC
// as the JVM's System.nanoTime(), so no wall clock sync is needed on one machine). Prints one JSON
// line per message received ({"event":"message","text":..}) and per availability change of the
// timeline clock ({"event":"available"|"unavailable"}); after DURATION_MS prints
// {"event":"end","messages":N,"available":bool,"timelineTicks":T,"localNanos":L}: the client's
// estimate of the timeline position and the local monotonic time it was read at.
// Usage: node ts-client.js URL CONTENT_ID_STEM TIMELINE_SELECTOR TICK_RATE DURATION_MS
"use strict";

const WebSocket = require("ws");
const Protocols = require("dvbcss-protocols");
const clocks = require("dvbcss-clocks");
const HrtimeClock = require("./hrclock");

const [url, stem, selector, tickRateText, durationText] = process.argv.slice(2);
const tickRate = Number(tickRateText);
if (!url || !/^wss?:\/\//.test(url) || stem === undefined || !selector || !(tickRate > 0)) {
  console.error(
    "usage: node ts-client.js ws://HOST:PORT/ts CONTENT_ID_STEM TIMELINE_SELECTOR TICK_RATE DURATION_MS");
  process.exit(2);
}

const root = new HrtimeClock(500);
const wallClock = new clocks.CorrelatedClock(root, {
  tickRate: 1e9,
  correlation: new clocks.Correlation(0, 0),
});
const timeline = new clocks.CorrelatedClock(wallClock, {
  tickRate: tickRate,
  correlation: new clocks.Correlation(0, 0),
});
let available = null;
timeline.on("available", () => {
  if (available !== true) { console.log(JSON.stringify({ event: "available" })); }
  available = true;
});
timeline.on("unavailable", () => {
  if (available !== false) { console.log(JSON.stringify({ event: "unavailable" })); }
  available = false;
});

let messages = 0;
const ws = new WebSocket(url);
ws.on("message", (data) => {
  messages++;
  console.log(JSON.stringify({ event: "message", text: String(data) }));
});
ws.on("open", () => {
  // Always pass an options object; the option is tickRate (camelCase).
  Protocols.TimelineSynchronisation.createTSClient(ws, timeline, {
    contentIdStem: stem,
    timelineSelector: selector,
    tickRate: tickRate,
  });
});
ws.on("error", (e) => { console.log(JSON.stringify({ event: "error", message: String(e) })); });
setTimeout(() => {
  const ticks = timeline.now();
  const local = root.now();
  console.log(JSON.stringify({
    event: "end",
    messages: messages,
    available: timeline.isAvailable(),
    timelineTicks: ticks,
    localNanos: local,
  }));
  ws.close();
  process.exit(0);
}, Number(durationText || "3000"));
