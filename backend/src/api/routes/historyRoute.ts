import {
  didKeyFromPublicKey,
  objectIdFromText,
  parseStatement,
  STATEMENT_KINDS,
  statementToJson,
} from "@tet/schemas";
import { Hono } from "hono";
import { z } from "zod";
import {
  describeRoute,
  intParam,
  jsonResponse,
  objectPath,
  parametersOf,
  parseWith,
  problems,
} from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, badQuery, objectParam } from "../apiContext.js";

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

const historyQuery = z.object({
  after: intParam("after", "log index to continue after (exclusive)", { def: -1 }),
  limit: intParam("limit", "1–1,000 (default 100)", { def: 100, min: 1, max: 1000 }),
  kind: z
    .string()
    .refine((k) => (STATEMENT_KINDS as string[]).includes(k), {
      error: (issue) => `unknown kind ${String(issue.input).slice(0, 32)}`,
    })
    .optional()
    .describe("only statements of this kind"),
});

/**
 * `GET /v1/objects/{id}/history?after=&limit=&kind=`: the object's statements in log order with
 * their log index, after index `after` (exclusive), at most `limit` (≤ 1,000). With `kind`, at most
 * 10,000 entries are scanned per request; `next` is the cursor to continue from either way.
 */
export function historyRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/v1/objects/:id/history",
    describeRoute({
      summary: "The object's statements with their log index, paginated",
      parameters: [...objectPath, ...parametersOf("query", historyQuery)],
      responses: {
        "200": jsonResponse("a page of history items and the `next` cursor"),
        ...problems(400, 404, 429),
      },
    }),
    async (c) => {
      const o = await objectParam(c, ctx);
      const q = parseWith(historyQuery, c.req.query(), badQuery);
      const { kind } = q;
      const limit = q.limit as number;
      let after = q.after as number;
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
    },
  );
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
