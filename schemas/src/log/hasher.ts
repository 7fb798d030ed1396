import { sha256 } from "@noble/hashes/sha2.js";

/** Size in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

/**
 * The two hash functions of an RFC 9162 Merkle tree. The pure core uses `rfc9162Hasher` (noble,
 * browser-safe); the backend passes a node:crypto implementation with identical output for speed.
 */
export interface LogHasher {
  /** MTH({d}) = SHA-256(0x00 || d). */
  leaf(data: Uint8Array): Uint8Array;
  /** SHA-256(0x01 || left || right). */
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
}

/** RFC 9162 hashing with @noble/hashes: works in Node and in browsers. */
export const rfc9162Hasher: LogHasher = {
  leaf(data) {
    const buf = new Uint8Array(1 + data.length);
    buf[0] = 0x00; // RFC 9162 §2.1.1: leaf hashes are domain-separated with 0x00
    buf.set(data, 1);
    return sha256(buf);
  },
  node(left, right) {
    const buf = new Uint8Array(1 + left.length + right.length);
    buf[0] = 0x01; // RFC 9162 §2.1.1: interior nodes are domain-separated with 0x01
    buf.set(left, 1);
    buf.set(right, 1 + left.length);
    return sha256(buf);
  },
};

/** The root of the empty tree: MTH({}) = SHA-256() (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** Hash of a leaf input with RFC 9162 domain separation (`rfc9162Hasher.leaf`). */
export function leafHash(data: Uint8Array): Uint8Array {
  return rfc9162Hasher.leaf(data);
}

/** Hash of an interior node from its two children (`rfc9162Hasher.node`). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return rfc9162Hasher.node(left, right);
}

/** Constant-shape byte comparison of two hashes (lengths must match too). */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
