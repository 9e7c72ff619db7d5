#!/usr/bin/env node
// A minimal WebSocket broadcast server on Node's `ws`: the reference that bench/side-by-side
// compares the project's CII and TS fan-out with. Every interval it builds one message and sends
// it to every connected client in a plain loop; nothing else.
//
// The messages are those of `dvbcss cii-server --bench-interval` (default) or of
// `dvbcss ts-server --bench-interval` (--ts), so the same load tools (`dvbcss cii-load`,
// `dvbcss ts-load`) measure both servers:
//   CII: {"private":[{"type":"urn:dvbcss-java:bench","sentNanos":N}]}, N the send time;
//        on connect the state, with "protocolVersion":"1.1" first.
//   TS:  {"contentTime":"C","wallClockTime":"N","timelineSpeedMultiplier":S}, N the time the
//        change was made, S alternating 0.0 (pause) and 1.0 (resume); sent to a client once it
//        has sent its setup data, then on every change.
// The times are process.hrtime.bigint(): CLOCK_MONOTONIC nanoseconds on Linux, the clock Java's
// System.nanoTime() reads there, so the load tool's arrival times compare with them directly.
//
// Usage: node broadcast.js HOST PORT [--ts] [--interval SECONDS]
'use strict';

const WebSocket = require('ws');

const args = process.argv.slice(2);
let ts = false;
let intervalSeconds = 1;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--ts') ts = true;
  else if (args[i] === '--interval') intervalSeconds = Number(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2 || !(intervalSeconds > 0)) {
  console.error('usage: node broadcast.js HOST PORT [--ts] [--interval SECONDS]');
  process.exit(2);
}
const [host, port] = [positional[0], Number(positional[1])];

const server = new WebSocket.Server({ host, port, perMessageDeflate: false, clientTracking: true });

// CII state: the last bench change.
let sentNanos = process.hrtime.bigint();
// TS state: a PTS timeline (90 kHz) that pauses and resumes.
const PTS_PER_NANO = 90000n;
let speed = 1;
let anchorContent = 0n;
let anchorWall = process.hrtime.bigint();
let current = message();

function ptsAt(wall) {
  return anchorContent + (speed === 1 ? ((wall - anchorWall) * PTS_PER_NANO) / 1000000000n : 0n);
}

function message() {
  if (ts) {
    return (
      '{"contentTime":"' + ptsAt(anchorWall) + '","wallClockTime":"' + anchorWall +
      '","timelineSpeedMultiplier":' + (speed === 1 ? '1.0' : '0.0') + '}'
    );
  }
  return '{"private":[{"type":"urn:dvbcss-java:bench","sentNanos":' + sentNanos + '}]}';
}

server.on('connection', (socket) => {
  if (ts) {
    let setUp = false;
    socket.on('message', () => {
      if (!setUp) {
        setUp = true;
        socket.greeted = true;
        socket.send(current);
      }
    });
  } else {
    socket.greeted = true;
    socket.send('{"protocolVersion":"1.1",' + current.slice(1));
  }
  socket.on('error', () => {});
});

function change() {
  const now = process.hrtime.bigint();
  if (ts) {
    anchorContent = ptsAt(now);
    anchorWall = now;
    speed = 1 - speed;
  } else {
    sentNanos = now;
  }
  current = message();
  const bytes = Buffer.from(current); // encoded once for all clients
  for (const socket of server.clients) {
    if (socket.greeted && socket.readyState === WebSocket.OPEN) {
      socket.send(bytes, { binary: false });
    }
  }
}

server.on('listening', () => {
  console.error('broadcast: listening on ' + host + ':' + port + (ts ? ' (TS)' : ' (CII)'));
  setInterval(change, intervalSeconds * 1000);
});
server.on('error', (e) => {
  console.error('broadcast: ' + e.message);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
