/**
 * Node-only parts of the wire contract: the node:crypto Ed25519 verifier and signer for the
 * backend's hot path. Import from `@tet/schemas/node`; browsers and agents use `nobleVerifier`.
 */
export { nodeSigner, nodeVerifier } from "./crypto/nodeCrypto.js";
