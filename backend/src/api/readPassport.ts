import { objectIdFromText, parseStatement } from "@tet/schemas";
import type { LedgerStore } from "../ledger/index.js";
import type { ObjectSummary } from "./objectIndex.js";
import { buildPassport, type Passport } from "./passport.js";
import type { IndexedStatement } from "./warrantyStatus.js";

/**
 * Reads an object's non-device statements in log order without scanning its device history: the
 * ledger's `seen` projection rows hold the log index of every non-device statement (its idempotency
 * record), and the `object` row the genesis index; each is then one point lookup. Pruned payloads
 * are skipped.
 */
export async function readOwnerStatements(store: LedgerStore, summary: ObjectSummary) {
  const object = objectIdFromText(summary.id);
  const rows = await store.projections(object);
  const indices = [summary.genesis];
  for (const r of rows)
    if (r.kind === "seen" && r.value !== null) indices.push((JSON.parse(r.value) as { index: number }).index);
  indices.sort((a, b) => a - b);
  const statements: IndexedStatement[] = [];
  for (const index of indices) {
    const e = await store.entry(index);
    if (e?.bytes) statements.push({ index, parsed: parseStatement(e.bytes) });
  }
  return { rows, statements };
}

/** The passport of one avatar, read from the store's projections and the object's non-device statements. */
export async function readPassport(
  store: LedgerStore,
  summary: ObjectSummary,
  now = Date.now(),
  anchor?: Passport["anchor"],
): Promise<Passport> {
  const { rows, statements } = await readOwnerStatements(store, summary);
  return buildPassport({ summary, rows, statements, now, ...(anchor ? { anchor } : {}) });
}
