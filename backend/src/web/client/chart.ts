/** One numeric reading over time. */
export interface Series {
  name: string;
  unit?: string;
  points: [ts: number, value: number][];
}

const W = 600;
const H = 160;
const PAD = { l: 44, r: 8, t: 10, b: 22 };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number) =>
  Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3);
const hhmm = (ts: number) => new Date(ts).toISOString().slice(11, 19);

/**
 * An inline SVG line chart of one series (pure, no DOM): scaled to its own min and max, with the
 * range and the first and last times as labels. `data-points` carries the number of points.
 */
export function chartSvg(s: Series): string {
  const pts = s.points;
  const label = `${esc(s.name)}${s.unit ? ` (${esc(s.unit)})` : ""}`;
  if (pts.length === 0)
    return `<svg class="chart" viewBox="0 0 ${W} ${H}" data-points="0" role="img" aria-label="${label}"></svg>`;
  const ts = pts.map((p) => p[0]);
  const vs = pts.map((p) => p[1]);
  const [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  let [v0, v1] = [Math.min(...vs), Math.max(...vs)];
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t: number) => PAD.l + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (v - v0) / (v1 - v0)) * (H - PAD.t - PAD.b);
  const line = pts.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = pts[pts.length - 1] as [number, number];
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" data-series="${esc(s.name)}" data-points="${pts.length}" role="img" aria-label="${label}">
<line class="axis" x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}"/><line class="axis" x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}"/>
<text x="${PAD.l - 4}" y="${PAD.t + 8}" text-anchor="end">${fmt(v1)}</text><text x="${PAD.l - 4}" y="${H - PAD.b}" text-anchor="end">${fmt(v0)}</text>
<text x="${PAD.l}" y="${H - 6}">${hhmm(t0)}</text><text x="${W - PAD.r}" y="${H - 6}" text-anchor="end">${hhmm(t1)}</text>
<text x="${W - PAD.r}" y="${PAD.t + 8}" text-anchor="end">${label}</text>
<polyline class="line" points="${line}"/><circle cx="${x(last[0]).toFixed(1)}" cy="${y(last[1]).toFixed(1)}" r="3" fill="currentColor"/></svg>`;
}

/** Adds the numeric readings of one state statement to the series map (keeps at most `max` points each). */
export function addReadings(
  series: Map<string, Series>,
  ts: number,
  readings: Record<string, { v: unknown; u?: string }>,
  max = 2000,
): void {
  for (const [name, r] of Object.entries(readings)) {
    if (typeof r.v !== "number" || !Number.isFinite(r.v)) continue;
    let s = series.get(name);
    if (!s) {
      s = { name, points: [], ...(r.u ? { unit: r.u } : {}) };
      series.set(name, s);
    }
    s.points.push([ts, r.v]);
    if (s.points.length > max) s.points.splice(0, s.points.length - max);
  }
}
