import { DEFAULT_AVATAR_PREFIX } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { Hono } from "hono";
import { type Problem, problemResponse, toProblem } from "../errors/index.js";
import { type Ledger, LogIntegrity, verifiedReads } from "../ledger/index.js";
import { webRoutes } from "../web/index.js";
import { type AdmissionPolicy, checkPolicy } from "./admissionPolicy.js";
import { type ApiContext, type ApiEnv, clientAddress } from "./apiContext.js";
import { ApiError } from "./apiError.js";
import { type AppendFeed, ledgerFeed } from "./appendFeed.js";
import { addressPrincipal, type HttpLimits, limitBuckets } from "./httpLimits.js";
import { limitBody, MAX_REQUEST_BYTES } from "./limitBody.js";
import { liveObjectIndex } from "./liveObjectIndex.js";
import type { ObjectIndex } from "./objectIndex.js";
import { buildPassport, type Passport } from "./passport.js";
import { PassportCache } from "./passportCache.js";
import { takeToken } from "./rateLimit.js";
import { readOwnerStatements } from "./readPassport.js";
import {
  avatarRoute,
  bundleRoute,
  eventsRoute,
  historyRoute,
  logRoute,
  objectsRoute,
  openapiRoute,
  seriesRoute,
  statementsRoute,
} from "./routes/index.js";
import { securityHeaders } from "./securityHeaders.js";
import { WriteGuard } from "./writeGuard.js";

/** Configuration of the passport API. */
export interface ApiOptions {
  ledger: Ledger;
  /** The avatar IPv6 prefix (a /64; default the ULA `fd54:4554:1::/64`). */
  prefix?: string;
  /** Appended statements (default: the ledger's `onAppended`, or a poller of committed entries). */
  feed?: AppendFeed;
  /**
   * Rate limits and caps (`HttpLimits`; each 0 = off, unset = `DEFAULT_HTTP_LIMITS`): reads per
   * client address, writes per address before and per signing key after verification, open
   * admission per address and per day, statements per object per day; `false` turns them all off.
   */
  rateLimit?: false | Partial<HttpLimits>;
  /** Who may create avatars (default `{ mode: "open" }`, within the open-admission limits). */
  admission?: AdmissionPolicy;
  /** Called once for every refusal the API answers (metrics, logs). */
  onRefusal?: (problem: Problem) => void;
  /** Serve the web pages (`/`, `/o/{id}`, `/assets/*`); default true. */
  web?: boolean;
  /** The clock in ms (warranty expiry, rate limits). */
  now?: () => number;
  /** More routes mounted under the same app (e.g. `billingRoutes`), before the web pages. */
  routes?: Hono[];
  /** The last anchored checkpoint, shown in every passport (e.g. `() => anchorService.last`). */
  anchor?: () => Passport["anchor"];
  /** The object index (default: `liveObjectIndex` over the ledger's store and `feed`, loaded on first use). */
  index?: () => Promise<ObjectIndex>;
  /**
   * How many avatars' passport sources `PassportCache` keeps (dropped on every append to the object,
   * seen through `feed`); default `false`, every passport read from the store. Worth it for a few hot
   * avatars read often; under reads spread evenly over many avatars it only churns the old
   * generation (measured: p99 2.4 ms without it, 90 ms with 10,000 entries and mark-compacts, over
   * 100,000 avatars at 1,000 req/s). Leave it off when another process appends to the store.
   */
  passportCache?: number | false;
  /**
   * Checks every entry the API serves against its leaf hash and the signed root (`verifiedReads`);
   * default one of its own over the ledger. The backend shares one with its audit and readiness.
   */
  integrity?: LogIntegrity;
}

/**
 * The passport API as a hono app: `/v1/*` JSON/CBOR routes (see `/v1/openapi.json`), the avatar
 * address route (`GET /` on an avatar's own IPv6 address), and the web pages. Errors are RFC 9457
 * problem+json with stable codes. Serve it with `serveApi`, or call `app.request` in tests.
 *
 * @example
 * const app = createApi({ ledger });
 * const res = await app.request(`/v1/objects/${id}`);
 */
export function createApi(options: ApiOptions): Hono<ApiEnv> {
  const { ledger } = options;
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? DEFAULT_AVATAR_PREFIX;
  const feed = options.feed ?? ledgerFeed(ledger);
  const limits = limitBuckets(options.rateLimit ?? {}, now);
  const integrity =
    options.integrity ??
    new LogIntegrity({
      store: ledger.log.store,
      logKey: ledger.logKey,
      origin: ledger.log.origin,
      verifier: nodeVerifier,
      checkpoint: () => ledger.log.latestCheckpoint,
    });
  // Every read path serves entries through this store: a tampered entry is refused LOG_CORRUPT.
  const store = verifiedReads(ledger.log.store, integrity);
  const cacheSize = options.passportCache ?? false;
  const cache =
    cacheSize === false
      ? undefined
      : new PassportCache({ store, feed, max: cacheSize, logKey: ledger.logKey });
  const ctx: ApiContext = {
    ledger,
    store,
    integrity,
    feed,
    limits,
    verifier: nodeVerifier,
    writes: new WriteGuard({
      buckets: limits,
      policy: checkPolicy(options.admission ?? { mode: "open" }),
      log: ledger.log.origin,
      verifier: nodeVerifier,
      now,
    }),
    prefix,
    origin: ledger.log.origin,
    now,
    ...(options.anchor ? { anchor: options.anchor } : {}),
    index: options.index ?? liveObjectIndex({ store, feed, prefix }),
    passport: async (summary) => {
      const { rows, statements } = cache
        ? await cache.read(summary)
        : await readOwnerStatements(store, summary, { logKey: ledger.logKey });
      const anchor = options.anchor?.();
      return buildPassport({ summary, rows, statements, now: now(), ...(anchor ? { anchor } : {}) });
    },
  };
  const app = new Hono<ApiEnv>();
  const refused = (err: unknown, path: string) => {
    options.onRefusal?.(toProblem(err, path).problem);
    return problemResponse(err, path);
  };
  app.onError((err, c) => refused(err, new URL(c.req.url).pathname));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return refused(new ApiError("NOT_FOUND", `no route ${c.req.method} ${path}`), path);
  });
  app.use("*", securityHeaders());
  app.use("*", limitBody(MAX_REQUEST_BYTES)); // every route, also those mounted later and unknown ones
  app.use("/v1/*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD")
      takeToken(ctx.limits.read, addressPrincipal(clientAddress(c)));
    await next();
  });
  for (const r of [
    openapiRoute(() => app),
    objectsRoute(ctx),
    historyRoute(ctx),
    seriesRoute(ctx),
    bundleRoute(ctx),
    eventsRoute(ctx),
    logRoute(ctx),
    statementsRoute(ctx),
    avatarRoute(ctx),
  ]) {
    app.route("/", r);
  }
  for (const r of options.routes ?? []) app.route("/", r);
  if (options.web !== false) app.route("/", webRoutes(ctx));
  return app;
}
