// A root clock for dvbcss-clocks that reads process.hrtime.bigint() (CLOCK_MONOTONIC, the same
// source as the JVM's System.nanoTime() on Linux), at 1e9 ticks per second. The library's stock
// root clock reads Date.now(), which resolves only 1 ms and is not monotonic.
"use strict";

const inherits = require("inherits");
const ClockBase = require("dvbcss-clocks/src/ClockBase");

function HrtimeClock(maxFreqErrorPpm) {
  ClockBase.call(this);
  this._maxFreqErrorPpm = maxFreqErrorPpm;
  this._precision = 1e-6; // conservative: node's hrtime is read through several layers
}
inherits(HrtimeClock, ClockBase);

HrtimeClock.prototype.now = function () { return Number(process.hrtime.bigint()); };
HrtimeClock.prototype.getTickRate = function () { return 1e9; };
HrtimeClock.prototype.calcWhen = function (t) { return t / 1e6; };
HrtimeClock.prototype.toParentTime = function () { throw "root clock"; };
HrtimeClock.prototype.fromParentTime = function () { throw "root clock"; };
HrtimeClock.prototype.getParent = function () { return null; };
HrtimeClock.prototype.setParent = function () { throw "root clock"; };
HrtimeClock.prototype.setAvailabilityFlag = function (a) { if (!a) { throw "root clock"; } };
HrtimeClock.prototype._errorAtTime = function () { return this._precision; };
HrtimeClock.prototype.getRootMaxFreqError = function () { return this._maxFreqErrorPpm; };
HrtimeClock.prototype.toString = function () { return "HrtimeClock"; };

module.exports = HrtimeClock;
