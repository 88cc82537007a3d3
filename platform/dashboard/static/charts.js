/* Hand-written canvas time-series charts (no external library). */
"use strict";

window.CtcCharts = (function () {
  function fmtTime(ms) {
    const d = new Date(ms);
    return String(d.getUTCHours()).padStart(2, "0") + ":" + String(d.getUTCMinutes()).padStart(2, "0");
  }

  function fmtNum(v) {
    const a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
    if (a >= 10) return v.toFixed(0);
    return v.toFixed(2);
  }

  /**
   * Draw a time chart.
   * spec: {series: [{points: [{t, v}], color, dash}], markers: [{t, v, color}],
   *        yLines: [{v, color, label}], from, to, emptyText}
   * Sets canvas.dataset.points to the number of points and markers drawn.
   */
  function timeChart(canvas, spec) {
    const ratio = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || canvas.width, cssH = canvas.clientHeight || canvas.height;
    canvas.width = Math.round(cssW * ratio);
    canvas.height = Math.round(cssH * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const pad = { l: 48, r: 10, t: 10, b: 22 };
    const w = cssW - pad.l - pad.r, h = cssH - pad.t - pad.b;
    const all = [];
    spec.series.forEach(s => s.points.forEach(p => all.push(p)));
    (spec.markers || []).forEach(p => all.push(p));
    const values = all.map(p => p.v).concat((spec.yLines || []).map(l => l.v));
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#94a3b8";
    ctx.strokeStyle = "#1f2937";
    ctx.lineWidth = 1;
    if (!all.length) {
      ctx.fillText(spec.emptyText || "no data yet", pad.l + 8, pad.t + h / 2);
      canvas.dataset.points = "0";
      return;
    }
    let lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (spec.zeroBased && lo > 0) lo = 0;
    if (hi === lo) { hi += 1; lo -= 1; }
    const span = hi - lo; hi += span * 0.08; lo -= spec.zeroBased ? 0 : span * 0.08;
    const t0 = spec.from, t1 = Math.max(spec.to, spec.from + 1);
    const x = t => pad.l + ((t - t0) / (t1 - t0)) * w;
    const y = v => pad.t + (1 - (v - lo) / (hi - lo)) * h;
    for (let i = 0; i <= 4; i++) {
      const v = lo + ((hi - lo) * i) / 4, yy = y(v);
      ctx.beginPath(); ctx.moveTo(pad.l, yy); ctx.lineTo(pad.l + w, yy); ctx.stroke();
      ctx.fillText(fmtNum(v), 4, yy + 4);
    }
    for (let i = 0; i <= 4; i++) {
      const t = t0 + ((t1 - t0) * i) / 4;
      ctx.textAlign = i === 0 ? "left" : i === 4 ? "right" : "center";
      ctx.fillText(fmtTime(t), x(t), cssH - 6);
    }
    ctx.textAlign = "left";
    (spec.yLines || []).forEach(line => {
      ctx.save(); ctx.setLineDash([5, 4]); ctx.strokeStyle = line.color;
      ctx.beginPath(); ctx.moveTo(pad.l, y(line.v)); ctx.lineTo(pad.l + w, y(line.v)); ctx.stroke();
      ctx.restore();
    });
    let drawn = 0;
    spec.series.forEach(s => {
      const pts = s.points.slice().sort((a, b) => a.t - b.t);
      ctx.save(); ctx.strokeStyle = s.color; ctx.lineWidth = 2;
      if (s.dash) ctx.setLineDash(s.dash);
      ctx.beginPath();
      pts.forEach((p, i) => { if (i) ctx.lineTo(x(p.t), y(p.v)); else ctx.moveTo(x(p.t), y(p.v)); });
      ctx.stroke();
      ctx.fillStyle = s.color;
      pts.forEach(p => { ctx.beginPath(); ctx.arc(x(p.t), y(p.v), 2, 0, Math.PI * 2); ctx.fill(); });
      ctx.restore();
      drawn += pts.length;
    });
    (spec.markers || []).forEach(m => {
      ctx.save(); ctx.fillStyle = m.color; ctx.strokeStyle = "#0b1120";
      ctx.beginPath();
      const cx = x(m.t), cy = y(m.v);
      ctx.moveTo(cx, cy - 7); ctx.lineTo(cx + 6, cy + 4); ctx.lineTo(cx - 6, cy + 4); ctx.closePath();
      ctx.fill(); ctx.stroke(); ctx.restore();
      drawn += 1;
    });
    canvas.dataset.points = String(drawn);
  }

  return { timeChart: timeChart, fmtNum: fmtNum, fmtTime: fmtTime };
})();
