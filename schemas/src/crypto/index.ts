// The portable crypto core every module of the wire contract may load: SHA-256, key files and the
// Ed25519 signer/verifier interfaces. The two implementations are not re-exported here, so that a
// module importing this folder loads neither: @noble/ed25519 (`./noble.ts`, from the package entry)
// and node:crypto (`./nodeCrypto.ts`, from `@tet/schemas/node`), which a browser cannot load.
export { sha256, sha256Concat } from "./hash.js";
export { decodeKeyFile, encodeKeyFile } from "./keyFile.js";
export type { Ed25519Signer, Ed25519Verifier } from "./verifier.js";
