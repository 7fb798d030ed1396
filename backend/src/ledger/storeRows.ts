import type { ProjectionRow, StoredCheckpoint, StoredEntry } from "./ledgerStore.js";

/** A row as both drivers return it: column name → value, byte columns as Buffers. */
export type Row = Record<string, unknown>;

/** A driver's Buffer as a plain Uint8Array view (no copy). */
export const u8 = (b: unknown): Uint8Array => {
  const x = b as Buffer;
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
};

/** The columns every entry read selects, in the same shape on SQLite and PostgreSQL. */
export const ENTRY = "SELECT e.idx, e.leaf, e.object, e.seq, e.kind, e.ts, e.bytes FROM entries e";

/** Maps an `ENTRY` row to a stored entry; `bytes` is null once the collector has pruned it. */
export const toEntry = (r: Row): StoredEntry => ({
  index: r.idx as number,
  leafHash: u8(r.leaf),
  bytes: r.bytes == null ? null : u8(r.bytes),
  object: r.object == null ? null : u8(r.object),
  seq: (r.seq as number | null) ?? null,
  kind: r.kind as string,
  ts: r.ts as number,
});

/** Maps a `checkpoints` row. */
export const toCheckpoint = (r: Row): StoredCheckpoint => ({
  size: r.size as number,
  root: u8(r.root),
  note: r.note as string,
  issuedAt: r.issued_at as number,
});

/** Maps a `projections` row. */
export const toProjection = (r: Row): ProjectionRow => ({
  object: u8(r.object),
  kind: r.kind as string,
  key: r.key as string,
  value: r.value as string,
});
