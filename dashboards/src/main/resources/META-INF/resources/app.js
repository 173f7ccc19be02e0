// The Prognos console page: plain JS over the REST API (/api/v1, see /api/v1/openapi.json) with
// live updates from /api/v1/events (server-sent events). Views: #fleet, #device/<id>, #inbox, #models.
'use strict';

const state = { me: null, canAct: false, fleetSort: { key: 'level', desc: false }, site: '', asset: '',
  inboxState: 'OPEN', recent: {}, device: null };
const view = document.getElementById('view');
const LEVEL_ORDER = { CRITICAL: 0, WARNING: 1, OK: 2 };

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}));
  if (res.status === 401 || (res.redirected && res.url.indexOf('/login.html') >= 0)) {
    location.href = '/login.html';
    throw new Error('not logged in');
  }
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) { throw new Error((body && body.error) || ('HTTP ' + res.status)); }
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
}

function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
function num(v, digits) { return v == null ? '—' : Number(v).toFixed(digits == null ? 0 : digits); }
function ago(ms) {
  if (!ms) { return '—'; }
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 60) { return s + ' s ago'; }
  if (s < 3600) { return Math.round(s / 60) + ' min ago'; }
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
function when(ms) { return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—'; }

// ---------------------------------------------------------------------------------------------- fleet

async function renderFleet() {
  const devices = await api('/api/v1/devices');
  const sites = [...new Set(devices.map(d => d.site).filter(Boolean))].sort();
  const assets = [...new Set(devices.map(d => d.asset).filter(Boolean))].sort();
  const shown = devices.filter(d => (!state.site || d.site === state.site) && (!state.asset || d.asset === state.asset));
  const k = state.fleetSort.key;
  const cmp = (a, b) => {
    let x = a[k], y = b[k];
    if (k === 'level') { x = LEVEL_ORDER[x]; y = LEVEL_ORDER[y]; }
    if (x == null && y == null) { return a.device.localeCompare(b.device); }
    if (x == null) { return 1; }
    if (y == null) { return -1; }
    const r = typeof x === 'string' ? x.localeCompare(y) : (x < y ? -1 : x > y ? 1 : 0);
    return r !== 0 ? r : a.device.localeCompare(b.device);
  };
  shown.sort((a, b) => state.fleetSort.desc ? -cmp(a, b) : cmp(a, b));
  const cols = [['device', 'Device'], ['level', 'Level'], ['health', 'Health'], ['rul', 'RUL'], ['isoZone', 'ISO zone'],
    ['openAlerts', 'Open alerts'], ['online', 'Online'], ['modelVersion', 'Model'], ['outboxDepth', 'Outbox'],
    ['lastSeen', 'Last seen'], ['site', 'Site'], ['asset', 'Asset type']];
  const counts = { CRITICAL: 0, WARNING: 0, OK: 0 };
  shown.forEach(d => counts[d.level]++);
  view.innerHTML = `
    <div class="cards">
      <div class="card">Devices<b id="count-devices">${shown.length}</b></div>
      <div class="card sev-CRITICAL">Critical<b id="count-critical">${counts.CRITICAL}</b></div>
      <div class="card sev-WARNING">Warning<b>${counts.WARNING}</b></div>
      <div class="card">OK<b>${counts.OK}</b></div>
    </div>
    <div class="filters">
      <label>Site <select id="filter-site"><option value="">all</option>${sites.map(s => `<option ${s === state.site ? 'selected' : ''}>${esc(s)}</option>`).join('')}</select></label>
      <label>Asset type <select id="filter-asset"><option value="">all</option>${assets.map(s => `<option ${s === state.asset ? 'selected' : ''}>${esc(s)}</option>`).join('')}</select></label>
    </div>
    <table id="fleet-table"><thead><tr>${cols.map(([key, label]) =>
      `<th data-key="${key}" class="${key === k ? 'sorted' + (state.fleetSort.desc ? ' desc' : '') : ''}">${label}</th>`).join('')}</tr></thead>
    <tbody>${shown.map(d => `<tr class="${d.level}" data-device="${esc(d.device)}">
      <td><a href="#device/${encodeURIComponent(d.device)}">${esc(d.device)}</a></td>
      <td class="level">${d.level}</td><td class="health">${num(d.health)}</td><td>${num(d.rul)}</td><td>${esc(d.isoZone || '—')}</td>
      <td class="open-alerts">${d.openAlerts}${d.worstSeverity ? ' <span class="sev-' + d.worstSeverity + '">' + d.worstSeverity.toLowerCase() + '</span>' : ''}</td>
      <td>${d.online == null ? '—' : d.online ? 'online' : '<b>offline</b>'}</td><td>${esc(d.modelVersion || '—')}</td>
      <td>${num(d.outboxDepth)}</td><td>${ago(d.lastSeen)}</td><td>${esc(d.site)}</td><td>${esc(d.asset)}</td></tr>`).join('')}
    </tbody></table>
    ${devices.length === 0 ? '<p class="muted">No device has reported yet. Devices appear as their status and health arrive from Kafka.</p>' : ''}`;
  view.querySelectorAll('th').forEach(th => th.onclick = () => {
    const key = th.dataset.key;
    state.fleetSort = { key, desc: state.fleetSort.key === key ? !state.fleetSort.desc : false };
    renderFleet();
  });
  document.getElementById('filter-site').onchange = e => { state.site = e.target.value; renderFleet(); };
  document.getElementById('filter-asset').onchange = e => { state.asset = e.target.value; renderFleet(); };
}

// ---------------------------------------------------------------------------------------------- device

function chart(title, points, unit) {
  const w = 560, h = 150, pad = 34;
  if (points.length === 0) {
    return `<div class="chart"><h3>${esc(title)}</h3><p class="muted">no data yet</p></div>`;
  }
  const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(0, ...ys), y1 = Math.max(...ys, y0 + 1e-9);
  const sx = x => pad + (x1 === x0 ? (w - 2 * pad) / 2 : (x - x0) / (x1 - x0) * (w - 2 * pad));
  const sy = y => h - pad / 2 - (y - y0) / (y1 - y0) * (h - pad);
  const line = points.map(p => sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1)).join(' ');
  return `<div class="chart"><h3>${esc(title)} <span class="muted">(${points.length} points, last ${num(ys[ys.length - 1], 2)} ${esc(unit || '')})</span></h3>
    <svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
      <line x1="${pad}" y1="${h - pad / 2}" x2="${w - pad}" y2="${h - pad / 2}" stroke="#bbb"/>
      <text x="2" y="${sy(y1) + 4}" font-size="10">${num(y1, 1)}</text><text x="2" y="${sy(y0)}" font-size="10">${num(y0, 1)}</text>
      <polyline fill="none" stroke="#1565c0" stroke-width="2" points="${line}"/>
    </svg></div>`;
}

function seriesFromWindows(windows) {
  const s = {};
  windows.forEach(h => {
    Object.entries(h.features || {}).forEach(([reading, f]) => {
      if (f && typeof f.mean === 'number') { (s[reading + ' mean'] = s[reading + ' mean'] || []).push([h.windowEnd, f.mean]); }
    });
    Object.entries(h.zScores || {}).forEach(([reading, z]) => {
      if (typeof z === 'number') { (s['z-score ' + reading] = s['z-score ' + reading] || []).push([h.windowEnd, z]); }
    });
  });
  return s;
}

async function renderDevice(id) {
  state.device = id;
  const [detail, recent, alerts] = await Promise.all([api('/api/v1/devices/' + encodeURIComponent(id)),
    api('/api/v1/devices/' + encodeURIComponent(id) + '/recent'), api('/api/v1/alerts?limit=50&device=' + encodeURIComponent(id))]);
  state.recent[id] = recent;
  const d = detail.device;
  const series = seriesFromWindows(recent);
  // History beyond what arrived live: InfluxDB, when the console is configured with it.
  const history = {};
  const fields = Object.keys((detail.latestHealth || {}).features || {}).map(r => r + '_mean');
  await Promise.all(fields.map(async f => {
    try { history[f] = (await api('/api/v1/devices/' + encodeURIComponent(id) + '/history?minutes=360&step=60&field=' + f)).points; }
    catch (e) { history[f] = null; }
  }));
  view.innerHTML = `
    <h2 id="device-title">${esc(d.device)} <span class="muted">${esc(d.site)} / ${esc(d.asset)}</span></h2>
    <div class="cards">
      <div class="card">Level<b id="device-level" class="sev-${d.level}">${d.level}</b></div>
      <div class="card">Health<b>${num(d.health)}</b></div>
      <div class="card">RUL<b>${num(d.rul)}</b></div>
      <div class="card">ISO zone<b>${esc(d.isoZone || '—')}</b></div>
      <div class="card">Online<b>${d.online == null ? '—' : d.online ? 'yes' : 'no'}</b></div>
      <div class="card">Outbox depth<b id="device-outbox">${num(d.outboxDepth)}</b></div>
      <div class="card">Last seen<b>${ago(d.lastSeen)}</b></div>
      <div class="card">Model<b>${esc(d.modelVersion || '—')}</b></div>
    </div>
    <h3>Live (health windows since the console started)</h3>
    <div id="live-charts">${Object.entries(series).map(([name, pts]) => chart(name, pts)).join('') || '<p class="muted">waiting for the next health window</p>'}</div>
    <h3>History (InfluxDB, last 6 h, mean per minute)</h3>
    <div id="history-charts">${fields.map(f => history[f] == null ? '' : chart(f, history[f])).join('') || '<p class="muted">no history: the console has no InfluxDB configured (PROGNOS_INFLUX_URL)</p>'}</div>
    <h3>Alerts</h3>${alertTable(alerts, 'device-alerts')}`;
  bindAlertActions();
}

// ---------------------------------------------------------------------------------------------- inbox

function alertTable(alerts, id) {
  if (alerts.length === 0) { return '<p class="muted">No alerts.</p>'; }
  return `<table id="${id}"><thead><tr><th>Raised</th><th>Severity</th><th>State</th><th>Device</th><th>Condition</th>
    <th>Value</th><th>Assignee</th><th>Message</th><th></th></tr></thead><tbody>${alerts.map(v => {
    const a = v.alert;
    const actions = !state.canAct || a.state === 'RESOLVED' ? '' :
      (a.state === 'OPEN' ? `<button class="ack">Acknowledge</button> ` : '') +
      `<button class="assign">Assign</button> <button class="comment">Comment</button> <button class="resolve">Resolve</button>`;
    return `<tr data-alert="${esc(a.id)}"><td>${when(a.ts)}${a.retroactive ? ' <span class="muted">(late data)</span>' : ''}</td>
      <td class="sev-${a.severity}">${a.severity}</td><td class="state">${a.state}</td>
      <td><a href="#device/${encodeURIComponent(a.device)}">${esc(a.device)}</a></td><td>${esc(a.condition)}</td>
      <td>${num(a.value, 2)}</td><td class="assignee">${esc(v.assignee || '')}</td><td>${esc(a.message)}</td>
      <td>${actions} <button class="trail">History</button></td></tr>`;
  }).join('')}</tbody></table>`;
}

function bindAlertActions() {
  view.querySelectorAll('tr[data-alert]').forEach(tr => {
    const id = tr.dataset.alert;
    const act = async (path, body) => {
      try { await post('/api/v1/alerts/' + path, Object.assign({ id }, body)); route(); }
      catch (e) { alert(e.message); }
    };
    const on = (cls, f) => { const b = tr.querySelector('button.' + cls); if (b) { b.onclick = f; } };
    on('ack', () => act('acknowledge', {}));
    on('resolve', () => act('resolve', { note: prompt('Resolution note (optional)') || null }));
    on('assign', () => { const who = prompt('Assign to (user name; empty to unassign)'); if (who !== null) { act('assign', { assignee: who }); } });
    on('comment', () => { const t = prompt('Comment'); if (t) { act('comment', { text: t }); } });
    on('trail', async () => {
      const d = await api('/api/v1/alerts/one?id=' + encodeURIComponent(id));
      const row = document.createElement('tr');
      row.innerHTML = `<td colspan="9"><ul class="audit">${d.audit.map(e => `<li>${when(e.at)} <b>${esc(e.actor)}</b> ${esc(e.action)} ${esc(e.detail || '')}</li>`).join('')}</ul></td>`;
      tr.after(row);
    });
  });
}

async function renderInbox() {
  const alerts = await api('/api/v1/alerts?limit=500&state=' + state.inboxState);
  view.innerHTML = `<div class="tabs">${['OPEN', 'ACKNOWLEDGED', 'RESOLVED'].map(s =>
    `<button data-state="${s}" id="tab-${s}" class="${s === state.inboxState ? 'active' : ''}">${s.toLowerCase()}</button>`).join(' ')}</div>
    <h2>${state.inboxState.toLowerCase()} alerts <span class="muted" id="inbox-count">${alerts.length}</span></h2>
    ${alertTable(alerts, 'inbox-table')}`;
  view.querySelectorAll('.tabs button').forEach(b => b.onclick = () => { state.inboxState = b.dataset.state; renderInbox(); });
  bindAlertActions();
}

// ---------------------------------------------------------------------------------------------- models

async function renderModels() {
  const m = await api('/api/v1/models');
  view.innerHTML = `<h2>Model versions</h2>
    ${m.models.length === 0 ? '<p class="muted">No model has been published on prognos.models yet (./prognos train publishes one).</p>' :
    `<table id="models-table"><thead><tr><th>Asset type</th><th>Version</th><th>Name</th><th>Created</th><th>Signed by</th><th>Metrics</th><th>Devices running it</th></tr></thead>
    <tbody>${m.models.map(x => `<tr><td>${esc(x.asset)}</td><td>${x.version}</td><td>${esc(x.name)}</td><td>${esc(x.createdAt)}</td><td>${esc(x.keyId || '—')}</td>
      <td>${Object.entries(x.metrics || {}).map(([k, v]) => esc(k) + ' ' + num(v, 3)).join('<br>')}</td><td>${x.devices.map(esc).join(', ') || '—'}</td></tr>`).join('')}</tbody></table>`}
    <h2>Which devices run which model</h2>
    <table id="model-devices"><thead><tr><th>Asset type</th><th>Model version reported</th><th>Devices</th></tr></thead><tbody>
    ${Object.entries(m.devicesByAssetAndVersion).map(([asset, byVersion]) => Object.entries(byVersion).map(([v, devs]) =>
      `<tr><td>${esc(asset)}</td><td>${v === 'null' ? '<span class="muted">none</span>' : esc(v)}</td><td>${devs.length}: ${devs.map(esc).join(', ')}</td></tr>`).join('')).join('')}
    </tbody></table>`;
}

// ---------------------------------------------------------------------------------------------- routing and live updates

async function route() {
  const hash = location.hash || '#fleet';
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
  state.device = null;
  try {
    if (hash.startsWith('#device/')) { await renderDevice(decodeURIComponent(hash.slice(8))); }
    else if (hash === '#inbox') { await renderInbox(); }
    else if (hash === '#models') { await renderModels(); }
    else { await renderFleet(); }
  } catch (e) {
    view.innerHTML = `<p class="error">${esc(e.message)}</p>`;
  }
}

let pending = null;
function refreshSoon() {
  if (pending) { return; }
  // Coalesce bursts (a fleet sends many windows a second) into one refresh.
  pending = setTimeout(() => { pending = null; if (!document.querySelector('tr.audit-open')) { route(); } }, 700);
}

// retryMs: the wait (ms) before opening a new feed once this one has failed for good; resumed: a
// feed opened after a failure, whose view may have missed events.
function live(retryMs = 1000, resumed = false) {
  const es = new EventSource('/api/v1/events');
  const badge = document.getElementById('live');
  let missed = resumed;
  es.onopen = () => {
    badge.textContent = 'live'; badge.classList.add('on');
    retryMs = 1000;
    if (missed) { missed = false; refreshSoon(); } // what happened while the feed was down
  };
  es.onerror = () => {
    badge.textContent = 'live: reconnecting'; badge.classList.remove('on');
    missed = true;
    // The browser retries a dropped connection by itself, but gives up for good when the server
    // answers with an error (a console restarting): open a new feed then, backing off to 10 s.
    if (es.readyState === EventSource.CLOSED) { setTimeout(() => live(Math.min(retryMs * 2, 10000), true), retryMs); }
  };
  es.addEventListener('device', () => { if (!state.device) { refreshSoon(); } });
  es.addEventListener('alert', () => refreshSoon());
  es.addEventListener('health', e => {
    const h = JSON.parse(e.data);
    if (state.device && h.device === state.device) {
      const list = state.recent[h.device] = (state.recent[h.device] || []).concat([h]).slice(-120);
      const box = document.getElementById('live-charts');
      if (box) { box.innerHTML = Object.entries(seriesFromWindows(list)).map(([name, pts]) => chart(name, pts)).join(''); }
    }
  });
}

(async function main() {
  state.me = await api('/api/v1/me');
  state.canAct = state.me.roles.indexOf('technician') >= 0;
  document.getElementById('who').innerHTML = `${esc(state.me.name)} (${state.me.roles.includes('admin') ? 'admin' : state.canAct ? 'technician' : 'viewer'})
    <a href="#" id="logout" style="color:#cfd8dc">log out</a>`;
  document.getElementById('logout').onclick = e => {
    e.preventDefault();
    fetch('/api/v1/logout', { method: 'POST', credentials: 'same-origin' }).finally(() => { location.href = '/login.html'; });
  };
  window.addEventListener('hashchange', route);
  await route();
  live();
})();
