import { type Ed25519Verifier, objectIdFromText, parseStatement } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import {
  deriveObjectView,
  isLedgerError,
  type LedgerStore,
  nodeHasher,
  type ProjectionRow,
  projectionOf,
  type StateRow,
} from "../ledger/index.js";
import type { ObjectSummary } from "./objectIndex.js";
import { buildPassport, type Passport } from "./passport.js";
import type { IndexedStatement } from "./warrantyStatus.js";

/** What a passport is built from. */
export interface PassportSources {
  rows: ProjectionRow[];
  statements: IndexedStatement[];
}

/**
 * Reads what an object's passport shows from its log, not from the stored projection rows (issue
 * 23, items 5 and 7): its non-device statements (an index over the entries outside the device
 * chain, no scan of device history), each checked against its leaf hash, strictly parsed,
 * signature-verified and applied under the ledger's rules (`deriveObjectView`) — an edited row or a
 * replayed statement from an older log is not shown. The current state is the stored `state` row
 * when the log entry it names is that state statement (checked against its leaf).
 */
export async function readOwnerStatements(
  store: LedgerStore,
  summary: ObjectSummary,
  opts: { logKey: Uint8Array; verifier?: Ed25519Verifier },
): Promise<PassportSources> {
  const object = objectIdFromText(summary.id);
  const d = await deriveObjectView({
    store,
    object,
    hasher: nodeHasher,
    verifier: opts.verifier ?? nodeVerifier,
    logKey: opts.logKey,
  });
  const rows = d.view.rows().filter((r) => r.kind !== "seen");
  const state = (await store.projections(object)).find((r) => r.kind === "state" && r.value !== null);
  if (state && (await stateIsInLog(store, object, state))) rows.push(state);
  return { rows, statements: d.applied };
}

async function stateIsInLog(store: LedgerStore, object: Uint8Array, row: ProjectionRow): Promise<boolean> {
  let claimed: StateRow | undefined;
  try {
    claimed = projectionOf(row, "state");
  } catch (e) {
    if (isLedgerError(e, "MALFORMED_PROJECTION")) return false; // not shown, as a row the log does not back
    throw e;
  }
  if (claimed === undefined) return false;
  const e = await store.entry(claimed.index);
  if (!e?.bytes || e.kind !== "state" || e.seq !== claimed.seq || !e.object) return false;
  if (Buffer.compare(Buffer.from(e.object), Buffer.from(object)) !== 0) return false;
  if (Buffer.compare(Buffer.from(nodeHasher.leaf(e.bytes)), Buffer.from(e.leafHash)) !== 0) return false;
  const s = parseStatement(e.bytes).statement;
  return s.t === "state" && JSON.stringify(s.readings) === JSON.stringify(claimed.readings);
}

/** The passport of one avatar, read from its log (`readOwnerStatements`). */
export async function readPassport(
  store: LedgerStore,
  summary: ObjectSummary,
  opts: { logKey: Uint8Array; now?: number; anchor?: Passport["anchor"] },
): Promise<Passport> {
  const { rows, statements } = await readOwnerStatements(store, summary, opts);
  const { anchor } = opts;
  return buildPassport({
    summary,
    rows,
    statements,
    now: opts.now ?? Date.now(),
    ...(anchor ? { anchor } : {}),
  });
}
