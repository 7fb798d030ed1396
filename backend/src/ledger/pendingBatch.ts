import type { AppendBatch } from "./ledgerStore.js";
import { type ProjectionWrite, rowOf } from "./objectView.js";

/** The open batch of a `MerkleLog`: what one group commit will write, and who waits for it. */
export interface Pending {
  batch: AppendBatch;
  /** One per entry of the batch (staged parts included), in order: resolved with the entry's index. */
  waiters: { resolve: (index: number) => void; reject: (e: unknown) => void }[];
  /** Index of the batch's first entry. */
  first: number;
  /** The batch's (part's) projection writes, one per row; they become `batch.projections` when it is handed over. */
  writes: ProjectionWrite[];
  /** Where each (object, kind, key) already written sits in `writes`. */
  rowAt: Map<Uint8Array, Map<string, number>>;
}

export const emptyBatch = (): AppendBatch => ({
  entries: [],
  nodes: [],
  projections: [],
  pruneRules: [],
  checkpoint: undefined,
});
export const emptyPending = (first: number): Pending => ({
  batch: emptyBatch(),
  waiters: [],
  first,
  writes: [],
  rowAt: new Map(),
});

/**
 * Adds a projection write to a batch, or overwrites the batch's earlier write of the same row: one
 * transaction only needs the last value of each row (a device's head and state change with every
 * statement, and a group commit holds many statements per device), and only that one is serialised.
 * Rows are told apart by their object's bytes object — an object view hands out the same one for all
 * its rows — so a row written through two different copies of an object id is simply written twice,
 * in order.
 */
export function putWrite(pending: Pending, w: ProjectionWrite): void {
  let at = pending.rowAt.get(w.object);
  if (at === undefined) {
    at = new Map();
    pending.rowAt.set(w.object, at);
  }
  const k = `${w.kind}\u0000${w.key}`;
  const i = at.get(k);
  if (i === undefined) {
    at.set(k, pending.writes.length);
    pending.writes.push(w);
  } else pending.writes[i] = w;
}

/** Hands the pending writes to the batch as the store's rows (JSON text), and starts a new set. */
export function takeWrites(pending: Pending): void {
  pending.batch.projections = pending.writes.map(rowOf);
  pending.writes = [];
  pending.rowAt = new Map();
}
