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
  | "seen";

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
/** The device chain head: last seq, SHA-256 of its bytes (hex), its log index. */
export interface HeadRow {
  seq: number;
  hash: string;
  index: number;
}
export interface WarrantyRow {
  issuer: string;
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

  constructor(object: Uint8Array, rows: readonly ProjectionRow[] = []) {
    this.object = object;
    for (const r of rows) if (r.value !== null) this.#rows.set(`${r.kind}\u0000${r.key}`, r.value);
  }

  get<T>(kind: ProjectionKind, key = ""): T | undefined {
    const v = this.#rows.get(`${kind}\u0000${key}`);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  /** Records a write in the view and returns it as a row for the store. */
  put(kind: ProjectionKind, key: string, value: unknown): ProjectionRow {
    const json = value === null ? null : JSON.stringify(value);
    if (json === null) this.#rows.delete(`${kind}\u0000${key}`);
    else this.#rows.set(`${kind}\u0000${key}`, json);
    return { object: this.object, kind, key, value: json };
  }

  /** Every row, for rebuilding projections in memory. */
  rows(): ProjectionRow[] {
    return [...this.#rows].map(([k, value]) => {
      const [kind, key] = k.split("\u0000") as [string, string];
      return { object: this.object, kind, key, value };
    });
  }
}
