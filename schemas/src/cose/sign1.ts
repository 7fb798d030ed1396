import { type CborValue, decodeStrict, encode, Tagged } from "../cbor/index.js";
import type { Ed25519Signer, Ed25519Verifier } from "../crypto/index.js";
import { TetError } from "../errors.js";

/** RFC 9052 §3.1 and RFC 9053 §2.2 labels used here. */
export const COSE_TAG_SIGN1 = 18;
export const HEADER_ALG = 1;
export const HEADER_CONTENT_TYPE = 3;
export const HEADER_KID = 4;
export const ALG_EDDSA = -8;

export type HeaderMap = Map<CborValue, CborValue>;

/** A decoded COSE_Sign1 (RFC 9052 §4.2), keeping the bytes as received for verification. */
export interface Sign1Message {
  /** The whole message as received: what the ledger stores and hashes. */
  readonly bytes: Uint8Array;
  /** The serialized protected header exactly as received (RFC 9052 §4.4 signs these bytes). */
  readonly protectedBytes: Uint8Array;
  readonly protectedHeader: HeaderMap;
  readonly unprotectedHeader: HeaderMap;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

export interface Sign1Input {
  protectedHeader: HeaderMap;
  unprotectedHeader?: HeaderMap;
  payload: Uint8Array;
  signer: Ed25519Signer;
  externalAad?: Uint8Array;
}

/**
 * Builds the `Sig_structure` of RFC 9052 §4.4 for a COSE_Sign1: the bytes that are signed and
 * verified. It is always built from the protected header bytes as received, never re-encoded.
 */
export function sigStructure(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  externalAad: Uint8Array = new Uint8Array(),
): Uint8Array {
  return encode(["Signature1", protectedBytes, externalAad, payload]);
}

/**
 * Signs a payload as a tagged COSE_Sign1 with Ed25519 (RFC 9052 §4.2, §4.4; alg -8 per RFC 9053
 * §2.2). The header maps are encoded deterministically.
 */
export function createSign1(input: Sign1Input): Uint8Array {
  // RFC 9052 §3: an empty protected header is the zero-length byte string.
  const protectedBytes = input.protectedHeader.size === 0 ? new Uint8Array() : encode(input.protectedHeader);
  const toSign = sigStructure(protectedBytes, input.payload, input.externalAad);
  const signature = input.signer.sign(toSign);
  return encode(
    new Tagged(COSE_TAG_SIGN1, [
      protectedBytes,
      input.unprotectedHeader ?? new Map(),
      input.payload,
      signature,
    ]),
  );
}

/**
 * Decodes a COSE_Sign1 from untrusted bytes: strict CBOR first (size limit, canonical form), then
 * the RFC 9052 §4.2 structure. Throws TetError (CBOR_* or COSE_*) on any defect; the signature is
 * not checked here (see `verifySign1`).
 */
export function decodeSign1(
  bytes: Uint8Array,
  options: { maxBytes?: number; views?: boolean } = {},
): Sign1Message {
  const top = decodeStrict(bytes, {
    maxBytes: options.maxBytes ?? 64 * 1024,
    tags: [COSE_TAG_SIGN1],
    views: options.views ?? false,
  });
  // RFC 9052 §4.2: COSE_Sign1_Tagged = #6.18(COSE_Sign1); we accept only the tagged form.
  if (!(top instanceof Tagged) || top.tag !== COSE_TAG_SIGN1)
    throw new TetError("COSE_NOT_SIGN1", "missing tag 18");
  const parts = top.value;
  if (!Array.isArray(parts) || parts.length !== 4)
    throw new TetError("COSE_NOT_SIGN1", "not a four-element array");
  const [protectedBytes, unprotectedHeader, payload, signature] = parts;
  if (!(protectedBytes instanceof Uint8Array))
    throw new TetError("COSE_BAD_HEADER", "protected is not a bstr");
  if (!(unprotectedHeader instanceof Map)) throw new TetError("COSE_BAD_HEADER", "unprotected is not a map");
  if (payload === null) throw new TetError("COSE_DETACHED_PAYLOAD");
  if (!(payload instanceof Uint8Array)) throw new TetError("COSE_NOT_SIGN1", "payload is not a bstr");
  if (!(signature instanceof Uint8Array)) throw new TetError("COSE_NOT_SIGN1", "signature is not a bstr");
  let protectedHeader: HeaderMap = new Map();
  if (protectedBytes.length > 0) {
    let decoded: CborValue;
    try {
      decoded = decodeStrict(protectedBytes, { tags: [], views: options.views ?? false });
    } catch (cause) {
      throw new TetError("COSE_BAD_HEADER", "protected header is not strict CBOR", { cause });
    }
    if (!(decoded instanceof Map)) throw new TetError("COSE_BAD_HEADER", "protected header is not a map");
    protectedHeader = decoded;
  }
  // RFC 9052 §3: a label must not appear in both buckets.
  for (const label of unprotectedHeader.keys()) {
    if (protectedHeader.has(label))
      throw new TetError("COSE_BAD_HEADER", `label ${String(label)} in both headers`);
  }
  return { bytes, protectedBytes, protectedHeader, unprotectedHeader, payload, signature };
}

/**
 * Verifies a decoded COSE_Sign1 with Ed25519 over the protected bytes as received. The algorithm
 * must be EdDSA (-8) in the protected header. The key is `publicKey` when given, else the protected
 * `kid`, which in this system is the signer's 32-byte public key. Returns false for a signature that
 * does not verify; throws TetError only for a message that cannot be checked at all (wrong alg, no
 * key, a signature that is not 64 bytes).
 */
export function verifySign1(
  msg: Sign1Message,
  options: { verifier: Ed25519Verifier; publicKey?: Uint8Array; externalAad?: Uint8Array },
): boolean {
  if (msg.protectedHeader.get(HEADER_ALG) !== ALG_EDDSA) throw new TetError("COSE_BAD_ALG");
  if (msg.signature.length !== 64)
    throw new TetError("COSE_BAD_SIGNATURE_LENGTH", `${msg.signature.length} bytes`);
  const key = options.publicKey ?? protectedKid(msg);
  const toVerify = sigStructure(msg.protectedBytes, msg.payload, options.externalAad);
  return options.verifier.verify(msg.signature, toVerify, key);
}

/** The `kid` of the protected header (RFC 9052 §3.1, label 4), or throws COSE_MISSING_KID. */
export function protectedKid(msg: Sign1Message): Uint8Array {
  const kid = msg.protectedHeader.get(HEADER_KID);
  if (!(kid instanceof Uint8Array)) throw new TetError("COSE_MISSING_KID");
  return kid;
}
