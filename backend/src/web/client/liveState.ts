import { addReadings, chartSvg, type Series } from "./chart.js";
import {
  decimalsOf,
  formatReading,
  isHealthReading,
  type Reading,
  readingLabel,
  seriesDecimals,
} from "./format.js";
import { esc } from "./passportView.js";

/** The chart ranges the selector offers, by name; "all" starts at the avatar's creation. */
export const RANGES: Record<string, number | "all"> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  all: "all",
};

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/**
 * The live state of the passport page: the latest readings as tiles (at each series' resolution,
 * units as people write them), the agent's own readings (`agent.*`) on one device-health line, and
 * one chart per numeric reading over the selected time window.
 */
export class LiveState {
  readonly series = new Map<string, Series>();
  latest: { ts: number; readings: Record<string, Reading> } | undefined;
  window: { t0: number; t1: number; live: boolean } = { t0: 0, t1: 0, live: true };

  /** Starts a new window: the charts show only what is added from now on. */
  reset(window: { t0: number; t1: number; live: boolean }): void {
    this.series.clear();
    this.window = window;
  }

  add(ts: number, readings: Record<string, Reading>): void {
    if (ts >= this.window.t0 && (this.window.live || ts < this.window.t1))
      addReadings(this.series, ts, readings, { skip: isHealthReading });
    if (!this.latest || ts >= this.latest.ts) this.latest = { ts, readings };
  }

  render(now = Date.now()): void {
    if (this.latest) {
      const entries = Object.entries(this.latest.readings);
      const state = entries.filter(([k]) => !isHealthReading(k));
      $("readings").innerHTML =
        state.length === 0
          ? '<span class="muted">no state yet</span>'
          : state.map(([k, r]) => this.#tile(k, r)).join("");
      const health = entries.filter(([k]) => isHealthReading(k));
      $("health").innerHTML = `<span class="muted">Device health:</span> ${[
        ...health.map(([k, r]) => {
          const f = formatReading(r);
          return `${esc(readingLabel(k.slice("agent.".length)))} <b>${esc(f.value)}</b>${f.unit ? ` ${esc(f.unit)}` : ""}`;
        }),
        `last signed report <time datetime="${new Date(this.latest.ts).toISOString()}">${esc(new Date(this.latest.ts).toLocaleTimeString("en-GB"))}</time>`,
      ].join(" · ")}`;
    }
    const t1 = this.window.live ? Math.max(now, this.window.t1) : this.window.t1;
    const chart = $("chart");
    const width = chart.clientWidth || 600;
    chart.innerHTML = [...this.series.values()]
      .slice(0, 6)
      .map((s) => chartSvg(s, { t0: this.window.t0, t1 }, { width }))
      .join("");
  }

  #tile(name: string, r: Reading): string {
    const s = this.series.get(name);
    const d =
      typeof r.v === "number"
        ? Math.max(decimalsOf(r.v), s ? seriesDecimals(s.points.map((p) => p[1])) : 0)
        : 0;
    const f = formatReading(r, d);
    return `<div class="reading" data-reading="${esc(name)}"><span class="muted">${esc(readingLabel(name))}</span><br><b>${esc(f.value)}</b>${f.unit ? ` <span class="unit">${esc(f.unit)}</span>` : ""}</div>`;
  }
}
