import type pg from "pg";
import { type AppendBatch, type EntryMeta, nodeId, objectKey, type ProjectionRow } from "./ledgerStore.js";

/** A Uint8Array as a Buffer over the same memory (what `pg` sends as a binary parameter). */
export const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const concat = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts);
const ZERO_OBJECT = new Uint8Array(16);

type BatchEntry = AppendBatch["entries"][number] & EntryMeta;

/** Inserts a batch's entries with one multi-row statement. */
async function insertEntries(c: pg.PoolClient, es: readonly BatchEntry[]): Promise<void> {
  // Byte columns travel as one binary parameter each, sliced server-side: bytea[] parameters
  // would be hex-encoded text, which costs more CPU here than the whole insert does there.
  const offsets: number[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (const e of es) {
    offsets.push(at + 1);
    lengths.push(e.bytes.length);
    at += e.bytes.length;
  }
  await c.query(
    `INSERT INTO entries (idx, leaf, object, okey, seq, kind, ts, bytes)
     SELECT i, substring($2::bytea FROM n * 32 + 1 FOR 32),
       CASE WHEN k IS NULL THEN NULL ELSE substring($3::bytea FROM n * 16 + 1 FOR 16) END,
       k, s, t, ts, substring($8::bytea FROM o FOR l)
     FROM unnest($1::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $9::int[], $10::int[])
       WITH ORDINALITY AS x(i, k, s, t, ts, o, l, n1), LATERAL (SELECT (n1 - 1)::int AS n) AS pos`,
    [
      es.map((e) => e.index),
      concat(es.map((e) => e.leafHash)),
      concat(es.map((e) => e.object ?? ZERO_OBJECT)),
      es.map((e) => (e.object ? objectKey(e.object) : null)),
      es.map((e) => e.seq),
      es.map((e) => e.kind),
      es.map((e) => e.ts),
      concat(es.map((e) => e.bytes)),
      offsets,
      lengths,
    ],
  );
}

/**
 * Writes one group commit inside the caller's open transaction: entries, tree nodes, prune rules,
 * projections and the checkpoint, one multi-row `INSERT … SELECT unnest(…)` per table — the only
 * writes `POSTGRES_SCHEMA`'s triggers let through to the history tables.
 */
export async function writeBatch(c: pg.PoolClient, batch: AppendBatch): Promise<void> {
  if (batch.entries.length > 0) await insertEntries(c, batch.entries);
  if (batch.nodes.length > 0) {
    await c.query(
      `INSERT INTO tree (id, hash) SELECT id, substring($2::bytea FROM (n::int - 1) * 32 + 1 FOR 32)
       FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, n)`,
      [batch.nodes.map(nodeId), concat(batch.nodes.map((n) => n.hash))],
    );
  }
  for (const r of batch.pruneRules) {
    await c.query("INSERT INTO prune_rules (prune_idx, kind, before) VALUES ($1, $2, $3)", [
      r.pruneIndex,
      r.kind,
      r.before,
    ]);
  }
  await writeProjections(c, batch.projections);
  const cp = batch.checkpoint;
  if (cp) {
    await c.query("INSERT INTO checkpoints (size, root, note, issued_at) VALUES ($1, $2, $3, $4)", [
      cp.size,
      buf(cp.root),
      cp.note,
      cp.issuedAt,
    ]);
  }
}

/**
 * Applies projection writes in the caller's transaction: later writes of the same row win, so the
 * rows collapse to their last value first; a null value deletes the row.
 */
export async function writeProjections(c: pg.PoolClient, rows: readonly ProjectionRow[]): Promise<void> {
  const last = new Map<string, ProjectionRow>();
  for (const p of rows) last.set(`${Buffer.from(p.object).toString("hex")}\u0000${p.kind}\u0000${p.key}`, p);
  const puts = [...last.values()].filter((p) => p.value !== null);
  const dels = [...last.values()].filter((p) => p.value === null);
  if (dels.length > 0) {
    await c.query(
      `DELETE FROM projections p USING unnest($1::bytea[], $2::text[], $3::text[]) AS d(object, kind, key)
       WHERE p.object = d.object AND p.kind = d.kind AND p.key = d.key`,
      [dels.map((p) => buf(p.object)), dels.map((p) => p.kind), dels.map((p) => p.key)],
    );
  }
  if (puts.length > 0) {
    await c.query(
      `INSERT INTO projections (object, kind, key, value)
       SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (object, kind, key) DO UPDATE SET value = excluded.value`,
      [
        puts.map((p) => buf(p.object)),
        puts.map((p) => p.kind),
        puts.map((p) => p.key),
        puts.map((p) => p.value),
      ],
    );
  }
}
