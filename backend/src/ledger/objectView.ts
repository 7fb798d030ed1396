import type { ProjectionRow } from "./ledgerStore.js";

/** The projection row kinds, all partitioned by object. */
export type ProjectionKind =
  | "object"
  | "key"
  | "head"
  | "state"
  | "warranty"
  | "tariff"
  | "relation"
  | "settlement"
  | "rating"
  | "authority"
  | "seen";

/** A projection write as an object view records it: the row's value as data; null deletes the row. */
export interface ProjectionWrite {
  object: Uint8Array;
  kind: ProjectionKind;
  key: string;
  data: unknown;
}

/** The store's row for a write: its value as JSON text (null deletes). */
export function rowOf(w: ProjectionWrite): ProjectionRow {
  return {
    object: w.object,
    kind: w.kind,
    key: w.key,
    value: w.data === null ? null : JSON.stringify(w.data),
  };
}

/** Ownership and description, from genesis and transfers. */
export interface ObjectRow {
  owner: string;
  class: string;
  name?: string;
  model?: string;
  manufacturer?: string;
  /** The manufacturer's did:key (genesis `maker`): may attach documents. */
  maker?: string;
  serial?: string;
  genesis: number;
  updated: number;
}
/** A bound key: `role` device or delegate. */
export interface KeyRow {
  role: string;
  since: number;
}
/** The device chain head: last seq, SHA-256 of its bytes (hex), its log index and `ts`. */
export interface HeadRow {
  seq: number;
  hash: string;
  index: number;
  /** Absent in rows written before the timestamp checks. */
  ts?: number;
}
/**
 * The object's authority head: SHA-256 (hex) of its last authority statement's bytes (the genesis,
 * then each transfer, key, relation or warranty statement) and its log index; `linked` once a
 * version 2 (chained) statement has been applied, after which version 1 ones are refused even from the log.
 */
export interface AuthorityRow {
  hash: string;
  index: number;
  linked?: true;
}
export interface WarrantyRow {
  issuer: string;
  /** False for a warranty whose issuer the owner had not accepted (only from an old log): the owner may void it. */
  accepted?: boolean;
  status: "active" | "claimed" | "accepted" | "rejected" | "void";
  until?: number;
  transferable?: boolean;
  terms?: string;
  issued: number;
  updated: number;
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

  /** A row's value; read-only (frozen), so that no caller can change what the next one reads. */
  get<T>(kind: ProjectionKind, key = ""): Readonly<T> | undefined {
    const k = `${kind}\u0000${key}`;
    const cached = this.#parsed.get(k);
    if (cached !== undefined) return cached as T;
    const v = this.#rows.get(k);
    if (v === undefined) return undefined;
    const value = Object.freeze(JSON.parse(v)) as T;
    this.#parsed.set(k, value);
    return value;
  }

  /**
   * Records a write in the view and returns it for the store. Its JSON text is made only when the
   * write reaches the store (`rowOf`): within one group commit most writes of a row are overwritten by
   * a later one and never serialised.
   */
  put(kind: ProjectionKind, key: string, value: unknown): ProjectionWrite {
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
    for (const [k, value] of this.#parsed) if (!this.#rows.has(k)) row(k, JSON.stringify(value));
    return out;
  }
}
