import { type CborValue, encode, isDidKey } from "@tet/schemas";
import { Hono } from "hono";
import { type ApiContext, type ApiEnv, intQuery, objectParam } from "../apiContext.js";
import { ApiError } from "../apiError.js";

/** True when the client asked for CBOR (`Accept: application/cbor`) rather than JSON. */
export function wantsCbor(accept: string | undefined): boolean {
  return (
    accept !== undefined && /\bapplication\/cbor\b/.test(accept) && !/\bapplication\/json\b/.test(accept)
  );
}

/**
 * `GET /v1/objects?q=&kind=&owner=&after=&limit=` (search and list) and `GET /v1/objects/{id}` (the
 * passport: JSON by default, deterministic CBOR for `Accept: application/cbor`).
 */
export function objectsRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/v1/objects", async (c) => {
    const owner = c.req.query("owner");
    if (owner !== undefined && !isDidKey(owner)) throw new ApiError("BAD_QUERY", "owner must be a did:key");
    const after = c.req.query("after");
    const q = c.req.query("q");
    const kind = c.req.query("kind");
    if ((q?.length ?? 0) > 200 || (kind?.length ?? 0) > 64)
      throw new ApiError("BAD_QUERY", "q or kind is too long");
    const index = await ctx.index();
    const limit = intQuery(c, "limit", { def: 50, min: 1, max: 500 }) as number;
    const page = index.search({
      limit,
      ...(q ? { q } : {}),
      ...(kind ? { kind } : {}),
      ...(owner ? { owner } : {}),
      ...(after ? { after } : {}),
    });
    return c.json({ total: index.size, ...page });
  });
  app.get("/v1/objects/:id", async (c) => {
    const passport = await ctx.passport(await objectParam(c, ctx));
    c.header("vary", "accept");
    if (wantsCbor(c.req.header("accept"))) {
      return c.body(encode(passport as unknown as CborValue) as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/cbor",
      });
    }
    return c.json(passport);
  });
  return app;
}
