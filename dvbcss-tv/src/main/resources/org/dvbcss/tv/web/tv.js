// The TV's page: follows the TV's status feed at /status (a snapshot every 250 ms and after every
// control), shows positions moving between snapshots, and sends the controls as JSON commands.
// Exposes window.dvbcssTv.state() for tests.
(function () {
  'use strict';

  const FEED_PATH = '/status';
  const FIRST_RETRY_MS = 250;
  const MAX_RETRY_MS = 4000;

  const el = (id) => document.getElementById(id);
  const feed = {
    socket: null,
    connected: false,
    everConnected: false,
    reconnects: 0,
    retryMs: FIRST_RETRY_MS,
    snapshot: null,
    receivedAt: 0, // performance.now() when the snapshot arrived, ms
    errors: 0,
  };
  const timelinePlot = new TimePlot(el('plot-timelines'), {
    windowSeconds: 60, unit: ' s', title: 'Timeline positions (seconds)' });
  const windowPlot = new TimePlot(el('plot-windows'), {
    windowSeconds: 60, unit: ' ms', title: 'Companions\u2019 windows around now (EPT/LPT, ms)' });

  // --- the feed ---------------------------------------------------------------------------

  function feedUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + FEED_PATH;
  }

  function connect() {
    let socket;
    try {
      socket = new WebSocket(feedUrl());
    } catch (e) {
      retry();
      return;
    }
    feed.socket = socket;
    socket.onopen = () => {
      if (feed.everConnected) feed.reconnects++;
      feed.everConnected = true;
      feed.connected = true;
      feed.retryMs = FIRST_RETRY_MS;
      showConnection();
    };
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'status') {
        feed.snapshot = message;
        feed.receivedAt = performance.now();
        render(message);
        sample(message);
      } else if (message.type === 'error') {
        feed.errors++;
        say('The TV refused that: ' + message.message);
      }
    };
    socket.onclose = () => {
      if (feed.socket !== socket) return;
      feed.socket = null;
      feed.connected = false;
      showConnection();
      retry();
    };
  }

  function retry() {
    const wait = feed.retryMs;
    feed.retryMs = Math.min(MAX_RETRY_MS, feed.retryMs * 2);
    setTimeout(connect, wait);
  }

  function send(command) {
    if (feed.socket && feed.connected) {
      feed.socket.send(JSON.stringify(command));
      say('');
    } else {
      say('Not connected to the TV: the control was not sent.');
    }
  }

  function say(text) {
    el('message').textContent = text;
  }

  function showConnection() {
    const badge = el('connection');
    if (feed.connected) {
      badge.textContent = 'live';
      badge.className = 'badge badge-on';
    } else {
      badge.textContent = feed.everConnected ? 'reconnecting…' : 'connecting…';
      badge.className = 'badge badge-off';
    }
  }

  // --- positions between snapshots --------------------------------------------------------

  function elapsedSeconds() {
    return feed.snapshot ? (performance.now() - feed.receivedAt) / 1000 : 0;
  }

  function positionNow() {
    const s = feed.snapshot;
    return s ? s.positionSeconds + s.speed * elapsedSeconds() : null;
  }

  function ticksNow(timeline) {
    const s = feed.snapshot;
    return timeline.ticks + s.speed * timeline.tickRate * elapsedSeconds();
  }

  function formatPosition(seconds) {
    if (seconds === null) return '–';
    const sign = seconds < 0 ? '−' : '';
    const a = Math.abs(seconds);
    const m = Math.floor(a / 60);
    const rest = a - m * 60;
    return sign + m + ':' + (rest < 10 ? '0' : '') + rest.toFixed(3);
  }

  // --- rendering --------------------------------------------------------------------------

  function browserHost(url) {
    // A TV bound to every interface reports the wildcard; show the address this page reached.
    return url.replace('://0.0.0.0:', '://' + location.hostname + ':').replace('://[::]:', '://' + location.hostname + ':');
  }

  function text(id, value) {
    const node = el(id);
    if (node.textContent !== String(value)) node.textContent = value;
  }

  function render(s) {
    if (s.urls) {
      text('url-cii', browserHost(s.urls.cii || '–'));
      text('url-ts', browserHost(s.urls.ts || '–'));
      text('url-wc', browserHost(s.urls.wc || '–'));
      text('url-wc-ws', browserHost(s.urls.wcWebSocket || '–'));
    }
    text('content-id', s.contentId);
    text('content-id-status', s.contentIdStatus);
    const chips = el('presentation-status');
    chips.replaceChildren(...s.presentationStatus.map((p) => {
      const span = document.createElement('span');
      span.textContent = p;
      return span;
    }));
    text('speed', s.speed);
    text('play-state', s.speed === 0 ? 'paused' : 'playing');
    text('play-pause', s.speed === 0 ? 'Play' : 'Pause');
    renderTimelines(s.timelines);
    renderCompanions(s.companions);
    renderFaults(s.faults);
  }

  function renderTimelines(timelines) {
    const body = el('timelines');
    for (const t of timelines) {
      let row = body.querySelector('tr[data-name="' + t.name + '"]');
      if (!row) {
        row = document.createElement('tr');
        row.dataset.name = t.name;
        row.innerHTML = '<td class="mono"></td><td class="mono"></td><td class="num"></td>' +
          '<td class="num ticks"></td><td class="num seconds"></td><td class="served"></td>' +
          '<td><button type="button" class="small toggle"></button></td>';
        row.querySelector('button').addEventListener('click', () =>
          send({ command: 'toggleTimeline', name: t.name }));
        body.appendChild(row);
      }
      const cells = row.children;
      cells[0].textContent = t.name;
      cells[1].textContent = t.selector;
      cells[2].textContent = t.tickRate + ' /s';
      cells[5].textContent = t.served ? 'served' : 'not served';
      cells[5].className = 'served ' + (t.served ? 'on' : 'off');
      row.querySelector('button').textContent = t.served ? 'Stop serving' : 'Serve';
    }
  }

  function td(value, className) {
    const cell = document.createElement('td');
    cell.textContent = value === null || value === undefined ? '–' : value;
    if (className) cell.className = className;
    return cell;
  }

  function timestampText(t) {
    if (!t) return '–';
    const wall = typeof t.wallClockTime === 'number' ? (t.wallClockTime / 1e9).toFixed(3) + ' s' : t.wallClockTime;
    return t.contentTime + ' @ ' + wall;
  }

  function windowText(w) {
    if (!w) return '–';
    const ms = (ns) => (ns === null ? '∞' : (ns / 1e6).toFixed(1));
    return (w.earliestNs === null ? '−∞' : ms(w.earliestNs)) + ' … ' +
      (w.latestNs === null ? '+∞' : ms(w.latestNs)) + ' ms';
  }

  function listSessions(id, sessions) {
    const list = el(id);
    if (sessions.length === 0) {
      const li = document.createElement('li');
      li.className = 'dim';
      li.textContent = 'none';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...sessions.map((s) => {
      const li = document.createElement('li');
      li.textContent = s.id + '  from ' + s.remote;
      return li;
    }));
  }

  function renderCompanions(c) {
    text('count-cii', c.cii.length);
    text('count-ts', c.ts.length);
    text('count-wc', c.wc.webSocketSessions.length);
    text('wc-rate', c.wc.udpRequestsPerSecond.toFixed(1));
    text('wc-ws-rate', (c.wc.webSocketRequestsPerSecond || 0).toFixed(1));
    listSessions('cii-list', c.cii);
    listSessions('wc-list', c.wc.webSocketSessions);
    const body = el('ts-list');
    if (c.ts.length === 0) {
      const row = document.createElement('tr');
      const cell = td('none', 'dim');
      cell.colSpan = 8;
      row.appendChild(cell);
      body.replaceChildren(row);
      return;
    }
    body.replaceChildren(...c.ts.map((t) => {
      const row = document.createElement('tr');
      row.dataset.id = t.id;
      row.append(
        td(t.id, 'mono'), td(t.remote, 'mono'), td(t.stem === '' ? '(any)' : t.stem, 'mono'),
        td(t.selector, 'mono'),
        td(t.timing ? timestampText(t.timing.actual) : null, 'num'),
        td(t.timing ? timestampText(t.timing.earliest) : null, 'num'),
        td(t.timing ? timestampText(t.timing.latest) : null, 'num'),
        td(windowText(t.window), 'num'));
      return row;
    }));
  }

  function renderFaults(faults) {
    const body = el('faults');
    if (body.children.length === faults.length &&
        body.dataset.active === faults.filter((f) => f.active).map((f) => f.name).join(',')) {
      return;
    }
    body.dataset.active = faults.filter((f) => f.active).map((f) => f.name).join(',');
    body.replaceChildren(...faults.map((f) => {
      const row = document.createElement('tr');
      if (f.active) row.className = 'active';
      row.append(td(f.name, 'mono'), td(f.description), td(f.active ? 'on' : 'off', f.active ? 'off' : 'dim'));
      return row;
    }));
  }

  // --- plots ------------------------------------------------------------------------------

  function sample(s) {
    const t = performance.now() / 1000;
    for (const timeline of s.timelines) {
      timelinePlot.add(timeline.name, t, timeline.served ? timeline.ticks / timeline.tickRate : null);
    }
    for (const c of s.companions.ts) {
      const w = c.window;
      windowPlot.add(c.id + ' EPT', t, w && w.earliestNs !== null ? w.earliestNs / 1e6 : null);
      windowPlot.add(c.id + ' LPT', t, w && w.latestNs !== null ? w.latestNs / 1e6 : null);
    }
  }

  function frame() {
    const s = feed.snapshot;
    if (s) {
      text('position', formatPosition(positionNow()));
      for (const t of s.timelines) {
        const row = el('timelines').querySelector('tr[data-name="' + t.name + '"]');
        if (row) {
          const ticks = ticksNow(t);
          row.querySelector('.ticks').textContent = Math.round(ticks);
          row.querySelector('.seconds').textContent = (ticks / t.tickRate).toFixed(3);
        }
      }
    }
    const now = performance.now() / 1000;
    timelinePlot.draw(now);
    windowPlot.draw(now);
    requestAnimationFrame(frame);
  }

  // --- controls ---------------------------------------------------------------------------

  function finiteInput(id) {
    const v = Number(el(id).value);
    if (el(id).value.trim() === '' || !isFinite(v)) {
      say('Enter a number.');
      return null;
    }
    return v;
  }

  el('play-pause').addEventListener('click', () => send({ command: 'togglePlay' }));
  el('seek-back').addEventListener('click', () => send({ command: 'seek', seconds: -10 }));
  el('seek-forward').addEventListener('click', () => send({ command: 'seek', seconds: 10 }));
  el('next').addEventListener('click', () => send({ command: 'next' }));
  el('seek-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = finiteInput('seek-seconds');
    if (v !== null) send({ command: 'seek', seconds: v });
  });
  el('speed-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = finiteInput('speed-value');
    if (v !== null) send({ command: 'speed', speed: v });
  });

  // --- for tests --------------------------------------------------------------------------

  window.dvbcssTv = {
    state() {
      const s = feed.snapshot;
      return {
        connected: feed.connected,
        contentId: s ? s.contentId : null,
        presentationStatus: s ? s.presentationStatus.slice() : [],
        speed: s ? s.speed : null,
        positionSeconds: positionNow(),
        companions: s ? JSON.parse(JSON.stringify(s.companions)) : { cii: [], ts: [], wc: { udpRequestsPerSecond: 0, webSocketRequestsPerSecond: 0, webSocketSessions: [] } },
        reconnects: feed.reconnects,
        errors: feed.errors,
        wallClockNs: s ? s.wallClockNs : null,
      };
    },
    send,
  };

  showConnection();
  connect();
  requestAnimationFrame(frame);
})();
