/*
 * The browser companion: follows the TV's content (CSS-CII), wall clock (CSS-WC over WebSocket at
 * /wc) and timeline (CSS-TS), shows them, and reports its own timing back to the TV.
 *
 * Query parameters: cii, wc (WebSocket URLs), timeline (selector), tickRate (ticks per second),
 * video (URL of a video to keep in step with the timeline).
 *
 * window.dvbcssCompanion.state() gives the page's view at the moment it is called.
 */
(function () {
  "use strict";
  const C = window.cssClients;
  const q = new URLSearchParams(location.search);
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";

  const config = {
    cii: q.get("cii") || scheme + location.host + "/cii",
    wc: q.get("wc") || scheme + location.host + "/wc",
    timeline: q.get("timeline") || "urn:dvb:css:timeline:pts",
    tickRate: q.has("tickRate") ? Number(q.get("tickRate")) : null,
    video: q.get("video"),
  };

  /** Frames per second of timeline time for the frame counter. */
  const FPS = 25;
  /** Timing reports: every this often, ms, and soon after each change of timing. */
  const REPORT_INTERVAL_MS = 1000;

  const wc = new C.WallClockClient(config.wc);
  let ts = null;
  let tsUrl = null;
  let lastReportMs = -Infinity;

  const cii = new C.CiiClient(config.cii, (state) => {
    const url = typeof state.tsUrl === "string" ? C.usableUrl(state.tsUrl, location.hostname) : null;
    if (url !== tsUrl) {
      tsUrl = url;
      if (url === null) {
        if (ts) ts.close();
        ts = null;
      } else if (ts === null) {
        ts = new C.TsClient(url, config.timeline, scheduleSoonReport);
      } else {
        ts.setUrl(url);
      }
    }
  });

  function tickRate() {
    if (config.tickRate) return config.tickRate;
    const tl = Array.isArray(cii.cii.timelines) ? cii.cii.timelines : [];
    for (const t of tl) {
      if (t && t.timelineSelector === config.timeline && t.timelineProperties) {
        const p = t.timelineProperties;
        if (p.unitsPerSecond > 0 && p.unitsPerTick > 0) return p.unitsPerSecond / p.unitsPerTick;
      }
    }
    return 90000;
  }

  /** The timeline now: {available, positionTicks, speed, boundMs, wallNs} */
  function timelineNow(nowNs) {
    const rate = tickRate();
    const wallNs = wc.wallNowNs(nowNs);
    const control = ts ? ts.control : null;
    if (wallNs === null || control === null || !control.available) {
      return { available: false, rate, wallNs, speed: control && control.available ? control.speed : null };
    }
    return {
      available: true,
      rate,
      wallNs,
      positionTicks: C.positionAt(control, wallNs, rate),
      speed: control.speed,
      boundMs: C.positionBoundMs(wc.boundNs(nowNs), control.speed, rate),
    };
  }

  function state() {
    const nowNs = performance.now() * 1e6;
    const t = timelineNow(nowNs);
    const best = wc.best;
    const s = cii.cii;
    return {
      cii: {
        connected: cii.connected,
        contentId: s.contentId === undefined ? null : s.contentId,
        contentIdStatus: s.contentIdStatus === undefined ? null : s.contentIdStatus,
        presentationStatus: s.presentationStatus === undefined ? null : s.presentationStatus,
        wcUrl: s.wcUrl === undefined ? null : s.wcUrl,
        tsUrl: s.tsUrl === undefined ? null : s.tsUrl,
        messages: cii.messages,
      },
      wallClock: {
        connected: wc.connected,
        available: wc.available,
        offsetMs: best ? Number(best.offsetNs) / 1e6 : null,
        boundMs: best ? wc.boundNs(nowNs) / 1e6 : null,
        rttMs: best ? best.rttNs / 1e6 : null,
        requests: wc.requests,
        responses: wc.responses,
      },
      timeline: {
        connected: ts !== null && ts.connected,
        available: t.available,
        selector: config.timeline,
        tsUrl: tsUrl,
        tickRate: t.rate,
        positionTicks: t.available ? t.positionTicks : null,
        speed: t.speed === undefined ? null : t.speed,
        boundMs: t.available ? t.boundMs : null,
        positionAtWallNs: t.wallNs === null ? null : Number(t.wallNs),
        reportsSent: ts ? ts.reportsSent : 0,
      },
      video: video ? { currentTime: video.currentTime, playbackRate: video.playbackRate, paused: video.paused } : null,
      reconnects: {
        cii: cii.socket.reconnects,
        wc: wc.socket.reconnects,
        ts: ts ? ts.socket.reconnects : 0,
      },
    };
  }

  // ---- timing reports

  let soon = null;
  function scheduleSoonReport() {
    if (soon) return;
    soon = setTimeout(() => {
      soon = null;
      report();
    }, 100);
  }

  /** Sends actual = the position shown now (the video's, when there is one). */
  function report() {
    if (!ts) return;
    const nowNs = performance.now() * 1e6;
    const t = timelineNow(nowNs);
    if (!t.available) return;
    let shown = t.positionTicks;
    if (video && video.readyState >= 2 && isFinite(video.duration) && videoInSync) {
      shown = t.positionTicks + (video.currentTime - videoTarget(t)) * t.rate;
    }
    if (ts.sendTiming(C.timingReport(shown, t.wallNs))) lastReportMs = nowNs / 1e6;
  }
  setInterval(() => {
    if (performance.now() - lastReportMs >= REPORT_INTERVAL_MS) report();
  }, 250);

  // ---- the optional video

  const video = config.video ? document.getElementById("video") : null;
  let videoInSync = false;
  if (video) {
    video.hidden = false;
    video.muted = true;
    video.src = config.video;
  }

  /** Where the video should be, seconds: the timeline's position, looped over its duration. */
  function videoTarget(t) {
    const s = t.positionTicks / t.rate;
    const d = video.duration;
    return isFinite(d) && d > 0 ? ((s % d) + d) % d : s;
  }

  function syncVideo(t) {
    if (!video || video.readyState < 1 || video.seeking) return;
    if (!t.available) {
      if (!video.paused) video.pause();
      videoInSync = false;
      return;
    }
    const target = videoTarget(t);
    const fix = C.videoCorrection(video.currentTime - target, t.speed);
    if (fix.seek) video.currentTime = target;
    videoInSync = fix.inSync;
    if (fix.pause) {
      if (!video.paused) video.pause();
      return;
    }
    if (video.playbackRate !== fix.playbackRate) video.playbackRate = fix.playbackRate;
    if (video.paused) video.play().catch(() => {});
  }

  // ---- the page

  const el = (id) => document.getElementById(id);
  const text = (id, v) => {
    const e = el(id);
    if (e && e.textContent !== v) e.textContent = v;
  };
  const dot = (id, on, ok) => {
    const e = el(id);
    if (e) e.className = "dot " + (ok ? "ok" : on ? "wait" : "off");
  };
  const fixed = (v, n) => (v === null || v === undefined || !isFinite(v) ? "–" : v.toFixed(n));

  function render() {
    const s = state();
    dot("cii-dot", s.cii.connected, s.cii.connected && s.cii.messages > 0);
    dot("wc-dot", s.wallClock.connected, s.wallClock.available);
    dot("ts-dot", s.timeline.connected, s.timeline.available);
    text("content-id", s.cii.contentId === null ? "–" : String(s.cii.contentId));
    const ps = s.cii.presentationStatus;
    text("presentation-status", ps === null ? "–" : Array.isArray(ps) ? ps.join(" ") : String(ps));
    text("selector", s.timeline.selector + " @ " + s.timeline.tickRate + " ticks/s");
    text("wc-offset", fixed(s.wallClock.offsetMs, 3));
    text("wc-rtt", fixed(s.wallClock.rttMs, 3));
    text("wc-bound", fixed(s.wallClock.boundMs, 3));
    text("wc-counts", s.wallClock.responses + " / " + s.wallClock.requests);
    text("ts-reports", String(s.timeline.reportsSent));
    text("reconnects", s.reconnects.cii + " / " + s.reconnects.wc + " / " + s.reconnects.ts);
    const t = s.timeline;
    if (t.available) {
      const seconds = t.positionTicks / t.tickRate;
      text("position-s", seconds.toFixed(3));
      text("position-ticks", Math.floor(t.positionTicks).toString());
      text("speed", String(t.speed));
      text("bound", t.boundMs.toFixed(3));
      const frac = ((seconds % 1) + 1) % 1;
      el("sweep").style.transform = "translateX(" + (frac * 100).toFixed(2) + "%)";
      text("frame", String(Math.floor(seconds * FPS)));
      text("frame-in-second", String(Math.floor(frac * FPS)).padStart(2, "0"));
      el("visual").classList.remove("unavailable");
    } else {
      text("position-s", "–");
      text("position-ticks", "–");
      text("speed", t.speed === null ? "–" : String(t.speed));
      text("bound", "–");
      text("frame", "–");
      text("frame-in-second", "--");
      el("visual").classList.add("unavailable");
    }
    text("status-line", t.available ? "following the TV" : !s.cii.connected ? "looking for the TV…" : !s.wallClock.available ? "measuring the wall clock…" : "waiting for the timeline…");
    if (video) syncVideo(timelineNow(performance.now() * 1e6));
  }

  function frame() {
    try {
      render();
    } catch (e) {
      console.error(e);
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  // keep the numbers moving in a background tab too (no animation frames there)
  setInterval(() => {
    if (document.hidden) render();
  }, 500);

  window.dvbcssCompanion = { state, config };
})();
