import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** SHA-256 (FIPS 180-4) of `data`; pure JavaScript so it runs in agents and browsers alike. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** SHA-256 over the concatenation of several byte strings, without copying them together. */
export function sha256Concat(...parts: Uint8Array[]): Uint8Array {
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}
