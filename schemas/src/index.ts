export * from "./cbor/index.js";
export * from "./cose/index.js";
export { sha256, sha256Concat } from "./crypto/hash.js";
export { generatePrivateKey, nobleSigner, nobleVerifier, publicKeyOf } from "./crypto/noble.js";
export type { Ed25519Signer, Ed25519Verifier } from "./crypto/verifier.js";
export * from "./errors.js";
export * from "./ids/index.js";
export * from "./log/index.js";
export * from "./statements/index.js";
