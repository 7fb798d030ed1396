import { didKeyFromPublicKey } from "../ids/index.js";
import { nobleSigner } from "../index.js";

/**
 * The fixed test keys and values every example statement is made of (examples.ts, legacyExamples.ts):
 * owner, device, issuer and log keys from constant seeds, one object, one timestamp, and the hashes
 * the chained kinds name. Changing any of them changes the saved fixtures' bytes.
 */
export const ownerKey = nobleSigner(new Uint8Array(32).fill(1));
export const deviceKey = nobleSigner(new Uint8Array(32).fill(2));
export const issuerKey = nobleSigner(new Uint8Array(32).fill(3));
export const logKey = nobleSigner(new Uint8Array(32).fill(4));
export const owner = didKeyFromPublicKey(ownerKey.publicKey);
export const buyer = didKeyFromPublicKey(nobleSigner(new Uint8Array(32).fill(5)).publicKey);
export const issuer = didKeyFromPublicKey(issuerKey.publicKey);
export const obj = Uint8Array.from(Buffer.from("8d6f0a7e3c1b5a49e2d7c4b6a1f03e58", "hex"));
export const ts = 1_795_000_000_000; // 2026-11-18T…Z
export const prev = Uint8Array.from(
  Buffer.from("5c1f0e2b9a8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffeed", "hex"),
);
/** SHA-256 of the bytes of the object's previous authority statement (the chained kinds' `prev`). */
export const authorityPrev = Uint8Array.from(
  Buffer.from("9b2e61d0c4a8f3157e6d2b90a1c4e7f8035b6d9c2e1f4a7b8c0d3e6f9a2b5c8d", "hex"),
);
export const hash = Uint8Array.from(
  Buffer.from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex"),
);
