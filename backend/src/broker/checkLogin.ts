import { timingSafeEqual } from "node:crypto";
import {
  hex,
  isObjectIdText,
  isTetError,
  objectIdFromText,
  objectIdToText,
  type ParsedStatement,
  parseStatement,
} from "@tet/schemas";
import { type ProjectionRow, projectionOf } from "../ledger/index.js";
import { BrokerError } from "./brokerError.js";
import type { ClientFamily } from "./clientFamily.js";
import type { KeyedBuckets } from "./keyedBuckets.js";
import type { LoginBook } from "./loginBook.js";
import type { Principal } from "./topicAcl.js";

/** A backend client's credential: ingest workers log in with it instead of a connect statement. */
export interface BackendCredential {
  username: string;
  password: string;
}

/** What `checkLogin` needs around it. */
export interface LoginContext {
  /** Checks a statement's signature (the ingest's verify pool: worker threads, batched). */
  verify: (p: ParsedStatement) => Promise<boolean>;
  /** The object's projection rows (bound keys), from the ledger's store. */
  projections: (object: Uint8Array) => Promise<readonly ProjectionRow[]>;
  /** Each device's last accepted login (replay protection per device, persisted). */
  book: LoginBook;
  /** Accepted logins per device: looked at before the signature check, spent after it. */
  deviceLogins?: KeyedBuckets | undefined;
  /**
   * Called once a login passed every cheap check, before the costly ones (the key lookup and the
   * signature): spends a token of its source address; false refuses the login (LOGIN_RATE_LIMITED).
   */
  spend?: (() => boolean) | undefined;
  /** Client families with logins of their own (billing's payers), asked in order by username. */
  families?: readonly ClientFamily[] | undefined;
  /** ± this many ms between the statement's ts and `now` (default 60,000). */
  windowMs?: number;
  backend?: BackendCredential | undefined;
  now: () => number;
}

const MAX_PASSWORD = 1024;

/**
 * Checks an MQTT login (schemas/README.md, "MQTT protocol"): the backend credential, a client
 * family's member (the first family that `claims` the username checks it), or a device —
 * username = object id text, client id `tet-{objectId}`, password = a `connect` statement for that
 * object, signed by one of its device keys, `ts` within ±60 s and newer than the device's last
 * accepted login. Cheap checks come first (decoding, window, replay, the device's login rate, the
 * bound key), the signature on the verify pool last. Resolves to the principal once the login is
 * recorded, or rejects with a `BrokerError` (answered as CONNACK 5, or 3 for a rate limit).
 */
export async function checkLogin(
  login: { clientId: string; username: string | undefined; password: Uint8Array | undefined },
  ctx: LoginContext,
): Promise<Principal> {
  const { clientId, username, password } = login;
  if (username === undefined || password === undefined)
    throw new BrokerError("LOGIN_BAD_CREDENTIAL", "no credentials");
  if (ctx.backend && username === ctx.backend.username) {
    const want = Buffer.from(ctx.backend.password);
    if (password.length === want.length && timingSafeEqual(password, want)) return { kind: "backend" };
    throw new BrokerError("LOGIN_BAD_CREDENTIAL", "backend credential");
  }
  const family = ctx.families?.find((f) => f.claims(username));
  if (family !== undefined) {
    const lent = { now: ctx.now, windowMs: ctx.windowMs ?? 60_000, spend: ctx.spend ?? (() => true) };
    const id = await family.authenticate({ clientId, username, password }, lent);
    return { kind: "member", family, id };
  }
  if (!isObjectIdText(username))
    throw new BrokerError("LOGIN_BAD_CREDENTIAL", "username is not an object id");
  if (clientId !== `tet-${username}`) throw new BrokerError("LOGIN_BAD_CLIENT_ID", clientId.slice(0, 64));
  if (password.length > MAX_PASSWORD) throw new BrokerError("LOGIN_MALFORMED", `${password.length} bytes`);
  let opened: ParsedStatement;
  try {
    opened = parseStatement(password, { maxBytes: MAX_PASSWORD });
  } catch (e) {
    throw new BrokerError("LOGIN_MALFORMED", isTetError(e) ? e.code : String(e), { cause: e });
  }
  const s = opened.statement;
  if (s.t !== "connect") throw new BrokerError("LOGIN_MALFORMED", `a ${s.t} statement`);
  if (objectIdToText(s.obj) !== username) throw new BrokerError("LOGIN_WRONG_OBJECT");
  const now = ctx.now();
  const window = ctx.windowMs ?? 60_000;
  if (Math.abs(s.ts - now) > window) throw new BrokerError("LOGIN_STALE", `ts is ${s.ts - now} ms from now`);
  if (ctx.deviceLogins?.has(username) === false)
    throw new BrokerError("LOGIN_RATE_LIMITED", `device ${username}`);
  if (ctx.spend?.() === false) throw new BrokerError("LOGIN_RATE_LIMITED", "address");
  const rows = await ctx.projections(objectIdFromText(username));
  const key = rows.find((r) => r.kind === "key" && r.key === hex(opened.signer));
  const role = key && projectionOf(key, "key")?.role;
  if (role !== "device") throw new BrokerError("LOGIN_KEY_NOT_BOUND");
  // A replay is refused before its signature is checked (it costs little), and again after it,
  // atomically with recording the login, for two copies verified side by side.
  const last = ctx.book.last(username);
  if (last !== undefined && s.ts <= last) throw new BrokerError("LOGIN_REPLAY", `ts ${s.ts} ≤ ${last}`);
  if (!(await ctx.verify(opened))) throw new BrokerError("LOGIN_BAD_SIGNATURE");
  if (!ctx.book.accept(username, s.ts)) throw new BrokerError("LOGIN_REPLAY", `ts ${s.ts}`);
  // Spent only by a verified, fresh login — nobody but the device itself can use up its logins — and
  // checked again here, in the same turn as the replay check, for logins verified side by side.
  if (ctx.deviceLogins?.take(username) === false)
    throw new BrokerError("LOGIN_RATE_LIMITED", `device ${username}`);
  await ctx.book.persisted();
  return { kind: "device", objectId: username };
}
