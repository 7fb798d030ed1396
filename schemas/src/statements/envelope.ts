import type { CborValue } from "../cbor/index.js";
import { decodeStrict } from "../cbor/index.js";
import {
  ALG_EDDSA,
  createSign1,
  decodeSign1,
  HEADER_ALG,
  HEADER_KID,
  type Sign1Message,
} from "../cose/index.js";
import type { Ed25519Signer } from "../crypto/index.js";
import { TetError } from "../errors.js";

/** A signed statement's envelope, checked against the statement profile, with its payload decoded. */
export interface StatementEnvelope {
  readonly sign1: Sign1Message;
  /** The 32-byte Ed25519 public key from the protected `kid`. */
  readonly signer: Uint8Array;
  /** The payload, strictly decoded but not yet checked against any kind's schema. */
  readonly payload: CborValue;
}

/**
 * Decodes a statement's envelope from untrusted bytes, strictly and in order: size limit, strict
 * CBOR, the COSE_Sign1 structure, the header profile (alg -8 and a 32-byte kid protected, nothing
 * unprotected, a 64-byte signature), then the payload's strict CBOR. Every kind shares it: the
 * kinds of `KINDS` through `parseStatement`, and `plan` through `parsePlan`.
 */
export function parseEnvelope(
  bytes: Uint8Array,
  options: { maxBytes: number; views?: boolean },
): StatementEnvelope {
  const views = options.views ?? false;
  const sign1 = decodeSign1(bytes, { maxBytes: options.maxBytes, views });
  if (sign1.protectedHeader.get(HEADER_ALG) !== ALG_EDDSA) throw new TetError("COSE_BAD_ALG");
  const kid = sign1.protectedHeader.get(HEADER_KID);
  if (!(kid instanceof Uint8Array)) throw new TetError("COSE_MISSING_KID");
  if (kid.length !== 32) throw new TetError("COSE_BAD_HEADER", "kid is not a 32-byte Ed25519 key");
  // RFC 9052 §3: the unprotected bucket is not covered by the signature. The statement profile
  // allows nothing there, so that a statement's bytes are fixed by what its signer signed: an entry
  // added to old public bytes would otherwise make "new" bytes that still verify (issue 23).
  if (sign1.unprotectedHeader.size !== 0)
    throw new TetError("COSE_BAD_HEADER", "the unprotected header must be empty");
  if (sign1.signature.length !== 64) throw new TetError("COSE_BAD_SIGNATURE_LENGTH");
  const payload = decodeStrict(sign1.payload, { maxBytes: sign1.payload.length, tags: [], views });
  return { sign1, signer: kid, payload };
}

/**
 * Wraps an encoded payload in the statement profile's COSE_Sign1: protected header alg EdDSA (-8)
 * and kid = the signer's public key (RFC 9052 §4.2, §4.4), nothing unprotected.
 */
export function signEnvelope(payload: Uint8Array, signer: Ed25519Signer): Uint8Array {
  const protectedHeader = new Map<CborValue, CborValue>([
    [HEADER_ALG, ALG_EDDSA],
    [HEADER_KID, signer.publicKey],
  ]);
  return createSign1({ protectedHeader, payload, signer });
}
