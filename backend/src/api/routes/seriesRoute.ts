import { objectIdFromText, parseStatement, statementToJson } from "@tet/schemas";
import { Hono } from "hono";
import { z } from "zod";
import type { LedgerStore, StoredEntry } from "../../ledger/index.js";
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
import { ApiError } from "../apiError.js";

/** One state statement of a series: where it is in the log and what it read. */
export interface SeriesItem {
  index: number;
  seq: number;
  ts: number;
  readings: Record<string, { v: unknown; u?: string }>;
}

/** How many state entries a range may hold before the series samples it. */
const MAX_POINTS = 2000;

const seriesQuery = z.object({
  from: intParam("from", "range start, ms since the epoch (default 0)", { def: 0 }),
  to: intParam("to", "range end, exclusive, ms since the epoch (default: now and later)", {
    def: Number.MAX_SAFE_INTEGER,
  }),
  points: intParam("points", "1–2,000 (default 600): more state statements than this are sampled", {
    def: 600,
    min: 1,
    max: MAX_POINTS,
  }),
});

type Probe = (after: number) => Promise<StoredEntry | undefined>;

/**
 * The smallest log index in (lo, hi] whose first entry of the object at or after it has `ts` ≥ t
 * (hi when none): O(log n) single-row probes on the (object, index) index. Device statements' time
 * grows with the log index (the ledger refuses a chain going backwards beyond its clock skew).
 */
async function indexAt(probe: Probe, t: number, lo: number, hi: number): Promise<number> {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const e = await probe(mid);
    if (e === undefined || e.ts >= t) hi = e === undefined ? mid : Math.min(mid, e.index);
    else lo = e.index;
  }
  return hi;
}

function item(e: StoredEntry): SeriesItem | undefined {
  if (e.kind !== "state" || e.bytes === null || e.seq === null) return undefined;
  const s = statementToJson(parseStatement(e.bytes).statement) as { readings?: SeriesItem["readings"] };
  return { index: e.index, seq: e.seq, ts: e.ts, readings: s.readings ?? {} };
}

/**
 * The object's state readings in [from, to): every state statement when there are at most `points`,
 * else `points` of them evenly spaced through the range's log positions (each with its own time), so
 * a chart of a week or of the whole history costs a few hundred indexed reads, never a scan.
 */
export async function readSeries(opts: {
  store: LedgerStore;
  object: Uint8Array;
  genesis: number;
  size: number;
  from: number;
  to: number;
  points: number;
}): Promise<{ items: SeriesItem[]; sampled: boolean }> {
  const { store, object } = opts;
  const probe: Probe = async (after) =>
    (await store.entriesByObject(object, { afterIndex: after - 1, limit: 1 }))[0];
  const i0 = await indexAt(probe, opts.from, opts.genesis - 1, opts.size);
  const i1 = await indexAt(probe, opts.to, i0 - 1, opts.size);
  const items: SeriesItem[] = [];
  const page = await store.entriesByObject(object, { afterIndex: i0 - 1, limit: opts.points + 1 });
  const inRange = page.filter((e) => e.index < i1);
  if (inRange.length <= opts.points) {
    for (const e of inRange) {
      const it = item(e);
      if (it) items.push(it);
    }
    return { items, sampled: false };
  }
  let last = i0 - 1;
  for (let k = 0; k < opts.points; k++) {
    const at = Math.max(last + 1, i0 + Math.floor(((i1 - i0) * k) / opts.points));
    const near = await store.entriesByObject(object, { afterIndex: at - 1, limit: 4 });
    for (const e of near) {
      if (e.index >= i1) break;
      const it = item(e);
      if (it) {
        items.push(it);
        last = e.index;
        break;
      }
    }
  }
  return { items, sampled: true };
}

/**
 * `GET /v1/objects/{id}/series?from=&to=&points=`: the object's state readings in the time range
 * [from, to) (ms; default its whole history), all of them or `points` (≤ 2,000, default 600) evenly
 * sampled — what the passport page's charts draw for an hour, a day, a week or all.
 */
export function seriesRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(
    "/v1/objects/:id/series",
    describeRoute({
      summary: "The object's state readings in a time range, all of them or evenly sampled (for charts)",
      parameters: [...objectPath, ...parametersOf("query", seriesQuery)],
      responses: {
        "200": jsonResponse("`{from, to, sampled, items: [{index, seq, ts, readings}]}` in log order"),
        ...problems(400, 404, 429),
      },
    }),
    async (c) => {
      const o = await objectParam(c, ctx);
      const q = parseWith(seriesQuery, c.req.query(), badQuery);
      const from = q.from as number;
      const to = q.to as number;
      if (to <= from) throw new ApiError("BAD_QUERY", "to must be after from");
      const points = q.points as number;
      const r = await readSeries({
        store: ctx.store,
        object: objectIdFromText(o.id),
        genesis: o.genesis,
        size: ctx.ledger.log.size,
        from,
        to,
        points,
      });
      return c.json({ from, to, sampled: r.sampled, items: r.items });
    },
  );
  return app;
}
