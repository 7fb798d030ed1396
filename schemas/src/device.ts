/**
 * The wire contract as a device needs it: statements, deterministic CBOR, COSE_Sign1, identifiers
 * and topics, key files, errors. Import from `@tet/schemas/device` on a device: the package entry also
 * loads the transparency log, avatar addresses (`ip-address`) and the pure-JS Ed25519 (`@noble/ed25519`),
 * which a device that signs and verifies with node:crypto (`@tet/schemas/node`) never runs, and every
 * module loaded stays resident (about 1.5 MB for those three).
 */
export * from "./cbor/index.js";
export * from "./cose/index.js";
export * from "./crypto/hash.js";
export * from "./crypto/keyFile.js";
export type * from "./crypto/verifier.js";
export * from "./errors.js";
export { fromHex, hex } from "./hex.js";
export * from "./ids/didKey.js";
export * from "./ids/keyId.js";
export * from "./ids/objectId.js";
export * from "./ids/topics.js";
export * from "./statements/index.js";
