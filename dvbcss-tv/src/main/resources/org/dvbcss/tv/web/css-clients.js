/*
 * DVB-CSS protocol clients for a web page: CSS-CII, CSS-WC over WebSocket and CSS-TS.
 *
 * Plain JavaScript, no build step. In a page it defines window.cssClients; in Node it is a module
 * (require("css-clients.js")) so that the maths can be tested there.
 *
 * Units: wall clock times are BigInt nanoseconds (the TV's wall clock ticks in nanoseconds and its
 * values, up to 2^32 s, do not fit a double exactly); local times are nanoseconds of
 * performance.now(), as Numbers; durations and error bounds are Numbers of nanoseconds unless the
 * name says Ms; timeline positions are Numbers of ticks.
 *
 * The maths is in small pure functions; the classes only add sockets and timers.
 */
(function (root) {
  "use strict";

  // ---------------------------------------------------------------------------------------------
  // CSS-WC messages (32 bytes, big-endian)

  /** CSS-WC message types. */
  const WC_TYPE = Object.freeze({ REQUEST: 0, RESPONSE: 1, RESPONSE_WITH_FOLLOW_UP: 2, FOLLOW_UP: 3 });

  /** The length of every CSS-WC message, bytes. */
  const WC_LENGTH = 32;

  const NS_PER_S = 1000000000n;

  /** Splits BigInt nanoseconds into [seconds, nanoseconds] for the wire. */
  function splitNs(ns) {
    if (typeof ns !== "bigint") ns = BigInt(ns);
    if (ns < 0n || ns >= (1n << 32n) * NS_PER_S) throw new RangeError("CSS-WC time out of range: " + ns);
    return [Number(ns / NS_PER_S), Number(ns % NS_PER_S)];
  }

  /**
   * Encodes a CSS-WC message.
   * @param m {type, precision (log2 s, -128..127), maxFreqError (1/256 ppm), originateNs, receiveNs,
   *   transmitNs (BigInt or Number nanoseconds; receive/transmit default 0)}
   * @returns {Uint8Array} 32 bytes
   */
  function encodeWc(m) {
    const bytes = new Uint8Array(WC_LENGTH);
    const v = new DataView(bytes.buffer);
    v.setUint8(0, 0);
    v.setUint8(1, m.type);
    v.setInt8(2, m.precision || 0);
    v.setUint8(3, 0);
    v.setUint32(4, m.maxFreqError || 0);
    const times = [m.originateNs, m.receiveNs || 0n, m.transmitNs || 0n];
    times.forEach((t, i) => {
      const [s, n] = splitNs(t);
      v.setUint32(8 + 8 * i, s);
      v.setUint32(12 + 8 * i, n);
    });
    return bytes;
  }

  /** A request whose originate time is t1, local nanoseconds. */
  function wcRequest(t1Ns) {
    return encodeWc({ type: WC_TYPE.REQUEST, originateNs: BigInt(Math.round(t1Ns)) });
  }

  /**
   * Decodes a CSS-WC message.
   * @param data ArrayBuffer or Uint8Array of 32 bytes
   * @returns {type, precision, maxFreqError, originateKey (the echoed 8 bytes as hex), originateNs,
   *   receiveNs, transmitNs} (times BigInt nanoseconds)
   * @throws Error naming what is wrong (length, version, type, a non-canonical receive or transmit)
   */
  function decodeWc(data) {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.length !== WC_LENGTH) throw new Error("CSS-WC message must be 32 bytes, was " + bytes.length);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (v.getUint8(0) !== 0) throw new Error("CSS-WC version must be 0, was " + v.getUint8(0));
    const type = v.getUint8(1);
    if (type > 3) throw new Error("CSS-WC message type must be 0..3, was " + type);
    const time = (at, canonical, name) => {
      const s = v.getUint32(at);
      const n = v.getUint32(at + 4);
      if (canonical && n >= 1000000000) throw new Error("CSS-WC " + name + " nanoseconds must be below 10^9, was " + n);
      return BigInt(s) * NS_PER_S + BigInt(n);
    };
    return {
      type,
      precision: v.getInt8(2),
      maxFreqError: v.getUint32(4),
      originateKey: hex(bytes.subarray(8, 16)),
      originateNs: time(8, false, "originate"),
      receiveNs: time(16, true, "receive"),
      transmitNs: time(24, true, "transmit"),
    };
  }

  /** The key a request is matched by: its originate bytes as hex. */
  function originateKey(request) {
    return hex(request.subarray(8, 16));
  }

  function hex(bytes) {
    let s = "";
    for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16);
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // CSS-WC maths

  /** What a browser companion assumes of its own clock's frequency error, ppm. */
  const LOCAL_MAX_FREQ_ERROR_PPM = 500;

  /**
   * One measurement of the TV's wall clock.
   * @param response a decoded response or follow-up
   * @param t1Ns local nanoseconds when the request was sent (before the send)
   * @param t4Ns local nanoseconds when the response was handled (after it arrived)
   * @returns {offsetNs (BigInt: wall clock minus local), rttNs, t1Ns, t4Ns, precisionNs,
   *   serverMaxFreqErrorPpm} or null when the times are inconsistent (negative round trip)
   */
  function wcCandidate(response, t1Ns, t4Ns) {
    const t1 = BigInt(Math.round(t1Ns));
    const t4 = BigInt(Math.round(t4Ns));
    const t2 = response.receiveNs;
    const t3 = response.transmitNs;
    const rtt = t4 - t1 - (t3 - t2);
    if (rtt < 0n || t3 < t2) return null;
    // floor of the half sum; the half nanosecond lost is counted in the dispersion
    const twice = t2 + t3 - (t1 + t4);
    const offsetNs = twice >= 0n ? twice / 2n : -((-twice + 1n) / 2n);
    return {
      offsetNs,
      rttNs: Number(rtt),
      t1Ns: Number(t1),
      t4Ns: Number(t4),
      precisionNs: Math.pow(2, response.precision) * 1e9,
      serverMaxFreqErrorPpm: response.maxFreqError / 256,
    };
  }

  /**
   * How far the wall clock estimate local + candidate.offsetNs, read at local time nowNs, can be
   * from the TV's wall clock, nanoseconds. Never smaller than the true error:
   *
   *   rtt/2                  the server read its clock somewhere between t1 and t4
   * + server precision       its reading was no better than that
   * + 3 x timer resolution   t1, t4 and the local reading "now" are each rounded (performance.now()
   *                          is coarsened by the browser): the midpoint, the round trip and now
   * + 1 ns                   rounding of the offset to whole nanoseconds
   * + (server max frequency error + local max frequency error) x (now - t1)
   *                          both clocks may drift apart since the measurement started
   *
   * @param c a candidate
   * @param nowNs local nanoseconds
   * @param timerResolutionNs the local timer's resolution
   * @param localMaxFreqErrorPpm the local clock's assumed maximum frequency error (default 500)
   */
  function wcDispersionNs(c, nowNs, timerResolutionNs, localMaxFreqErrorPpm) {
    const localPpm = localMaxFreqErrorPpm === undefined ? LOCAL_MAX_FREQ_ERROR_PPM : localMaxFreqErrorPpm;
    const since = Math.max(0, nowNs - c.t1Ns);
    return (
      c.rttNs / 2 +
      c.precisionNs +
      3 * timerResolutionNs +
      1 +
      ((c.serverMaxFreqErrorPpm + localPpm) * since) / 1e6
    );
  }

  /**
   * Lowest dispersion selection: the candidate to use at local time nowNs, the current best or the
   * new one, whichever has the smaller dispersion now (the new one on a tie).
   */
  function chooseCandidate(best, candidate, nowNs, timerResolutionNs, localMaxFreqErrorPpm) {
    if (candidate === null) return best;
    if (best === null) return candidate;
    const a = wcDispersionNs(best, nowNs, timerResolutionNs, localMaxFreqErrorPpm);
    const b = wcDispersionNs(candidate, nowNs, timerResolutionNs, localMaxFreqErrorPpm);
    return b <= a ? candidate : best;
  }

  /** The wall clock at local time nowNs given an offset: BigInt nanoseconds. */
  function wallClockAt(offsetNs, nowNs) {
    return BigInt(Math.round(nowNs)) + offsetNs;
  }

  /**
   * The resolution of a timer, nanoseconds: the smallest step seen between distinct readings, at
   * least the floor (browsers coarsen performance.now() to 100 us without cross-origin isolation,
   * with jitter; 100 us is assumed at least).
   * @param nowMs a function returning milliseconds (performance.now)
   */
  function measureTimerResolutionNs(nowMs, floorNs) {
    const floor = floorNs === undefined ? 100000 : floorNs;
    let smallest = Infinity;
    let last = nowMs();
    for (let i = 0, seen = 0; i < 200000 && seen < 20; i++) {
      const t = nowMs();
      if (t !== last) {
        smallest = Math.min(smallest, t - last);
        last = t;
        seen++;
      }
    }
    const measured = isFinite(smallest) ? smallest * 1e6 : 1e6;
    return Math.max(floor, measured);
  }

  // ---------------------------------------------------------------------------------------------
  // CSS-CII

  /**
   * Merges a CII message into the state so far: a property present in the message replaces the
   * old value (null stays null: "known to be nothing"); a property absent keeps it.
   * @returns a new object
   */
  function mergeCii(state, message) {
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      throw new Error("CSS-CII message must be a JSON object");
    }
    const merged = Object.assign({}, state);
    for (const key of Object.keys(message)) merged[key] = message[key];
    return merged;
  }

  /**
   * A CSS-TS or CSS-WC URL with a host a browser can use: an empty or wildcard host (0.0.0.0, ::)
   * is replaced by pageHost (the page's own host name).
   */
  function usableUrl(url, pageHost) {
    if (typeof url !== "string") return url;
    const m = /^([a-z][a-z0-9+.-]*:\/\/)(\[[^\]]*\]|[^/:?#]*)(.*)$/i.exec(url);
    if (!m) return url;
    const host = m[2];
    if (host === "" || host === "0.0.0.0" || host === "[::]" || host === "[0:0:0:0:0:0:0:0]" || host === "*") {
      const h = pageHost.indexOf(":") >= 0 && pageHost[0] !== "[" ? "[" + pageHost + "]" : pageHost;
      return m[1] + h + m[3];
    }
    return url;
  }

  // ---------------------------------------------------------------------------------------------
  // CSS-TS

  const INTEGER = /^(0|-?[1-9][0-9]*)$/;

  function integerAsString(v, field) {
    if (typeof v !== "string" || !INTEGER.test(v)) {
      throw new Error("CSS-TS " + field + " must be an integer as a string, was " + JSON.stringify(v));
    }
    return BigInt(v);
  }

  /** The setup message: any content (stem "") and the timeline selector. */
  function tsSetupMessage(selector) {
    return JSON.stringify({ contentIdStem: "", timelineSelector: selector });
  }

  /**
   * Parses a control timestamp.
   * @returns {available, contentTime (BigInt ticks or null), wallClockTime (BigInt ns), speed
   *   (Number or null)}
   * @throws Error naming the field when it is not a valid control timestamp
   */
  function parseControlTimestamp(text) {
    const m = typeof text === "string" ? JSON.parse(text) : text;
    if (m === null || typeof m !== "object") throw new Error("CSS-TS control timestamp must be an object");
    if (!("contentTime" in m)) throw new Error("CSS-TS contentTime is missing");
    if (!("wallClockTime" in m)) throw new Error("CSS-TS wallClockTime is missing");
    if (!("timelineSpeedMultiplier" in m)) throw new Error("CSS-TS timelineSpeedMultiplier is missing");
    const wallClockTime = integerAsString(m.wallClockTime, "wallClockTime");
    const ctNull = m.contentTime === null;
    const speedNull = m.timelineSpeedMultiplier === null;
    if (ctNull !== speedNull) {
      throw new Error("CSS-TS contentTime and timelineSpeedMultiplier must both be null or both not null");
    }
    if (ctNull) return { available: false, contentTime: null, wallClockTime, speed: null };
    const speed = m.timelineSpeedMultiplier;
    if (typeof speed !== "number" || !isFinite(speed)) {
      throw new Error("CSS-TS timelineSpeedMultiplier must be a number, was " + JSON.stringify(speed));
    }
    return { available: true, contentTime: integerAsString(m.contentTime, "contentTime"), wallClockTime, speed };
  }

  /**
   * The timeline position at a wall clock time, ticks (a Number, fractional).
   * @param ct an available control timestamp
   * @param wallNs BigInt wall clock nanoseconds
   * @param tickRate ticks per second
   */
  function positionAt(ct, wallNs, tickRate) {
    const elapsedNs = Number(wallNs - ct.wallClockTime);
    return Number(ct.contentTime) + (elapsedNs * ct.speed * tickRate) / 1e9;
  }

  /**
   * The error bound of a timeline position, ms: the wall clock's bound scaled by the speed, plus
   * one tick (the TV rounds its content times to whole ticks).
   */
  function positionBoundMs(wallBoundNs, speed, tickRate) {
    return (wallBoundNs * Math.abs(speed)) / 1e6 + 1000 / tickRate;
  }

  function wireTimestamp(t, infinity) {
    if (t === undefined || t === null) return undefined;
    const wall = t.wallClockTime;
    return {
      contentTime: String(typeof t.contentTime === "bigint" ? t.contentTime : BigInt(Math.round(t.contentTime))),
      wallClockTime: wall === infinity ? infinity : String(typeof wall === "bigint" ? wall : BigInt(Math.round(wall))),
    };
  }

  /**
   * Encodes the companion's presentation timestamps (actual optional; earliest's wall clock time
   * may be "minusinfinity", latest's "plusinfinity"). Content times are ticks, wall clock times
   * nanoseconds; Numbers are rounded to whole values.
   */
  function encodeAptEptLpt(m) {
    const out = {};
    if (m.actual) {
      if (typeof m.actual.wallClockTime === "string") throw new Error("CSS-TS actual must be finite");
      out.actual = wireTimestamp(m.actual, null);
    }
    if (!m.earliest || !m.latest) throw new Error("CSS-TS earliest and latest are required");
    if (m.earliest.wallClockTime === "plusinfinity") throw new Error("CSS-TS earliest must not be plusinfinity");
    if (m.latest.wallClockTime === "minusinfinity") throw new Error("CSS-TS latest must not be minusinfinity");
    out.earliest = wireTimestamp(m.earliest, "minusinfinity");
    out.latest = wireTimestamp(m.latest, "plusinfinity");
    return JSON.stringify(out);
  }

  /**
   * A timing report for a companion presenting contentTicks at wall clock time wallNs and able to
   * present anything at any time (no constraint: earliest at minus, latest at plus infinity).
   */
  function timingReport(contentTicks, wallNs) {
    const contentTime = BigInt(Math.round(contentTicks));
    return encodeAptEptLpt({
      actual: { contentTime, wallClockTime: wallNs },
      earliest: { contentTime, wallClockTime: "minusinfinity" },
      latest: { contentTime, wallClockTime: "plusinfinity" },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Sockets

  /** Reconnect delay after the n-th consecutive failure (0-based), ms: 250, 500, 1000 ... 5000. */
  function backoffMs(failures) {
    return Math.min(5000, 250 * Math.pow(2, Math.max(0, failures)));
  }

  /**
   * A WebSocket that opens again, with backoff, whenever it drops.
   * handlers: onOpen(ws), onMessage(data), onClose(); binary: true for ArrayBuffer frames.
   */
  class ReconnectingSocket {
    constructor(url, handlers, options) {
      this.url = url;
      this.handlers = handlers;
      this.binary = !!(options && options.binary);
      this.WebSocketImpl = (options && options.WebSocket) || root.WebSocket;
      this.connected = false;
      this.reconnects = 0;
      this.failures = 0;
      this.closed = false;
      this.ws = null;
      this.timer = null;
      this.open();
    }

    open() {
      if (this.closed) return;
      let ws;
      try {
        ws = new this.WebSocketImpl(this.url);
      } catch (e) {
        this.retry();
        return;
      }
      this.ws = ws;
      if (this.binary) ws.binaryType = "arraybuffer";
      ws.onopen = () => {
        this.connected = true;
        this.failures = 0;
        this.safe(() => this.handlers.onOpen && this.handlers.onOpen(ws));
      };
      ws.onmessage = (e) => this.safe(() => this.handlers.onMessage && this.handlers.onMessage(e.data));
      ws.onclose = () => {
        if (this.ws !== ws) return;
        const was = this.connected;
        this.connected = false;
        this.ws = null;
        if (was) this.safe(() => this.handlers.onClose && this.handlers.onClose());
        this.retry();
      };
      ws.onerror = () => {};
    }

    retry() {
      if (this.closed) return;
      const delay = backoffMs(this.failures++);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.reconnects++;
        this.open();
      }, delay);
    }

    send(data) {
      if (this.ws && this.connected && this.ws.readyState === 1) {
        this.ws.send(data);
        return true;
      }
      return false;
    }

    /** Changes the URL: closes the socket and opens the new one at once. */
    setUrl(url) {
      if (url === this.url) return;
      this.url = url;
      const ws = this.ws;
      this.ws = null;
      this.connected = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (ws) ws.close();
      this.failures = 0;
      this.safe(() => this.handlers.onClose && this.handlers.onClose());
      this.open();
    }

    close() {
      this.closed = true;
      if (this.timer) clearTimeout(this.timer);
      if (this.ws) this.ws.close();
    }

    safe(f) {
      try {
        f();
      } catch (e) {
        if (root.console) root.console.error(e);
      }
    }
  }

  /** A CSS-CII client: state() is the merged CII; onChange(state) after each message. */
  class CiiClient {
    constructor(url, onChange, options) {
      this.cii = {};
      this.messages = 0;
      this.errors = 0;
      this.socket = new ReconnectingSocket(
        url,
        {
          onOpen: () => {
            this.cii = {};
          },
          onMessage: (data) => {
            try {
              this.cii = mergeCii(this.cii, JSON.parse(data));
              this.messages++;
            } catch (e) {
              this.errors++;
              return;
            }
            if (onChange) onChange(this.cii);
          },
          onClose: () => {
            if (onChange) onChange(this.cii);
          },
        },
        options
      );
    }
    get connected() {
      return this.socket.connected;
    }
    close() {
      this.socket.close();
    }
  }

  /**
   * A CSS-WC client over WebSocket: requests every intervalMs (faster at first), responses matched
   * by originate, lowest dispersion selection. Measurements are forgotten when the socket drops.
   * options.nowMs: the local clock, ms (default performance.now).
   */
  class WallClockClient {
    constructor(url, options) {
      const o = options || {};
      this.nowMs = o.nowMs || (() => root.performance.now());
      this.intervalMs = o.intervalMs || 500;
      this.timeoutMs = o.timeoutMs || 2000;
      this.localMaxFreqErrorPpm = o.localMaxFreqErrorPpm === undefined ? LOCAL_MAX_FREQ_ERROR_PPM : o.localMaxFreqErrorPpm;
      this.timerResolutionNs = o.timerResolutionNs || measureTimerResolutionNs(this.nowMs);
      this.best = null;
      this.last = null;
      this.pending = new Map();
      this.requests = 0;
      this.responses = 0;
      this.errors = 0;
      this.sent = 0;
      this.socket = new ReconnectingSocket(
        url,
        {
          onOpen: () => {
            this.sent = 0;
            this.tick();
          },
          onMessage: (data) => this.receive(data),
          onClose: () => {
            this.best = null;
            this.pending.clear();
            if (this.timer) clearTimeout(this.timer);
          },
        },
        Object.assign({ binary: true }, o)
      );
    }

    nowNs() {
      return this.nowMs() * 1e6;
    }

    tick() {
      if (this.timer) clearTimeout(this.timer);
      if (!this.socket.connected) return;
      const t1 = Math.round(this.nowNs());
      const request = wcRequest(t1);
      const key = originateKey(request);
      if (this.socket.send(request)) {
        this.pending.set(key, t1);
        this.requests++;
        this.sent++;
      }
      for (const [k, t] of this.pending) if (this.nowNs() - t > this.timeoutMs * 1e6) this.pending.delete(k);
      // quickly at first to get a good measurement soon, then at the interval
      this.timer = setTimeout(() => this.tick(), this.sent < 10 ? 50 : this.intervalMs);
    }

    receive(data) {
      const t4 = this.nowNs();
      let m;
      try {
        if (typeof data === "string") throw new Error("text frame");
        m = decodeWc(data);
      } catch (e) {
        this.errors++;
        return;
      }
      if (m.type !== WC_TYPE.RESPONSE && m.type !== WC_TYPE.RESPONSE_WITH_FOLLOW_UP && m.type !== WC_TYPE.FOLLOW_UP) {
        this.errors++;
        return;
      }
      const t1 = this.pending.get(m.originateKey);
      if (t1 === undefined) return;
      if (m.type !== WC_TYPE.RESPONSE_WITH_FOLLOW_UP) this.pending.delete(m.originateKey);
      this.responses++;
      const c = wcCandidate(m, t1, t4);
      if (c === null) {
        this.errors++;
        return;
      }
      this.last = c;
      this.best = chooseCandidate(this.best, c, t4, this.timerResolutionNs, this.localMaxFreqErrorPpm);
    }

    get connected() {
      return this.socket.connected;
    }

    get available() {
      return this.best !== null;
    }

    /** The TV's wall clock now, BigInt ns, or null when unavailable. */
    wallNowNs(nowNs) {
      return this.best === null ? null : wallClockAt(this.best.offsetNs, nowNs === undefined ? this.nowNs() : nowNs);
    }

    /** The bound of wallNowNs(nowNs), ns, or Infinity when unavailable. */
    boundNs(nowNs) {
      if (this.best === null) return Infinity;
      return wcDispersionNs(this.best, nowNs === undefined ? this.nowNs() : nowNs, this.timerResolutionNs, this.localMaxFreqErrorPpm);
    }

    close() {
      if (this.timer) clearTimeout(this.timer);
      this.socket.close();
    }
  }

  /**
   * A CSS-TS client: sends the setup message on open, keeps the latest control timestamp
   * (null when none or after the socket dropped), and sends timing reports.
   */
  class TsClient {
    constructor(url, selector, onChange, options) {
      this.selector = selector;
      this.control = null;
      this.controlTimestamps = 0;
      this.errors = 0;
      this.reportsSent = 0;
      this.socket = new ReconnectingSocket(
        url,
        {
          onOpen: (ws) => ws.send(tsSetupMessage(this.selector)),
          onMessage: (data) => {
            try {
              this.control = parseControlTimestamp(data);
              this.controlTimestamps++;
            } catch (e) {
              this.errors++;
              return;
            }
            if (onChange) onChange(this.control);
          },
          onClose: () => {
            this.control = null;
            if (onChange) onChange(null);
          },
        },
        options
      );
    }

    get connected() {
      return this.socket.connected;
    }

    get available() {
      return this.control !== null && this.control.available;
    }

    setUrl(url) {
      this.socket.setUrl(url);
    }

    /** Sends a timing report (encoded text); false when not connected. */
    sendTiming(text) {
      if (this.control === null) return false;
      const ok = this.socket.send(text);
      if (ok) this.reportsSent++;
      return ok;
    }

    close() {
      this.socket.close();
    }
  }

  const api = {
    WC_TYPE,
    WC_LENGTH,
    LOCAL_MAX_FREQ_ERROR_PPM,
    encodeWc,
    decodeWc,
    wcRequest,
    originateKey,
    wcCandidate,
    wcDispersionNs,
    chooseCandidate,
    wallClockAt,
    measureTimerResolutionNs,
    mergeCii,
    usableUrl,
    tsSetupMessage,
    parseControlTimestamp,
    positionAt,
    positionBoundMs,
    encodeAptEptLpt,
    timingReport,
    backoffMs,
    ReconnectingSocket,
    CiiClient,
    WallClockClient,
    TsClient,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.cssClients = api;
})(typeof window !== "undefined" ? window : globalThis);
