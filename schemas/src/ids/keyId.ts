import { TetError } from "../errors.js";
import { hex } from "../hex.js";

/**
 * Key ids. In this system the COSE `kid` (RFC 9052 §3.1, label 4) of every statement is the signer's
 * raw 32-byte Ed25519 public key: any statement can be verified on its own, offline, and authority
 * is decided separately (is this key bound to the object, is it the current owner). A key's short
 * text id, for logs and tables, is the first 8 bytes in hex.
 */
export function keyIdFromPublicKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32)
    throw new TetError("KEY_INVALID", `Ed25519 public key is ${publicKey.length} bytes`);
  return publicKey;
}

/** A short, human-readable id for a public key: the first 8 bytes in lowercase hex. */
export function shortKeyId(publicKey: Uint8Array): string {
  return hex(publicKey.subarray(0, 8));
}

/** Byte-wise equality of two keys or ids. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
