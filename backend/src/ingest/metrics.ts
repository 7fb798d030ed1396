/** A snapshot of counters: `name` → `code` (or "total") → count. */
export type MetricsSnapshot = Record<string, Record<string, number>>;

/**
 * Simple monotonic counters keyed by name and code (e.g. `ingest_refused{code="SEQ_GAP"}`), cheap
 * enough for the hot path: a two-level Map and integer additions. `snapshot()` copies them for an
 * HTTP /metrics route or a test.
 */
export class Counters {
  readonly #counts = new Map<string, Map<string, number>>();

  /** Adds `by` (default 1) to counter `name`, under `code` (default "total"). */
  inc(name: string, code = "total", by = 1): void {
    let m = this.#counts.get(name);
    if (m === undefined) {
      m = new Map();
      this.#counts.set(name, m);
    }
    m.set(code, (m.get(code) ?? 0) + by);
  }

  /** One counter's value (0 when never incremented). */
  get(name: string, code = "total"): number {
    return this.#counts.get(name)?.get(code) ?? 0;
  }

  /** A copy of every counter. */
  snapshot(): MetricsSnapshot {
    const out: MetricsSnapshot = {};
    for (const [name, m] of this.#counts) out[name] = Object.fromEntries(m);
    return out;
  }
}
