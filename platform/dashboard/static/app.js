/* Dashboard: polls the alerts API every CTC_CONFIG.pollMs (10 s) and renders every panel. */
"use strict";

(function () {
  const cfg = Object.assign({ apiBase: "", pollMs: 10000 }, window.CTC_CONFIG || {});
  const SYMBOLS = cfg.symbols || ["BTC-USDT", "ETH-USDT", "SOL-USDT"];
  const SEVERITY_COLOR = { low: "#64748b", medium: "#eab308", high: "#f97316", critical: "#ef4444" };
  const EXCHANGE_COLOR = { binance: "#38bdf8", coinbase: "#a78bfa" };
  const seen = new Set();
  let firstPoll = true;
  let polls = 0;

  const $ = id => document.getElementById(id);
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function badge(text, cls) { return el("span", text, "badge " + cls); }
  function ms(iso) { return Date.parse(iso); }
  function timeOf(iso) { return iso ? iso.slice(11, 19) : "—"; }
  function num(v) { return typeof v === "number" && isFinite(v); }

  async function getJson(path) {
    const response = await fetch(cfg.apiBase + path, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(path + ": " + response.status + " " + (body.message || ""));
    return body;
  }

  function symbol() { return $("symbol").value; }

  function renderFeed(body) {
    const list = $("alert-feed");
    const fresh = [];
    list.replaceChildren();
    body.alerts.forEach(a => {
      const li = el("li");
      li.dataset.alertId = a.alert_id;
      li.dataset.severity = a.severity;
      if (!seen.has(a.alert_id)) { if (!firstPoll) li.classList.add("new"); fresh.push(a.alert_id); }
      const left = el("div");
      left.append(badge(a.severity, "sev-" + a.severity));
      left.append(el("div", timeOf(a.detected_at), "meta"));
      const right = el("div");
      right.append(el("div", a.message || a.alert_type));
      right.append(el("div", [a.alert_type, a.symbol, a.exchange || "cross-exchange"].join(" · "), "meta"));
      li.append(left, right);
      list.append(li);
    });
    fresh.forEach(id => seen.add(id));
    $("feed-count").textContent = body.count + (body.has_more ? "+" : "") + " newest";
  }

  function renderVolume(body, now) {
    const series = {}, markers = [];
    body.alerts.forEach(a => {
      const d = a.details || {}, t = ms(a.detected_at), ex = a.exchange || "all";
      if (num(d.baseline_mean)) (series[ex] = series[ex] || []).push({ t: t, v: d.baseline_mean });
      const v = d.volume;
      if (num(v)) markers.push({ t: t, v: v, color: SEVERITY_COLOR[a.severity] || "#f97316" });
    });
    CtcCharts.timeChart($("volume-chart"), {
      series: Object.keys(series).map(ex => ({ points: series[ex], color: EXCHANGE_COLOR[ex] || "#38bdf8" })),
      markers: markers, from: now - 6 * 3600e3, to: now, zeroBased: true,
      emptyText: "no volume anomalies for " + symbol() + " in the last 6 h",
    });
  }

  function renderSpread(body, metrics, now) {
    const points = body.alerts
      .filter(a => a.details && num(a.details.spread_pct))
      .map(a => ({ t: ms(a.detected_at), v: a.details.spread_pct }));
    CtcCharts.timeChart($("spread-chart"), {
      series: [{ points: points, color: "#22c55e" }],
      yLines: [{ v: 0.5, color: "#ef4444" }, { v: -0.5, color: "#ef4444" }],
      from: now - 6 * 3600e3, to: now,
      emptyText: "no spread divergences for " + symbol() + " in the last 6 h",
    });
    $("spread-now").textContent = metrics && num(metrics.spread_pct) ? "latest " + metrics.spread_pct.toFixed(3) + " %" : "";
  }

  function renderWhales(body) {
    const tbody = $("whale-log");
    tbody.replaceChildren();
    body.alerts.forEach(a => {
      const d = a.details || {}, tr = el("tr");
      tr.dataset.alertId = a.alert_id;
      tr.append(el("td", timeOf(a.detected_at)), el("td", a.symbol), el("td", a.exchange || "—"), el("td", d.side || "—"),
        el("td", num(d.quote_volume) ? "$" + CtcCharts.fmtNum(d.quote_volume) : "—"));
      const sev = el("td"); sev.append(badge(a.severity, "sev-" + a.severity)); tr.append(sev);
      tbody.append(tr);
    });
    if (!body.alerts.length) {
      const tr = el("tr"), td = el("td", "no whale trades in the last 24 h"); td.colSpan = 6; tr.append(td); tbody.append(tr);
    }
  }

  function renderMetrics(m) {
    const box = $("metrics");
    box.replaceChildren();
    $("metrics-symbol").textContent = m.symbol;
    function metric(label, value) { const d = el("div", null, "metric"); d.append(el("span", label, "meta"), el("b", value)); box.append(d); }
    Object.keys(m.prices).sort().forEach(ex => metric("price · " + ex, CtcCharts.fmtNum(m.prices[ex].price)));
    metric("spread %", num(m.spread_pct) ? m.spread_pct.toFixed(3) : "—");
    Object.keys(m.volume_1h).sort().forEach(ex => metric("≈ 1 h volume · " + ex, CtcCharts.fmtNum(m.volume_1h[ex].volume)));
    metric("anomalies 24 h", m.anomaly_count_24h);
    metric("last whale", m.last_whale ? "$" + CtcCharts.fmtNum(m.last_whale.quote_volume || 0) + " at " + timeOf(m.last_whale.detected_at) : "—");
    metric("updated", timeOf(m.updated_at));
  }

  function renderHealth(h) {
    const status = $("health-status");
    status.textContent = h.status; status.className = "badge st-" + h.status;
    const dl = $("health");
    dl.replaceChildren();
    function row(label, value) { dl.append(el("dt", label), el("dd", value)); }
    function why(c) { return c.status + (c.reason ? " (" + c.reason + ")" : ""); }
    const c = h.components;
    row("alert feed", why(c.alerts) + (num(c.alerts.newest_alert_age_seconds) ? " · newest " + Math.round(c.alerts.newest_alert_age_seconds) + " s ago" : ""));
    row("stream lag", num(c.stream.iterator_age_ms) ? c.stream.iterator_age_ms + " ms" : why(c.stream));
    row("streaming job", c.job.latest_job_run ? c.job.latest_job_run.state + " · app " + c.job.application_state : why(c.job));
    const counts = c.quality.record_counts_1h;
    row("records 1 h", counts && num(counts.RecordsProcessed)
      ? CtcCharts.fmtNum(counts.RecordsProcessed) + " processed · " + CtcCharts.fmtNum(counts.RecordsFailed || 0) + " failed" : why(c.quality));
    row("quality score", num(c.quality.quality_score) ? c.quality.quality_score + " %" : "—");
  }

  async function poll() {
    const now = Date.now(), sym = encodeURIComponent(symbol());
    const since = encodeURIComponent(new Date(now - 6 * 3600e3).toISOString());
    const jobs = [
      getJson("/alerts?limit=50").then(renderFeed),
      getJson("/alerts?type=whale_trade&limit=20").then(renderWhales),
      getJson("/alerts?type=volume_spike&symbol=" + sym + "&since=" + since + "&limit=200").then(b => renderVolume(b, now)),
      Promise.all([
        getJson("/alerts?type=spread_divergence&symbol=" + sym + "&since=" + since + "&limit=200"),
        getJson("/metrics/" + sym).then(m => { renderMetrics(m); return m; }),
      ]).then(r => renderSpread(r[0], r[1], now)),
      getJson("/health").then(renderHealth),
    ];
    const results = await Promise.allSettled(jobs);
    const failed = results.filter(r => r.status === "rejected");
    polls += 1;
    firstPoll = false;
    const stamp = $("last-poll");
    stamp.dataset.polls = String(polls);
    stamp.textContent = "updated " + new Date().toISOString().slice(11, 19) + " UTC" + (failed.length ? " · " + failed.length + " request(s) failed" : "");
    stamp.className = failed.length ? "error" : "muted";
    failed.forEach(f => console.warn(String(f.reason)));
  }

  function start() {
    const select = $("symbol");
    SYMBOLS.forEach(s => { const o = el("option", s); o.value = s; select.append(o); });
    select.addEventListener("change", poll);
    poll();
    setInterval(poll, cfg.pollMs);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
