// Runs dvbcss-protocols' UDP wall clock client against HOST PORT for DURATION_MS, then prints
// one JSON line: how many datagrams came back, and the client's final estimate of the server's
// wall clock next to the local monotonic time read at the same moment.
// Usage: node wc-client.js HOST PORT DURATION_MS
"use strict";

const dgram = require("dgram");
const Protocols = require("dvbcss-protocols");
const clocks = require("dvbcss-clocks");
const HrtimeClock = require("./hrclock");

const [host, portText, durationText] = process.argv.slice(2);
const port = Number(portText);
const durationMs = Number(durationText || "3000");
if (!host || !(port > 0)) {
  console.error("usage: node wc-client.js HOST PORT DURATION_MS");
  process.exit(2);
}

const root = new HrtimeClock(500);
const wallClock = new clocks.CorrelatedClock(root, { tickRate: 1e9 });
const socket = dgram.createSocket({ type: host.includes(":") ? "udp6" : "udp4" });
let datagrams = 0;
socket.on("message", () => { datagrams++; });

socket.on("listening", () => {
  const client = Protocols.WallClock.createBinaryUdpClient(socket, wallClock, {
    dest: { address: host, port: port },
    requestInterval: 100,
    followupTimeout: 500,
  });
  setTimeout(() => {
    const estimate = wallClock.now();
    const local = root.now();
    const result = {
      datagrams: datagrams,
      available: wallClock.isAvailable(),
      wallClockNanos: estimate,
      localNanos: local,
      dispersionSeconds: wallClock.dispersionAtTime(estimate),
    };
    console.log(JSON.stringify(result));
    client.stop();
    socket.close();
    process.exit(0);
  }, durationMs);
});
socket.bind(0, host.includes(":") ? "::1" : "127.0.0.1");
