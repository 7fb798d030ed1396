import { timingSafeEqual } from "node:crypto";
import {
  type Ed25519Verifier,
  isObjectIdText,
  isTetError,
  objectIdFromText,
  objectIdToText,
  openStatement,
} from "@tet/schemas";
import { hex } from "../ledger/hex.js";
import type { ProjectionRow } from "../ledger/index.js";
import { BrokerError } from "./brokerError.js";
import { checkPayerLogin } from "./checkPayerLogin.js";
import type { NonceCache } from "./nonceCache.js";
import { PAYER_USERNAME_PREFIX } from "./payerLogin.js";
import type { Principal } from "./topicAcl.js";

/** A backend client's credential: ingest workers log in with it instead of a connect statement. */
export interface BackendCredential {
  username: string;
  password: string;
}

/** What `checkLogin` needs around it. */
export interface LoginContext {
  verifier: Ed25519Verifier;
  /** The object's projection rows (bound keys), from the ledger's store. */
  projections: (object: Uint8Array) => Promise<readonly ProjectionRow[]>;
  nonces: NonceCache;
  /** ± this many ms between the statement's ts and `now` (default 60,000). */
  windowMs?: number;
  backend?: BackendCredential | undefined;
  now: () => number;
}

const MAX_PASSWORD = 1024;

/**
 * Checks an MQTT login (schemas/README.md, "MQTT protocol"): the backend credential, a payer
 * (username `payer:0x…`, see `checkPayerLogin`), or a device —
 * username = object id text, client id `tet-{objectId}`, password = a `connect` statement for that
 * object, signed by one of its device keys, `ts` within ±60 s, `nonce` never seen. Resolves to the
 * principal, or rejects with a `BrokerError` (answered as CONNACK "not authorized").
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
  if (username.startsWith(PAYER_USERNAME_PREFIX))
    return checkPayerLogin({ clientId, username, password }, ctx);
  if (!isObjectIdText(username))
    throw new BrokerError("LOGIN_BAD_CREDENTIAL", "username is not an object id");
  if (clientId !== `tet-${username}`) throw new BrokerError("LOGIN_BAD_CLIENT_ID", clientId.slice(0, 64));
  if (password.length > MAX_PASSWORD) throw new BrokerError("LOGIN_MALFORMED", `${password.length} bytes`);
  let opened: ReturnType<typeof openStatement>;
  try {
    opened = openStatement(password, { verifier: ctx.verifier, maxBytes: MAX_PASSWORD });
  } catch (e) {
    if (isTetError(e, "COSE_BAD_SIGNATURE")) throw new BrokerError("LOGIN_BAD_SIGNATURE");
    throw new BrokerError("LOGIN_MALFORMED", isTetError(e) ? e.code : String(e), { cause: e });
  }
  const s = opened.statement;
  if (s.t !== "connect") throw new BrokerError("LOGIN_MALFORMED", `a ${s.t} statement`);
  if (objectIdToText(s.obj) !== username) throw new BrokerError("LOGIN_WRONG_OBJECT");
  const now = ctx.now();
  const window = ctx.windowMs ?? 60_000;
  if (Math.abs(s.ts - now) > window) throw new BrokerError("LOGIN_STALE", `ts is ${s.ts - now} ms from now`);
  const rows = await ctx.projections(objectIdFromText(username));
  const key = rows.find((r) => r.kind === "key" && r.key === hex(opened.signer));
  const role = key?.value ? (JSON.parse(key.value) as { role?: string }).role : undefined;
  if (role !== "device") throw new BrokerError("LOGIN_KEY_NOT_BOUND");
  // The nonce is remembered only after the signature verified, so junk cannot fill the cache.
  const used = ctx.nonces.use(`${username}/${hex(s.nonce)}`, now);
  if (used === "replay") throw new BrokerError("LOGIN_REPLAY");
  if (used === "full") throw new BrokerError("LOGIN_BUSY");
  return { kind: "device", objectId: username };
}
