import type { IncomingMessage } from "node:http";
import { type Ed25519Verifier, isObjectIdText } from "@tet/schemas";
import type { Context } from "hono";
import type { Ledger, LedgerStore, LogIntegrity } from "../ledger/index.js";
import { ApiError } from "./apiError.js";
import type { AppendFeed } from "./appendFeed.js";
import type { LimitBuckets } from "./httpLimits.js";
import type { ObjectIndex, ObjectSummary } from "./objectIndex.js";
import type { Passport } from "./passport.js";
import type { WriteGuard } from "./writeGuard.js";

/** The hono environment: under @hono/node-server the Node request is in `env.incoming`. */
export type ApiEnv = { Bindings: { incoming?: IncomingMessage } };

/** What every route of the API shares. */
export interface ApiContext {
  ledger: Ledger;
  /** The ledger's store as the read paths see it: every entry checked (`verifiedReads`). */
  store: LedgerStore;
  /** The checks behind `store`, for what reads the tree without entries (proofs). */
  integrity: LogIntegrity;
  /** The object index, loaded on first use. */
  index(): Promise<ObjectIndex>;
  feed: AppendFeed;
  /** The rate limits' and caps' token buckets (an absent one is off). */
  limits: LimitBuckets;
  /** What `POST /v1/statements` charges, in order, and the admission policy. */
  writes: WriteGuard;
  /** Verifies signatures before the signer is charged (node:crypto). */
  verifier: Ed25519Verifier;
  prefix: string;
  origin: string;
  now: () => number;
  /** The last anchored checkpoint, for the passport (when anchoring runs). */
  anchor?: () => Passport["anchor"];
  /** The passport of an avatar now (through the passport cache when there is one). */
  passport(summary: ObjectSummary): Promise<Passport>;
}

/** The client's address as the socket saw it ("local" in in-process tests). */
export function clientAddress(c: Context<ApiEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? "local";
}

/** The local address the client connected to (which avatar address it asked), if known. */
export function localAddress(c: Context<ApiEnv>): string | undefined {
  const a = c.env?.incoming?.socket?.localAddress;
  return a?.startsWith("::ffff:") ? a.slice(7) : a;
}

/** The object named by the `id` path parameter, or a BAD_OBJECT_ID / UNKNOWN_OBJECT refusal. */
export async function objectParam(c: Context<ApiEnv>, ctx: ApiContext): Promise<ObjectSummary> {
  const id = c.req.param("id") ?? "";
  if (!isObjectIdText(id))
    throw new ApiError("BAD_OBJECT_ID", `not an object id: ${JSON.stringify(id.slice(0, 40))}`);
  const o = (await ctx.index()).get(id);
  if (o === undefined) throw new ApiError("UNKNOWN_OBJECT", `no avatar ${id}`);
  return o;
}

/** A query the route cannot take: 400 BAD_QUERY with the first issue's message (`parseWith`'s refusal). */
export function badQuery(message: string): never {
  throw new ApiError("BAD_QUERY", message);
}
