// Connects dvbcss-protocols' CII client to URL and prints one JSON line per "change" event it
// emits: {"event":"change","changes":[names],"contentId":..,"presentationStatus":..,...}. Stops
// after DURATION_MS, or once STOP_AFTER messages have arrived, and prints
// {"event":"end","messages":N}.
// Its known defects (see the project's field notes) mean some readings are wrong: mrsUrl is read
// from "msrUrl", wcUrl/tsUrl change flags are swapped, a partial message wipes the timelines.
// Usage: node cii-client.js URL DURATION_MS [STOP_AFTER]
"use strict";

const WebSocket = require("ws");
const Protocols = require("dvbcss-protocols");

const [url, durationText, stopAfterText] = process.argv.slice(2);
const stopAfter = Number(stopAfterText || "0");
if (!url || !/^wss?:\/\//.test(url)) {
  console.error("usage: node cii-client.js ws://HOST:PORT/cii DURATION_MS");
  process.exit(2);
}

let messages = 0;
const ws = new WebSocket(url);
ws.on("message", () => { messages++; });
ws.on("open", () => {
  const client = Protocols.CII.createCIIClient(ws, {});
  client.on("change", (cii, changes) => {
    const names = Object.keys(changes).filter((name) => changes[name]);
    console.log(JSON.stringify({
      event: "change",
      changes: names,
      protocolVersion: cii.protocolVersion,
      contentId: cii.contentId,
      contentIdStatus: cii.contentIdStatus,
      presentationStatus: cii.presentationStatus,
      wcUrl: cii.wcUrl,
      tsUrl: cii.tsUrl,
      timelines: cii.timelines,
    }));
    if (stopAfter > 0 && messages >= stopAfter) {
      end();
    }
  });
});
ws.on("error", (e) => { console.log(JSON.stringify({ event: "error", message: String(e) })); });
function end() {
  console.log(JSON.stringify({ event: "end", messages: messages }));
  ws.close();
  process.exit(0);
}
setTimeout(end, Number(durationText || "3000"));
