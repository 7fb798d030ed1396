import {
  ALG_EDDSA,
  type CborValue,
  createSign1,
  type DeviceStatement,
  type Ed25519Signer,
  encodeStatement,
  HEADER_ALG,
  HEADER_KID,
  sha256,
} from "@tet/schemas/device";
import { placeInChain } from "./placeInChain.js";

/** The head of a device's hash chain: the last seq signed and the SHA-256 of its bytes. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: Uint8Array;
}

/** The head before the first statement: seq 0, and 32 zero bytes as the `prev` of seq 1. */
export const GENESIS_HEAD: ChainHead = { seq: 0, hash: new Uint8Array(32) };

/** A device statement before it takes its place in the chain: everything but `seq` and `prev`. */
export type DeviceDraft = DeviceStatement extends infer S
  ? S extends DeviceStatement
    ? Omit<S, "seq" | "prev">
    : never
  : never;

/**
 * Validates a device statement and encodes it, once: the deterministic CBOR payload (RFC 8949
 * §4.2.1) with placeholder `seq` 1 and a zero `prev`, which the outbox stores as the draft and
 * `chainNext` signs with the real values put in place. Throws the schema's STATEMENT_* error for a
 * draft that is not a valid statement: this is the boundary where drivers' readings are checked.
 */
export function encodeDraft(draft: DeviceDraft): Uint8Array {
  return encodeStatement({ ...draft, seq: 1, prev: GENESIS_HEAD.hash } as DeviceStatement);
}

/**
 * Signs a draft payload (from `encodeDraft`) as the next link of the device hash chain (schemas
 * README, Statement kinds): `seq` = head.seq + 1 and `prev` = the SHA-256 of the previous
 * statement's bytes (32 zero bytes for seq 1), in a COSE_Sign1 with alg EdDSA and kid = the
 * signer's key (RFC 9052 §4.2, §4.4), as `signStatement` makes it. Returns the signed bytes — what
 * the outbox stores and the link sends — and the new head. Pure: the caller persists the head.
 */
export function chainNext(
  head: ChainHead,
  payload: Uint8Array,
  signer: Ed25519Signer,
): { bytes: Uint8Array; head: ChainHead } {
  const seq = head.seq + 1;
  const protectedHeader = new Map<CborValue, CborValue>([
    [HEADER_ALG, ALG_EDDSA],
    [HEADER_KID, signer.publicKey],
  ]);
  const bytes = createSign1({ protectedHeader, payload: placeInChain(payload, seq, head.hash), signer });
  return { bytes, head: { seq, hash: sha256(bytes) } };
}
