import { createHash } from "node:crypto";
import { parseStatement } from "@tet/schemas";
import type { LedgerStore } from "./ledgerStore.js";
import { ObjectView } from "./objectView.js";
import { project } from "./project.js";

const PAGE = 10_000;

/**
 * Re-derives every projection from the log alone: replays each entry's statement through `project`
 * in log order and replaces the projection tables in one transaction. Pruned entries are skipped —
 * the collector never prunes what a projection still shows (the newest statement of each kind per
 * object), so the result is identical to the projections maintained while appending.
 */
export async function rebuildProjections(store: LedgerStore): Promise<{ entries: number; rows: number }> {
  const views = new Map<string, ObjectView>();
  let entries = 0;
  for (let from = 0; ; from += PAGE) {
    const page = await store.entries(from, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      entries++;
      if (e.bytes === null || e.object === null) continue;
      const id = Buffer.from(e.object).toString("hex");
      let view = views.get(id);
      if (view === undefined) {
        view = new ObjectView(e.object);
        views.set(id, view);
      }
      project(parseStatement(e.bytes), e.index, view);
    }
  }
  const rows = [...views.values()].flatMap((v) => v.rows());
  await store.replaceProjections(rows);
  return { entries, rows: rows.length };
}

/**
 * SHA-256 over every projection row in (object, kind, key) order: two stores whose projections are
 * identical have the same digest, which is how `tet-backend rebuild` shows that rebuilding changed
 * nothing.
 */
export async function projectionDigest(store: LedgerStore): Promise<{ digest: string; rows: number }> {
  const h = createHash("sha256");
  let rows = 0;
  let after: Awaited<ReturnType<LedgerStore["allProjections"]>>[number] | undefined;
  for (;;) {
    const page = await store.allProjections(after ? { after, limit: PAGE } : { limit: PAGE });
    for (const r of page)
      h.update(`${Buffer.from(r.object).toString("hex")}\t${r.kind}\t${r.key}\t${r.value}\n`);
    rows += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  return { digest: h.digest("hex"), rows };
}
