// @tet/backend: the ledger (append-only store + Merkle log), the MQTT broker and ingest, the passport
// API and web UI, billing and anchoring, and the composition behind `tet-backend serve`.
export * from "./anchor/index.js";
export * from "./api/index.js";
export * from "./billing/index.js";
export * from "./broker/index.js";
export * from "./economy/index.js";
export * from "./errors/index.js";
export * from "./ingest/index.js";
// The event of a committed entry is the ledger's (the API re-exports it).
export type { AppendedEvent } from "./ledger/index.js";
export * from "./ledger/index.js";
export * from "./net/index.js";
export * from "./server/index.js";
