import { didKeyFromPublicKey, formatVerifierKey } from "@tet/schemas";
import { Hono } from "hono";
import { z } from "zod";
import {
  describeRoute,
  intParam,
  jsonResponse,
  mediaResponse,
  parametersOf,
  parseWith,
  problems,
} from "../../openapi/index.js";
import { type ApiContext, type ApiEnv, badQuery } from "../apiContext.js";
import { ApiError } from "../apiError.js";

const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");

const inclusionQuery = z.object({
  index: intParam("index", "log index", { required: true }),
  size: intParam("size", "tree size (default: the latest checkpoint)"),
});
const consistencyQuery = z.object({
  from: intParam("from", "older tree size", { required: true }),
  to: intParam("to", "newer tree size (default: the latest checkpoint)"),
});

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
  app.get(
    "/v1/log/checkpoint",
    describeRoute({
      summary: "The latest checkpoint (C2SP signed note)",
      responses: { "200": mediaResponse("signed note", "text/plain"), ...problems(503) },
    }),
    (c) => {
      return c.text(latestSize().note, 200, {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-cache",
      });
    },
  );
  app.get(
    "/v1/log/key",
    describeRoute({
      summary: "The log's public key: did:key and note verifier key",
      responses: { "200": jsonResponse("origin, did, verifierKey") },
    }),
    (c) => {
      const publicKey = ctx.ledger.logKey;
      return c.json({
        origin: ctx.origin,
        did: didKeyFromPublicKey(publicKey),
        verifierKey: formatVerifierKey({ name: ctx.origin, publicKey }),
      });
    },
  );
  app.get(
    "/v1/log/proof/inclusion",
    describeRoute({
      summary: "Inclusion proof (RFC 9162 §2.1.3)",
      parameters: parametersOf("query", inclusionQuery),
      responses: { "200": jsonResponse("index, size, leafHash, proof (base64)"), ...problems(400, 404, 429) },
    }),
    async (c) => {
      const q = parseWith(inclusionQuery, c.req.query(), badQuery);
      const index = q.index as number;
      const size = q.size ?? latestSize().size;
      if (index >= size) throw new ApiError("BAD_QUERY", `index ${index} is not below size ${size}`);
      await ctx.store.entry(index); // LOG_CORRUPT instead of a proof for an entry edited in the store
      const p = await ctx.ledger.log.inclusionProof(index, size);
      return c.json({ index, size, leafHash: b64(p.leafHash), proof: p.proof.map(b64) });
    },
  );
  app.get(
    "/v1/log/proof/consistency",
    describeRoute({
      summary: "Consistency proof (RFC 9162 §2.1.4)",
      parameters: parametersOf("query", consistencyQuery),
      responses: { "200": jsonResponse("from, to, proof (base64)"), ...problems(400, 404, 429) },
    }),
    async (c) => {
      const q = parseWith(consistencyQuery, c.req.query(), badQuery);
      const from = q.from as number;
      const to = q.to ?? latestSize().size;
      if (from > to) throw new ApiError("BAD_QUERY", `from ${from} is above to ${to}`);
      const proof = await ctx.ledger.log.consistencyProof(from, to);
      return c.json({ from, to, proof: proof.map(b64) });
    },
  );
  return app;
}
