import { createHash } from "node:crypto";
import { type Ed25519Verifier, hex, isDeviceStatement, type LogHasher } from "@tet/schemas";
import { authorize } from "./authorize.js";
import { replayEntry, type SkippedEntry } from "./deriveObjectView.js";
import type { LedgerStore, ProjectionRow, StoredEntry } from "./ledgerStore.js";
import { ObjectView } from "./objectView.js";
import { project } from "./project.js";

const PAGE = 10_000;

/** What a rebuild found: entries read, rows written, entries not applied, and how the stored rows differed. */
export interface RebuildReport {
  entries: number;
  rows: number;
  skipped: SkippedEntry[];
  /** Stored rows that the log does not give (removed), that it gives differently (changed), or that were missing (added). */
  differences: { added: number; removed: number; changed: number; examples: string[] };
}

/**
 * Re-derives every projection from the log alone and compares them with the stored ones before
 * replacing them (issue 23, item 5: a projection row edited in the database shows as a difference,
 * never as "identical"). Each entry is checked as a view load checks it (`replayEntry`: leaf hash,
 * strict parse, signature) and applied under the same acceptance rules (`authorize`, replaying):
 * device statements need a device key bound at that point (their seq/prev links were checked at
 * append and pruned entries leave gaps), the others every rule. Entries that fail are reported.
 */
export async function rebuildProjections(
  store: LedgerStore,
  opts: { verifier: Ed25519Verifier; hasher: LogHasher; logKey?: Uint8Array; replace?: boolean },
): Promise<RebuildReport> {
  const views = new Map<string, ObjectView>();
  const skipped: SkippedEntry[] = [];
  let entries = 0;
  for (let from = 0; ; from += PAGE) {
    const page = await store.entries(from, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      entries++;
      if (e.bytes === null || e.object === null) continue;
      const id = hex(e.object);
      let view = views.get(id);
      if (view === undefined) {
        view = new ObjectView(e.object);
        views.set(id, view);
      }
      const why = apply(e, view, opts);
      if (why) skipped.push({ index: e.index, kind: e.kind, ...why });
    }
  }
  const rows = [...views.values()].flatMap((v) => v.rows());
  const differences = await compare(store, rows);
  if (opts.replace !== false) await store.replaceProjections(rows);
  return { entries, rows: rows.length, skipped, differences };
}

function apply(
  e: StoredEntry,
  view: ObjectView,
  opts: { verifier: Ed25519Verifier; hasher: LogHasher; logKey?: Uint8Array },
): Omit<SkippedEntry, "index" | "kind"> | undefined {
  const r = replayEntry(e, opts);
  if ("skip" in r) return r.skip;
  const p = r.parsed;
  if (isDeviceStatement(p.statement)) {
    if (view.get("key", hex(p.signer))?.role !== "device")
      return { code: "KEY_NOT_BOUND", detail: "not a device key of this object at that point" };
  } else {
    const d = authorize(p, view, { logKey: opts.logKey ?? new Uint8Array(32), replaying: true });
    if ("error" in d) return { code: d.error.code, detail: d.error.message };
  }
  project(p, e.index, view);
  return undefined;
}

const rowKey = (r: ProjectionRow) => `${hex(r.object)}\t${r.kind}\t${r.key}`;

/** Compares the stored projection rows with `rows`, a page at a time. */
async function compare(
  store: LedgerStore,
  rows: readonly ProjectionRow[],
): Promise<RebuildReport["differences"]> {
  const want = new Map(rows.map((r) => [rowKey(r), r.value]));
  const out = { added: 0, removed: 0, changed: 0, examples: [] as string[] };
  const note = (what: string, k: string) => {
    if (out.examples.length < 10) out.examples.push(`${what} ${k.replace(/\t/g, " ")}`);
  };
  let after: ProjectionRow | undefined;
  for (;;) {
    const page = await store.allProjections(after ? { after, limit: PAGE } : { limit: PAGE });
    for (const r of page) {
      const k = rowKey(r);
      if (!want.has(k)) {
        out.removed++;
        note("removed", k);
      } else if (want.get(k) !== r.value) {
        out.changed++;
        note("changed", k);
      }
      want.delete(k);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  for (const k of want.keys()) {
    out.added++;
    note("added", k);
  }
  return out;
}

/**
 * SHA-256 over every projection row in (object, kind, key) order: two stores whose projections are
 * identical have the same digest.
 */
export async function projectionDigest(store: LedgerStore): Promise<{ digest: string; rows: number }> {
  const h = createHash("sha256");
  let rows = 0;
  let after: ProjectionRow | undefined;
  for (;;) {
    const page = await store.allProjections(after ? { after, limit: PAGE } : { limit: PAGE });
    for (const r of page) h.update(`${hex(r.object)}\t${r.kind}\t${r.key}\t${r.value}\n`);
    rows += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  return { digest: h.digest("hex"), rows };
}
