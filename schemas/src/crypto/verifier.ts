/**
 * One interface for Ed25519 verification with two implementations: node:crypto with cached
 * KeyObjects for the backend's hot path (`@tet/schemas/node`), and @noble/ed25519 for agents and
 * browsers (`nobleVerifier`). Both are strict RFC 8032 verifiers: they reject every Wycheproof
 * `invalid` case, including the ZIP-215 edge cases (non-canonical encodings, small-order keys).
 *
 * A bad signature is a value, not an exception: `verify` returns false for any signature, message or
 * key that does not verify, including keys and signatures of the wrong length.
 */
export interface Ed25519Verifier {
  /** A short name for tables and logs, e.g. "node:crypto". */
  readonly name: string;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/** Something that holds an Ed25519 private key and signs with it. */
export interface Ed25519Signer {
  /** The 32-byte public key. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}
