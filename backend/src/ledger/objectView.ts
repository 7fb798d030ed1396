import type { ProjectionRow } from "./ledgerStore.js";
import { parseProjection, serialiseProjection } from "./projectionCodecs.js";
import type { ProjectionKind, ProjectionValues } from "./projectionRows.js";

/** A projection write as an object view records it: the row's value as data; null deletes the row. */
export interface ProjectionWrite<K extends ProjectionKind = ProjectionKind> {
  object: Uint8Array;
  kind: K;
  key: string;
  data: ProjectionValues[K] | null;
}

/** The store's row for a write: its value as its kind's codec writes it (null deletes). */
export function rowOf(w: ProjectionWrite): ProjectionRow {
  return {
    object: w.object,
    kind: w.kind,
    key: w.key,
    value: w.data === null ? null : serialiseProjection(w.data),
  };
}

/**
 * One object's projections as a small key-value map ("kind\u0000key" → JSON), loaded in one read and
 * updated in memory as statements are accepted, so that checks run synchronously between awaits.
 */
export class ObjectView {
  readonly object: Uint8Array;
  readonly #rows = new Map<string, string>();
  /** Values already parsed (or written) by `get`/`put`, frozen: the checks read a few rows per statement. */
  readonly #parsed = new Map<string, unknown>();

  constructor(object: Uint8Array, rows: readonly ProjectionRow[] = []) {
    this.object = new Uint8Array(object); // its own 16 bytes: a view would keep a whole statement alive
    for (const r of rows) if (r.value !== null) this.#rows.set(`${r.kind}\u0000${r.key}`, r.value);
  }

  /**
   * A row's value, parsed by its kind's codec (MALFORMED_PROJECTION if the stored text is not that
   * kind's); read-only (frozen), so that no caller can change what the next one reads.
   */
  get<K extends ProjectionKind>(kind: K, key = ""): Readonly<ProjectionValues[K]> | undefined {
    const k = `${kind}\u0000${key}`;
    const cached = this.#parsed.get(k);
    if (cached !== undefined) return cached as ProjectionValues[K]; // set under this kind's key only
    const v = this.#rows.get(k);
    if (v === undefined) return undefined;
    const value = Object.freeze(parseProjection(kind, v));
    this.#parsed.set(k, value);
    return value;
  }

  /**
   * Records a write in the view and returns it for the store. Its JSON text is made only when the
   * write reaches the store (`rowOf`): within one group commit most writes of a row are overwritten by
   * a later one and never serialised.
   */
  put<K extends ProjectionKind>(kind: K, key: string, value: ProjectionValues[K] | null): ProjectionWrite<K> {
    const k = `${kind}\u0000${key}`;
    this.#rows.delete(k); // the loaded JSON, if any, is stale now
    // What a later `get` returns is what JSON.parse(JSON.stringify(value)) would give: `value` itself
    // when it is plain JSON data (numbers, strings, booleans, arrays and plain objects, as projections are).
    if (value === null) this.#parsed.delete(k);
    else this.#parsed.set(k, Object.freeze(value));
    return { object: this.object, kind, key, data: value };
  }

  /** Every row, for rebuilding projections in memory. */
  rows(): ProjectionRow[] {
    const out: ProjectionRow[] = [];
    const row = (k: string, value: string) => {
      const [kind, key] = k.split("\u0000") as [string, string];
      out.push({ object: this.object, kind, key, value });
    };
    for (const [k, json] of this.#rows) row(k, json);
    for (const [k, value] of this.#parsed)
      if (!this.#rows.has(k)) row(k, serialiseProjection(value as ProjectionValues[ProjectionKind]));
    return out;
  }
}
