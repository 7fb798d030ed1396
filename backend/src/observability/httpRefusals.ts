import type { Problem } from "../errors/index.js";

/**
 * The HTTP API's refusals, counted by code (`tet_http_refused_total{code}`) and logged: each code's
 * first refusal in a window of `windowMs` is logged at once with its detail; the rest of the window's
 * refusals of that code are counted and told in one line when the next window opens, so that a flood
 * of 429s costs one log line per code per window, not one per request.
 */
export class HttpRefusals {
  readonly #counts: Record<string, number> = {};
  readonly #windows = new Map<string, { until: number; quiet: number }>();
  readonly #log: (line: string) => void;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(opts: { log: (line: string) => void; windowMs?: number; now?: () => number }) {
    this.#log = opts.log;
    this.#windowMs = opts.windowMs ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  /** Counts and maybe logs one refusal; pass it as `createApi({ onRefusal })`. */
  readonly record = (p: Problem): void => {
    this.#counts[p.code] = (this.#counts[p.code] ?? 0) + 1;
    const now = this.#now();
    const w = this.#windows.get(p.code);
    if (w !== undefined && now < w.until) {
      w.quiet++;
      return;
    }
    const more =
      w && w.quiet > 0 ? ` (and ${w.quiet} more ${p.code} in the previous ${this.#windowMs / 1000} s)` : "";
    this.#windows.set(p.code, { until: now + this.#windowMs, quiet: 0 });
    this.#log(`http: refused ${p.code} ${p.status} ${p.instance ?? ""}: ${p.detail ?? p.title}${more}`);
  };

  /** Refusals so far by code, for the metrics. */
  counts(): Record<string, number> {
    return { ...this.#counts };
  }
}
