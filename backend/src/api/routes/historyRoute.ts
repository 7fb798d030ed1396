import {
  didKeyFromPublicKey,
  objectIdFromText,
  parseStatement,
  STATEMENT_KINDS,
  statementToJson,
} from "@tet/schemas";
import { Hono } from "hono";
import { type ApiContext, type ApiEnv, intQuery, objectParam } from "../apiContext.js";
import { ApiError } from "../apiError.js";

/** One statement of an object's history as the API shows it. */
export interface HistoryItem {
  index: number;
  kind: string;
  ts: number;
  seq?: number;
  signer?: string;
  statement?: Record<string, unknown>;
  /** The exact signed bytes, base64; absent when the retention collector pruned them. */
  cose?: string;
  pruned?: true;
}

const SCAN_BUDGET = 10_000;

/**
 * `GET /v1/objects/{id}/history?after=&limit=&kind=`: the object's statements in log order with
 * their log index, after index `after` (exclusive), at most `limit` (≤ 1,000). With `kind`, at most
 * 10,000 entries are scanned per request; `next` is the cursor to continue from either way.
 */
export function historyRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/v1/objects/:id/history", async (c) => {
    const o = await objectParam(c, ctx);
    const kind = c.req.query("kind");
    if (kind !== undefined && !(STATEMENT_KINDS as string[]).includes(kind))
      throw new ApiError("BAD_QUERY", `unknown kind ${kind.slice(0, 32)}`);
    const limit = intQuery(c, "limit", { def: 100, min: 1, max: 1000 }) as number;
    let after = intQuery(c, "after", { def: -1 }) as number;
    const object = objectIdFromText(o.id);
    const items: HistoryItem[] = [];
    let scanned = 0;
    let more = false;
    while (items.length < limit && scanned < SCAN_BUDGET) {
      const want = kind === undefined ? limit - items.length : Math.min(1000, SCAN_BUDGET - scanned);
      const page = await ctx.store.entriesByObject(object, { afterIndex: after, limit: want });
      scanned += page.length;
      for (const e of page) {
        after = e.index;
        if (kind !== undefined && e.kind !== kind) continue;
        items.push(toItem(e));
        if (items.length === limit) break;
      }
      more = page.length === want;
      if (!more) break;
    }
    return c.json({ items, ...(more || items.length === limit ? { next: after } : {}) });
  });
  return app;
}

function toItem(e: {
  index: number;
  kind: string;
  ts: number;
  seq: number | null;
  bytes: Uint8Array | null;
}): HistoryItem {
  const base: HistoryItem = {
    index: e.index,
    kind: e.kind,
    ts: e.ts,
    ...(e.seq === null ? {} : { seq: e.seq }),
  };
  if (e.bytes === null) return { ...base, pruned: true };
  const p = parseStatement(e.bytes);
  return {
    ...base,
    signer: didKeyFromPublicKey(p.signer),
    statement: statementToJson(p.statement),
    cose: Buffer.from(e.bytes).toString("base64"),
  };
}
