import type { ChainClients, Deployment } from "@tet/contracts";
import { type Context, Hono } from "hono";
import { BlockNotFoundError } from "viem";
import { z } from "zod";
import { describeRoute, jsonResponse, parametersOf, problems } from "../openapi/index.js";
import { ChainLogs } from "./chainLogs.js";
import { EconomyError } from "./economyError.js";
import { readReserveReport } from "./readReserveReport.js";

/** The chain the economy views read, and its deployment. */
export interface EconomyChain {
  clients: Pick<ChainClients, "public">;
  deployment: Deployment;
}

/** The `block` query parameter as the document lists it; `blockQuery` reads it. */
export const blockParameter = parametersOf(
  "query",
  z.object({
    block: z
      .string()
      .regex(/^(latest|0|[1-9][0-9]{0,18})$/)
      .optional()
      .describe("`latest` (default) or a decimal block number"),
  }),
);

/** `?block=`: `latest` (default) or a decimal block number. */
export function blockQuery(c: Context): bigint | "latest" {
  const raw = c.req.query("block") ?? "latest";
  if (raw === "latest") return raw;
  if (!/^(0|[1-9][0-9]{0,18})$/.test(raw)) throw new EconomyError("BAD_BLOCK", `block=${raw.slice(0, 24)}`);
  return BigInt(raw);
}

/** A chain read that failed: a block not mined yet, or the node not answering. */
export function chainFailure(e: unknown, block: bigint | "latest"): never {
  if (e instanceof EconomyError) throw e;
  if (e instanceof BlockNotFoundError) throw new EconomyError("BLOCK_NOT_MINED", `block ${block}`);
  throw new EconomyError("CHAIN_UNAVAILABLE", undefined, { cause: e });
}

/**
 * `GET /v1/reserve?block=latest|N`: the proof of reserves read from the chain at one block — funds,
 * totals, both signer sets, lots with provenance and the backing/circulating history — with the block
 * number, hash and time and the contracts' addresses, so every number can be checked against the
 * chain at that block. The page `/reserve` renders it.
 */
export function reserveRoutes(chain: EconomyChain & { logs?: ChainLogs }): Hono {
  const logs = chain.logs ?? new ChainLogs(chain.clients, chain.deployment);
  const app = new Hono();
  app.get(
    "/v1/reserve",
    describeRoute({
      summary: "The proof of reserves at one block: funds, totals, signer sets, lots and history",
      description:
        "Read from the chain at `block`, with the block's number, hash and time and the contracts' addresses, so every number can be checked against the chain. Served when the chain is configured; the page `/reserve` renders it.",
      parameters: blockParameter,
      responses: { "200": jsonResponse("the reserve report"), ...problems(400, 404, 503) },
    }),
    async (c) => {
      const block = blockQuery(c);
      const report = await readReserveReport({ ...chain, logs, block }).catch((e) => chainFailure(e, block));
      return c.json(report, 200, { "cache-control": "no-cache" });
    },
  );
  return app;
}
