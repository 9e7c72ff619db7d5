// Live line plots on a <canvas>: named series of (time, value) points over a sliding window.
// No dependencies. Usage:
//   const plot = new TimePlot(canvas, { windowSeconds: 60, unit: 's', title: 'position' });
//   plot.add('pts', nowSeconds, value);   // value null leaves a gap
//   plot.draw(nowSeconds);                // e.g. from requestAnimationFrame
(function (global) {
  'use strict';

  const COLOURS = ['#2458c6', '#d0621b', '#1f8a4c', '#9b3bb5', '#b8860b', '#c22f4d', '#2a8f9b', '#555'];

  function TimePlot(canvas, options) {
    const o = options || {};
    this.canvas = canvas;
    this.windowSeconds = o.windowSeconds || 60;
    this.unit = o.unit || '';
    this.title = o.title || '';
    this.series = new Map(); // name -> {colour, points: [[t, v]]}
  }

  TimePlot.prototype.add = function (name, t, value) {
    let s = this.series.get(name);
    if (!s) {
      s = { colour: COLOURS[this.series.size % COLOURS.length], points: [] };
      this.series.set(name, s);
    }
    s.points.push([t, value === undefined ? null : value]);
  };

  TimePlot.prototype.clear = function () {
    this.series.clear();
  };

  TimePlot.prototype.prune = function (now) {
    const from = now - this.windowSeconds - 1;
    for (const [name, s] of this.series) {
      let i = 0;
      while (i < s.points.length && s.points[i][0] < from) i++;
      if (i > 0) s.points.splice(0, i);
      if (s.points.length === 0) this.series.delete(name);
    }
  };

  function niceStep(range) {
    const raw = range / 4;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const n = raw / mag;
    return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
  }

  TimePlot.prototype.draw = function (now) {
    this.prune(now);
    const c = this.canvas;
    const ratio = global.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth || c.width));
    const h = Math.max(1, Math.round(c.clientHeight || c.height));
    if (c.width !== w * ratio || c.height !== h * ratio) {
      c.width = w * ratio;
      c.height = h * ratio;
    }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const left = 64, right = 12, top = 24, bottom = 24;
    const pw = w - left - right, ph = h - top - bottom;
    const t0 = now - this.windowSeconds;

    let lo = Infinity, hi = -Infinity;
    for (const s of this.series.values()) {
      for (const [t, v] of s.points) {
        if (v !== null && t >= t0 && isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo === Infinity) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.08;
    lo -= pad; hi += pad;
    const x = (t) => left + ((t - t0) / this.windowSeconds) * pw;
    const y = (v) => top + (1 - (v - lo) / (hi - lo)) * ph;

    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#5b6475';
    g.strokeStyle = '#eef0f4';
    g.lineWidth = 1;
    const step = niceStep(hi - lo);
    for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
      g.beginPath(); g.moveTo(left, y(v)); g.lineTo(left + pw, y(v)); g.stroke();
      g.textAlign = 'right';
      g.fillText(formatNumber(v, step) + this.unit, left - 6, y(v) + 4);
    }
    g.textAlign = 'center';
    for (let s = 0; s <= this.windowSeconds; s += 10) {
      const xs = x(now - s);
      g.beginPath(); g.moveTo(xs, top); g.lineTo(xs, top + ph); g.stroke();
      g.fillText(s === 0 ? 'now' : '−' + s + ' s', xs, h - 6);
    }
    g.textAlign = 'left';
    g.fillStyle = '#1d2330';
    g.font = '600 12px system-ui, sans-serif';
    g.fillText(this.title, left, 15);

    let legendX = left + g.measureText(this.title).width + 18;
    g.font = '12px system-ui, sans-serif';
    g.save();
    g.beginPath(); g.rect(left, top, pw, ph); g.clip();
    let index = 0;
    for (const s of this.series.values()) {
      // earlier series drawn wider, so lines that coincide all stay visible
      g.strokeStyle = s.colour;
      g.lineWidth = Math.max(1.5, 5 - 1.5 * index++);
      g.beginPath();
      let pen = false;
      for (const [t, v] of s.points) {
        if (v === null || !isFinite(v)) { pen = false; continue; }
        if (pen) g.lineTo(x(t), y(v)); else g.moveTo(x(t), y(v));
        pen = true;
      }
      g.stroke();
    }
    g.restore();
    for (const [name, s] of this.series) {
      g.fillStyle = s.colour;
      g.fillRect(legendX, 7, 10, 10);
      g.fillStyle = '#1d2330';
      g.fillText(name, legendX + 14, 16);
      legendX += g.measureText(name).width + 30;
    }
  };

  function formatNumber(v, step) {
    const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
    return v.toFixed(digits);
  }

  global.TimePlot = TimePlot;
})(window);
