import { formatNumber, type Reading, readingLabel, seriesDecimals, unitLabel } from "./format.js";
import { niceTicks, timeTicks } from "./ticks.js";

/** One numeric reading over time. */
export interface Series {
  name: string;
  unit?: string;
  points: [ts: number, value: number][];
}

const H = 180;
const PAD = { l: 64, r: 10, t: 22, b: 24 };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * At most two points (the lowest and the highest, in time order) per pixel column of the plot: what
 * a line of thousands of readings looks like at 600 pixels, without hiding a spike.
 */
export function downsample(points: readonly [number, number][], t0: number, t1: number, columns = 600) {
  if (points.length <= columns * 2) return points.slice();
  const out: [number, number][] = [];
  const span = Math.max(1, t1 - t0);
  let col = -1;
  let lo: [number, number] | undefined;
  let hi: [number, number] | undefined;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const c = Math.floor(((p[0] - t0) / span) * columns);
    if (c !== col) {
      flush();
      col = c;
      lo = hi = p;
    } else {
      if (p[1] < (lo as [number, number])[1]) lo = p;
      if (p[1] > (hi as [number, number])[1]) hi = p;
    }
  }
  flush();
  return out;
}

/**
 * An inline SVG line chart of one series over the time range [t0, t1] (pure, no DOM): value ticks
 * at nice steps labelled at the series' resolution, time ticks at clock steps, the unit as people
 * write it, drawn `width` CSS pixels wide (text stays legible on a phone). `data-points` carries
 * the number of readings drawn from, `data-series` the reading.
 */
export function chartSvg(
  s: Series,
  range?: { t0: number; t1: number },
  opts: { width?: number } = {},
): string {
  const W = Math.max(280, Math.min(1200, Math.round(opts.width ?? 600)));
  const PLOT_W = W - PAD.l - PAD.r;
  const pts = s.points;
  const unit = unitLabel(s.unit);
  const label = `${readingLabel(s.name)}${unit ? ` (${unit})` : ""}`;
  const head = `<svg class="chart" viewBox="0 0 ${W} ${H}" data-series="${esc(s.name)}" data-points="${pts.length}" role="img" aria-label="${esc(label)}"`;
  const title = `<text class="title" x="${PAD.l}" y="14">${esc(label)}</text>`;
  if (pts.length === 0)
    return `${head}>${title}<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no readings in this range</text></svg>`;
  const t0 = range?.t0 ?? (pts[0] as [number, number])[0];
  const t1 = Math.max(range?.t1 ?? (pts[pts.length - 1] as [number, number])[0], t0 + 1);
  const decimals = seriesDecimals(pts.map((p) => p[1]));
  let [v0, v1] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const p of pts) [v0, v1] = [Math.min(v0, p[1]), Math.max(v1, p[1])];
  const yt = niceTicks(v0, v1, { resolution: 10 ** -decimals });
  const yDecimals = Math.max(yt.decimals, 0);
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * PLOT_W;
  const y = (v: number) => PAD.t + (1 - (v - yt.lo) / (yt.hi - yt.lo || 1)) * (H - PAD.t - PAD.b);
  const drawn = downsample(pts, t0, t1, PLOT_W);
  const line = drawn.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = pts[pts.length - 1] as [number, number];
  const yTicks = yt.values
    .map(
      (v) =>
        `<line class="grid" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text x="${PAD.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatNumber(v, yDecimals)}</text>`,
    )
    .join("");
  const tt = timeTicks(t0, t1, { count: Math.max(3, Math.floor(PLOT_W / 90)) });
  const xTicks = tt.values
    .map(
      (t, i) =>
        `<line class="axis" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${H - PAD.b}" y2="${H - PAD.b + 4}"/><text class="tick-x" x="${x(t).toFixed(1)}" y="${H - 6}" text-anchor="middle">${esc(tt.labels[i] as string)}</text>`,
    )
    .join("");
  return `${head} data-decimals="${decimals}">${title}${yTicks}${xTicks}
<line class="axis" x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}"/>
<polyline class="line" points="${line}"/><circle class="last" cx="${x(last[0]).toFixed(1)}" cy="${y(last[1]).toFixed(1)}" r="3"/></svg>`;
}

/** Adds the numeric readings of one state statement to the series map (keeps at most `max` points each). */
export function addReadings(
  series: Map<string, Series>,
  ts: number,
  readings: Record<string, Reading>,
  opts: { max?: number; skip?: (name: string) => boolean } = {},
): void {
  const max = opts.max ?? 20_000;
  for (const [name, r] of Object.entries(readings)) {
    if (typeof r.v !== "number" || !Number.isFinite(r.v) || opts.skip?.(name)) continue;
    let s = series.get(name);
    if (!s) {
      s = { name, points: [], ...(r.u ? { unit: r.u } : {}) };
      series.set(name, s);
    }
    const lastTs = s.points[s.points.length - 1]?.[0];
    if (lastTs === ts) continue; // the same statement again (a replay after the page's own load)
    if (lastTs !== undefined && ts < lastTs) {
      if (s.points.some((p) => p[0] === ts)) continue;
      const at = s.points.findIndex((p) => p[0] > ts);
      s.points.splice(at, 0, [ts, r.v]);
    } else s.points.push([ts, r.v]);
    if (s.points.length > max) s.points.splice(0, s.points.length - max);
  }
}
