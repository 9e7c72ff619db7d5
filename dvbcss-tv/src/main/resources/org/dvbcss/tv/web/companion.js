/*
 * The browser companion: follows the TV's content (CSS-CII), wall clock (CSS-WC over WebSocket at
 * /wc) and timeline (CSS-TS), shows them, and reports its own timing back to the TV.
 *
 * Query parameters: cii, wc (WebSocket URLs), timeline (selector), tickRate (ticks per second),
 * video (URL of a video to keep in step with the timeline, by player-sync.js: the Java player
 * synchroniser's rules), any SyncConfig setting by its name (seconds, e.g. calibrationSeconds=0.04),
 * and the video's outputLatencySeconds and positionQuantumSeconds.
 *
 * window.dvbcssCompanion.state() gives the page's view at the moment it is called.
 */
(function () {
  "use strict";
  const C = window.cssClients;
  const P = window.playerSync;
  const q = new URLSearchParams(location.search);
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";

  /** The controller's settings given in the query string (checked when the controller is made). */
  function syncSettings() {
    const s = {};
    for (const k of Object.keys(P.DEFAULTS)) {
      if (!q.has(k)) continue;
      const v = q.get(k);
      s[k] = typeof P.DEFAULTS[k] === "boolean" ? v === "true" || v === "1" : Number(v);
    }
    return s;
  }

  const numberOr = (name, dflt) => (q.has(name) ? Number(q.get(name)) : dflt);

  const config = {
    cii: q.get("cii") || scheme + location.host + "/cii",
    wc: q.get("wc") || scheme + location.host + "/wc",
    timeline: q.get("timeline") || "urn:dvb:css:timeline:pts",
    tickRate: q.has("tickRate") ? Number(q.get("tickRate")) : null,
    video: q.get("video"),
    sync: syncSettings(),
    outputLatencySeconds: numberOr("outputLatencySeconds", 0),
    positionQuantumSeconds: numberOr("positionQuantumSeconds", 0),
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
      video: video
        ? {
            currentTime: video.currentTime,
            positionSeconds: videoPlayer ? videoPlayer.positionNow() : null,
            duration: isFinite(video.duration) ? video.duration : null,
            playbackRate: video.playbackRate,
            paused: video.paused,
            seeking: video.seeking,
            readyState: video.readyState,
          }
        : null,
      sync: video ? syncState() : null,
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

  /**
   * Sends actual = the position shown now: without a video (or when its controller is not running)
   * the page's estimate, able to show any position at any time (earliest and latest unbounded);
   * with one the controller's latest timing report of the video (earliest and latest its reach by
   * rate), none while it has none.
   */
  function report() {
    if (!ts) return;
    if (sync) {
      const timing = sync ? sync.timingReport() : null;
      if (timing !== null) sendPlayerTiming(timing);
      return;
    }
    const nowNs = performance.now() * 1e6;
    const t = timelineNow(nowNs);
    if (!t.available) return;
    if (ts.sendTiming(C.timingReport(t.positionTicks, t.wallNs))) lastReportMs = nowNs / 1e6;
  }

  /**
   * A timing report of the video from the controller's: the content shown at its local time (on
   * the TV's wall clock), earliest and latest that content moved by -/+ the slack.
   */
  function playerTimingMessage(timing) {
    const wallNs = wc.wallNowNs(timing.localMs * 1e6);
    if (wallNs === null) return null;
    const contentTime = BigInt(Math.round(timing.contentSeconds * tickRate()));
    const slackNs = BigInt(Math.round(timing.slackSeconds * 1e9));
    return C.encodeAptEptLpt({
      actual: { contentTime, wallClockTime: wallNs },
      earliest: { contentTime, wallClockTime: wallNs - slackNs },
      latest: { contentTime, wallClockTime: wallNs + slackNs },
    });
  }

  /** The controller's report sink: true if sent. */
  function sendPlayerTiming(timing) {
    if (!ts) return false;
    const m = playerTimingMessage(timing);
    if (m === null || !ts.sendTiming(m)) return false;
    lastReportMs = performance.now();
    return true;
  }
  setInterval(() => {
    if (performance.now() - lastReportMs >= REPORT_INTERVAL_MS) report();
  }, 250);

  // ---- the optional video, kept in step by the player synchroniser (player-sync.js)

  const video = config.video ? document.getElementById("video") : null;
  let videoPlayer = null;
  let sync = null;
  let syncError = null;
  const alerts = [];
  const ALERTS_KEPT = 20;

  /**
   * The <video> as the controller's player. Positions are seconds of the timeline: the video loops
   * over its duration, so its currentTime is unwrapped by the whole loops gone by (counted when
   * currentTime jumps back by more than half the duration, set by each seek).
   *   position: currentTime, read with performance.now(); settled while not seeking and
   *             readyState >= 3 (HAVE_FUTURE_DATA); null before its metadata;
   *   setRate:  0 (or below: a browser cannot play backwards) pauses; otherwise playbackRate and play();
   *   seek:     currentTime = the position within the loop.
   */
  function makeVideoPlayer(v, latency, quantum) {
    let base = 0;
    let last = null;
    const loopLength = () => (isFinite(v.duration) && v.duration > 0 ? v.duration : null);
    function unwrapped() {
      const t = v.currentTime;
      const d = loopLength();
      if (d !== null && last !== null) {
        if (t < last - d / 2) base += d;
        else if (t > last + d / 2) base -= d;
      }
      last = t;
      return base + t;
    }
    return {
      position() {
        if (v.readyState < 1) return null;
        const positionSeconds = unwrapped();
        const localMs = performance.now();
        return { positionSeconds, localMs, settled: !v.seeking && v.readyState >= 3 };
      },
      positionNow() {
        return v.readyState < 1 ? null : unwrapped();
      },
      setRate(rate) {
        if (!(rate > 0)) {
          if (!v.paused) v.pause();
          return;
        }
        try {
          if (v.playbackRate !== rate) v.playbackRate = rate;
        } catch (e) {
          // outside what the browser plays (it throws NotSupportedError): keep the last rate
        }
        if (v.paused) v.play().catch(() => {});
      },
      seek(s) {
        const d = loopLength();
        let t = s;
        if (d !== null) {
          base = Math.floor(s / d) * d;
          t = s - base;
          if (!(t >= 0 && t < d)) t = 0;
        } else {
          base = 0;
        }
        last = t;
        v.currentTime = Math.max(0, t);
      },
      outputLatencySeconds: () => latency,
      positionQuantumSeconds: () => quantum,
    };
  }

  /** The TV's timeline for the controller: seconds at local time nowMs, or null. */
  function timelineSeconds(nowMs) {
    const t = timelineNow(nowMs * 1e6);
    if (!t.available) return null;
    return { available: true, positionSeconds: t.positionTicks / t.rate, speed: t.speed, dispersionSeconds: t.boundMs / 1000 };
  }

  if (video) {
    video.hidden = false;
    video.muted = true;
    video.loop = true;
    video.preload = "auto";
    video.src = config.video;
    try {
      videoPlayer = makeVideoPlayer(video, config.outputLatencySeconds, config.positionQuantumSeconds);
      sync = new P.PlayerSynchroniser({
        player: videoPlayer,
        timeline: timelineSeconds,
        nowMs: () => performance.now(),
        config: config.sync,
        onAlert: (a) => {
          alerts.push(a);
          if (alerts.length > ALERTS_KEPT) alerts.shift();
        },
        reportSink: sendPlayerTiming,
      });
      sync.start();
    } catch (e) {
      syncError = e && e.message ? e.message : String(e);
      sync = null;
      video.pause();
    }
  }

  const orNull = (v) => (typeof v === "number" && !isFinite(v) ? null : v);

  /** The controller's report (numbers that are not finite as null), its alerts, or its error. */
  function syncState() {
    if (sync === null) return { error: syncError };
    const r = sync.report();
    const out = { error: null };
    for (const k of Object.keys(r)) out[k] = orNull(r[k]);
    out.settings = sync.config;
    out.alerts = alerts.map((a) => ({ kind: a.kind, raised: a.raised, valueSeconds: orNull(a.valueSeconds), thresholdSeconds: a.thresholdSeconds, localMs: a.localMs }));
    return out;
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
    if (video) renderSync(s.sync);
  }

  const ms = (seconds, n) => fixed(seconds === null || seconds === undefined ? null : seconds * 1000, n);

  function renderSync(y) {
    el("sync").hidden = false;
    if (y.error !== null) {
      text("sync-state", "not running: " + y.error);
      return;
    }
    text("sync-state", y.state.toLowerCase());
    el("sync-state").className = "sync-" + y.state.toLowerCase();
    text("sync-error", ms(y.errorSeconds, 1));
    text("sync-rate", fixed(y.rate, 4));
    text("sync-noise", ms(y.noiseSeconds, 1));
    text("sync-within", y.shareWithinTarget === null ? "–" : (y.shareWithinTarget * 100).toFixed(1));
    text("sync-counts", y.seeks + " / " + y.rateChanges);
    const active = [y.errorAlertActive ? "error" : null, y.boundAlertActive ? "bound" : null].filter((x) => x);
    const lastAlert = y.alerts.length ? y.alerts[y.alerts.length - 1] : null;
    text(
      "sync-alerts",
      (active.length ? "raised: " + active.join(", ") : "none raised") +
        " (" + y.errorAlerts + " error, " + y.boundAlerts + " bound so far" +
        (lastAlert ? "; last: " + lastAlert.kind.toLowerCase() + (lastAlert.raised ? " raised" : " cleared") : "") + ")"
    );
    el("sync-alerts").className = active.length ? "alert" : "";
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

  window.dvbcssCompanion = { state, config, synchroniser: () => sync };
})();
