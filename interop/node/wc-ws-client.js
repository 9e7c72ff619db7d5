// Runs dvbcss-protocols' binary WebSocket wall clock client (the form browser companions use)
// against URL (ws://host:port/wc) for DURATION_MS, then prints one JSON line: how many binary
// messages came back, and the client's final estimate of the server's wall clock next to the
// local monotonic time read at the same moment.
// Usage: node wc-ws-client.js URL DURATION_MS
"use strict";

const WebSocket = require("ws");
const Protocols = require("dvbcss-protocols");
const clocks = require("dvbcss-clocks");
const HrtimeClock = require("./hrclock");

const [url, durationText] = process.argv.slice(2);
const durationMs = Number(durationText || "3000");
if (!url || !/^wss?:\/\//.test(url)) {
  console.error("usage: node wc-ws-client.js ws://HOST:PORT/wc DURATION_MS");
  process.exit(2);
}

const root = new HrtimeClock(500);
const wallClock = new clocks.CorrelatedClock(root, { tickRate: 1e9 });
const ws = new WebSocket(url);
let messages = 0;
let textMessages = 0;
ws.on("message", (data) => {
  if (typeof data === "string") {
    textMessages++;
  } else {
    messages++;
  }
});
ws.on("error", (error) => {
  console.error("websocket error: " + error.message);
  process.exit(1);
});

const client = Protocols.WallClock.createBinaryWebSocketClient(ws, wallClock, {
  requestInterval: 100,
  followupTimeout: 500,
});

setTimeout(() => {
  const estimate = wallClock.now();
  const local = root.now();
  const result = {
    messages: messages,
    textMessages: textMessages,
    available: wallClock.isAvailable(),
    wallClockNanos: estimate,
    localNanos: local,
    dispersionSeconds: wallClock.dispersionAtTime(estimate),
  };
  console.log(JSON.stringify(result));
  client.stop();
  ws.close();
  process.exit(0);
}, durationMs);
