import {
  bytesEqual,
  type Ed25519Verifier,
  isTetError,
  type LogHasher,
  type ParsedStatement,
  parseStatement,
  verifySign1,
} from "@tet/schemas";
import { authorize } from "./authorize.js";
import type { LedgerStore, StoredEntry } from "./ledgerStore.js";
import { ObjectView } from "./objectView.js";
import { project } from "./project.js";
import type { HeadRow } from "./projectionRows.js";
import { sha256Hex } from "./sha256Hex.js";

/** An entry of the log that the replay did not apply, and why (a stable code). */
export interface SkippedEntry {
  index: number;
  kind: string;
  code: string;
  detail: string;
}

/** An object's view derived from the log, the statements applied (log order), those skipped, and its device chain head entry. */
export interface DerivedView {
  view: ObjectView;
  skipped: SkippedEntry[];
  applied: { index: number; parsed: ParsedStatement }[];
  head: StoredEntry | undefined;
}

/** What the replay of one entry gives: the parsed statement, or why it does not count. */
export type Replayed = { parsed: ParsedStatement } | { skip: Omit<SkippedEntry, "index" | "kind"> };

/**
 * Checks one stored entry before it may count for anything: its bytes against its leaf hash (a row
 * edited in the database is caught here), strict parsing (an entry an older backend accepted with
 * an unprotected header entry fails), and its signature.
 */
export function replayEntry(
  e: StoredEntry,
  opts: { hasher: LogHasher; verifier: Ed25519Verifier },
): Replayed {
  const bytes = e.bytes as Uint8Array;
  if (!bytesEqual(opts.hasher.leaf(bytes), e.leafHash))
    return { skip: { code: "LEAF_MISMATCH", detail: "the stored bytes do not hash to the leaf" } };
  let parsed: ParsedStatement;
  try {
    parsed = parseStatement(bytes);
  } catch (err) {
    if (isTetError(err)) return { skip: { code: err.code, detail: err.message } };
    throw err;
  }
  if (
    !verifiedBefore(opts.verifier, e.leafHash, () => verifySign1(parsed.sign1, { verifier: opts.verifier }))
  )
    return { skip: { code: "BAD_SIGNATURE", detail: "the signature does not verify" } };
  return { parsed };
}

/** How many leaves whose signature verified are remembered per verifier (32 bytes of key each). */
const VERIFIED_LEAVES = 65_536;
const verifiedLeaves = new WeakMap<Ed25519Verifier, Set<string>>();

/**
 * Whether the statement with leaf hash `leaf` verifies, remembered once it does: the leaf commits to
 * the bytes (they were just hashed to it), and a signature's validity depends on the bytes alone, so
 * every passport read of the same object does not verify its genesis and owner statements again.
 * Failures are never remembered. Oldest first out past `VERIFIED_LEAVES`.
 */
function verifiedBefore(verifier: Ed25519Verifier, leaf: Uint8Array, verify: () => boolean): boolean {
  let seen = verifiedLeaves.get(verifier);
  if (seen === undefined) {
    seen = new Set();
    verifiedLeaves.set(verifier, seen);
  }
  const key = Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString("latin1");
  if (seen.has(key)) return true;
  if (!verify()) return false;
  if (seen.size >= VERIFIED_LEAVES) seen.delete(seen.values().next().value as string);
  seen.add(key);
  return true;
}

/**
 * An object's view derived from its log entries alone, never from the stored projection rows
 * (issue 23, item 5: a projection row edited in the database must not authorise anything). Every
 * entry outside the device chain is checked (`replayEntry`) and replayed through the same acceptance
 * rules as an append (`authorize`, replaying: legacy version 1 statements count) and `project`; the
 * device chain head is the object's newest device entry, checked against its leaf. Entries that fail
 * are not applied and are listed in `skipped` (what `rebuild` reports).
 */
export async function deriveObjectView(opts: {
  store: LedgerStore;
  object: Uint8Array;
  hasher: LogHasher;
  verifier: Ed25519Verifier;
  logKey: Uint8Array;
}): Promise<DerivedView> {
  const view = new ObjectView(opts.object);
  const skipped: SkippedEntry[] = [];
  const applied: { index: number; parsed: ParsedStatement }[] = [];
  let afterIndex = -1;
  for (;;) {
    const page = await opts.store.authorityEntries(opts.object, { afterIndex, limit: 1000 });
    for (const e of page) {
      const r = applyEntry(e, view, opts);
      if ("parsed" in r) applied.push({ index: e.index, parsed: r.parsed });
      else if (r.skip) skipped.push({ index: e.index, kind: e.kind, ...r.skip });
    }
    if (page.length < 1000) break;
    afterIndex = (page[page.length - 1] as StoredEntry).index;
  }
  const head = await opts.store.lastDeviceEntry(opts.object);
  if (head?.bytes && head.seq !== null) {
    if (bytesEqual(opts.hasher.leaf(head.bytes), head.leafHash)) {
      const row: HeadRow = { seq: head.seq, hash: sha256Hex(head.bytes), index: head.index, ts: head.ts };
      view.put("head", "", row);
    } else
      skipped.push({
        index: head.index,
        kind: head.kind,
        code: "LEAF_MISMATCH",
        detail: "device chain head",
      });
  }
  return { view, skipped, applied, head };
}

/** Applies one authority entry to `view`: the statement applied, or why not (nothing for a pruned one). */
function applyEntry(
  e: StoredEntry,
  view: ObjectView,
  opts: { hasher: LogHasher; verifier: Ed25519Verifier; logKey: Uint8Array },
): Replayed | { skip?: undefined } {
  if (e.bytes === null) return {}; // pruned: the collector never prunes authority kinds
  const r = replayEntry(e, opts);
  if ("skip" in r) return r;
  const decision = authorize(r.parsed, view, { logKey: opts.logKey, replaying: true });
  if ("error" in decision) return { skip: { code: decision.error.code, detail: decision.error.message } };
  project(r.parsed, e.index, view);
  return r;
}
