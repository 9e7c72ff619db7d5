// Runs dvbcss-protocols' UDP wall clock server on 127.0.0.1, port 0 (the OS picks one), serving a
// wall clock equal to the local monotonic time in nanoseconds. Prints "listening PORT" once bound,
// then serves until stdin closes or DURATION_MS passes.
// Usage: node wc-server.js [FOLLOWUP(true|false)] [DURATION_MS]
"use strict";

const dgram = require("dgram");
const Protocols = require("dvbcss-protocols");
const clocks = require("dvbcss-clocks");
const HrtimeClock = require("./hrclock");

const followup = process.argv[2] === "true";
const durationMs = Number(process.argv[3] || "30000");

const root = new HrtimeClock(500);
const wallClock = new clocks.CorrelatedClock(root, { tickRate: 1e9 });
const socket = dgram.createSocket({ type: "udp4" });

socket.on("listening", () => {
  Protocols.WallClock.createBinaryUdpServer(socket, wallClock, {
    precision: 1e-6,
    maxFreqError: 500,
    followup: followup,
  });
  console.log("listening " + socket.address().port);
});
socket.bind(0, "127.0.0.1");

const stop = () => { socket.close(); process.exit(0); };
process.stdin.on("end", stop);
process.stdin.resume();
setTimeout(stop, durationMs);
