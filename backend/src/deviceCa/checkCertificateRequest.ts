import {
  type Ed25519Verifier,
  isTetError,
  objectIdFromText,
  objectIdToText,
  openStatement,
} from "@tet/schemas";
import type { NonceCache } from "../broker/index.js";
import { type ProjectionRow, projectionOf } from "../ledger/index.js";
import { DeviceCaError } from "./deviceCaError.js";

/** What `checkCertificateRequest` needs around it. */
export interface CertificateRequestContext {
  verifier: Ed25519Verifier;
  /** The object's projection rows (bound keys), from the ledger's store. */
  projections: (object: Uint8Array) => Promise<readonly ProjectionRow[]>;
  nonces: NonceCache;
  now: () => number;
  /** ± this many ms between the statement's ts and `now` (default 60,000). */
  windowMs?: number;
}

/** The largest request body: a connect statement is about 150 bytes. */
export const MAX_REQUEST_BYTES = 1024;

/**
 * Checks a device's certificate request: a `connect` statement (the same signed, timestamped,
 * single-use statement the embedded broker takes as a password) for `objectId`, signed by a key the
 * ledger binds to that object as a device key, `ts` within ±60 s, `nonce` never seen. Resolves to
 * the signing key — the key the certificate is for — or rejects with a DeviceCaError. The signature
 * proves possession of the key (as a PKCS #10 request would, RFC 2986 §3); the ledger, not the
 * request, says the key belongs to the object.
 */
export async function checkCertificateRequest(
  objectId: string,
  body: Uint8Array,
  ctx: CertificateRequestContext,
): Promise<Uint8Array> {
  if (body.length > MAX_REQUEST_BYTES) throw new DeviceCaError("CA_TOO_LARGE", `${body.length} bytes`);
  let opened: ReturnType<typeof openStatement>;
  try {
    opened = openStatement(body, { verifier: ctx.verifier, maxBytes: MAX_REQUEST_BYTES });
  } catch (e) {
    if (isTetError(e, "COSE_BAD_SIGNATURE")) throw new DeviceCaError("CA_BAD_SIGNATURE");
    throw new DeviceCaError("CA_MALFORMED", isTetError(e) ? e.code : String(e), { cause: e });
  }
  const s = opened.statement;
  if (s.t !== "connect") throw new DeviceCaError("CA_MALFORMED", `a ${s.t} statement`);
  if (objectIdToText(s.obj) !== objectId) throw new DeviceCaError("CA_WRONG_OBJECT");
  const now = ctx.now();
  if (Math.abs(s.ts - now) > (ctx.windowMs ?? 60_000))
    throw new DeviceCaError("CA_STALE", `ts is ${s.ts - now} ms from now`);
  const keyHex = Buffer.from(opened.signer).toString("hex");
  const rows = await ctx.projections(objectIdFromText(objectId));
  const row = rows.find((r) => r.kind === "key" && r.key === keyHex);
  const role = row && projectionOf(row, "key")?.role;
  if (role !== "device") throw new DeviceCaError("CA_KEY_NOT_BOUND");
  // Remembered only once the signature verified and the key is bound, so junk cannot fill the cache.
  const used = ctx.nonces.use(`ca/${objectId}/${Buffer.from(s.nonce).toString("hex")}`, now);
  if (used === "replay") throw new DeviceCaError("CA_REPLAY");
  if (used === "full") throw new DeviceCaError("CA_BUSY");
  return opened.signer;
}
