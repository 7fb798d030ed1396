import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import type { Ed25519Signer, Ed25519Verifier } from "./verifier.js";

// noble's synchronous API needs a SHA-512; @noble/hashes is pure and runs in browsers.
ed.hashes.sha512 = sha512;

/**
 * Ed25519 verification with @noble/ed25519 in its strict RFC 8032 mode (`zip215: false`), for
 * agents and browsers. About 900 verifies/s: never the backend's hot path (use `nodeVerifier` from
 * `@tet/schemas/node` there).
 */
export const nobleVerifier: Ed25519Verifier = {
  name: "@noble/ed25519",
  verify(signature, message, publicKey) {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    try {
      return ed.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false; // a key or signature that is not a curve point is simply not valid
    }
  },
};

/** A signer over a 32-byte RFC 8032 private key (the seed), with @noble/ed25519. */
export function nobleSigner(privateKey: Uint8Array): Ed25519Signer {
  const publicKey = ed.getPublicKey(privateKey);
  return { publicKey, sign: (message) => ed.sign(message, privateKey) };
}

/** A fresh 32-byte Ed25519 private key from the platform's secure random source. */
export function generatePrivateKey(): Uint8Array {
  return ed.utils.randomSecretKey();
}

/** The 32-byte public key of a 32-byte private key. */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(privateKey);
}
