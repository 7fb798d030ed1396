import { didKeyFromPublicKey, formatVerifierKey } from "@tet/schemas";
import { Hono } from "hono";
import { type ApiContext, type ApiEnv, intQuery } from "../apiContext.js";
import { ApiError } from "../apiError.js";

const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");

/**
 * The transparency log: `GET /v1/log/checkpoint` (the latest C2SP signed note, text/plain),
 * `GET /v1/log/key` (the log's did:key and note verifier key), `GET /v1/log/proof/inclusion?index=&size=`
 * (RFC 9162 §2.1.3) and `GET /v1/log/proof/consistency?from=&to=` (RFC 9162 §2.1.4). Hashes are base64.
 */
export function logRoute(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const latestSize = () => {
    const cp = ctx.ledger.log.latestCheckpoint;
    if (cp === undefined) throw new ApiError("NO_CHECKPOINT");
    return cp;
  };
  app.get("/v1/log/checkpoint", (c) => {
    return c.text(latestSize().note, 200, {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-cache",
    });
  });
  app.get("/v1/log/key", (c) => {
    const publicKey = ctx.ledger.logKey;
    return c.json({
      origin: ctx.origin,
      did: didKeyFromPublicKey(publicKey),
      verifierKey: formatVerifierKey({ name: ctx.origin, publicKey }),
    });
  });
  app.get("/v1/log/proof/inclusion", async (c) => {
    const index = intQuery(c, "index");
    if (index === undefined) throw new ApiError("BAD_QUERY", "index is required");
    const size = intQuery(c, "size") ?? latestSize().size;
    if (index >= size) throw new ApiError("BAD_QUERY", `index ${index} is not below size ${size}`);
    await ctx.store.entry(index); // LOG_CORRUPT instead of a proof for an entry edited in the store
    const p = await ctx.ledger.log.inclusionProof(index, size);
    return c.json({ index, size, leafHash: b64(p.leafHash), proof: p.proof.map(b64) });
  });
  app.get("/v1/log/proof/consistency", async (c) => {
    const from = intQuery(c, "from");
    const to = intQuery(c, "to") ?? latestSize().size;
    if (from === undefined) throw new ApiError("BAD_QUERY", "from is required");
    if (from > to) throw new ApiError("BAD_QUERY", `from ${from} is above to ${to}`);
    const proof = await ctx.ledger.log.consistencyProof(from, to);
    return c.json({ from, to, proof: proof.map(b64) });
  });
  return app;
}
