// The ledger: `Ledger`, the one interface the ingest, the API and billing use, over an append-only
// store (SQLite or PostgreSQL), the global RFC 9162 Merkle log with group commit and signed C2SP
// checkpoints, the acceptance rules of device chains and owner statements, projections rebuilt from
// the log, and the retention collector.
export { AppendedListeners } from "./appendedListeners.js";
export { authorize, type Decision } from "./authorize.js";
export { type ChainedBody, type ChainedDraft, signChained } from "./chained.js";
export { type CollectorRun, collectGarbage, PRUNABLE_KINDS, type RetentionPolicy } from "./collectGarbage.js";
export { deriveObjectView, replayEntry, type SkippedEntry } from "./deriveObjectView.js";
export { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
export type {
  Accepted,
  AppendedEvent,
  Ledger,
  LedgerLog,
  StatementInput,
} from "./ledger.js";
export { isLedgerError, LEDGER_ERROR_CODES, LedgerError, type LedgerErrorCode } from "./ledgerError.js";
export type {
  AppendBatch,
  EntryMeta,
  LedgerStore,
  ProjectionRow,
  PruneRule,
  StoredCheckpoint,
  StoredEntry,
} from "./ledgerStore.js";
export { type AuditRun, LogAudit, type LogAuditOptions } from "./logAudit.js";
export { LogIntegrity, type LogIntegrityOptions, type TrustedRoot } from "./logIntegrity.js";
export { MerkleLog } from "./merkleLog.js";
export type { LogAppend, MerkleLogOptions } from "./merkleLogOptions.js";
export { nodeHasher } from "./nodeHasher.js";
export { ObjectView, type ProjectionWrite, rowOf } from "./objectView.js";
export { openStore } from "./openStore.js";
export { PostgresStore } from "./postgresStore.js";
export { project } from "./project.js";
export {
  PROJECTION_CODECS,
  type ProjectionCodec,
  parseProjection,
  projectionOf,
  serialiseProjection,
} from "./projectionCodecs.js";
export type {
  AuthorityRow,
  HeadRow,
  KeyRow,
  ObjectRow,
  ProjectionKind,
  ProjectionValues,
  RatingRow,
  RelationRow,
  SeenRow,
  SettlementRow,
  StateRow,
  TariffRow,
  WarrantyRow,
} from "./projectionRows.js";
export { projectionDigest, type RebuildReport, rebuildProjections } from "./rebuild.js";
export {
  parseSettlementNote,
  SETTLEMENT_NOTE_PREFIX,
  type SettlementRecord,
  settlementNoteText,
} from "./settlementNote.js";
export { SqliteStore } from "./sqliteStore.js";
export { DEFAULT_CLOCK_SKEW_MS, StatementLedger, type StatementLedgerOptions } from "./statementLedger.js";
export { StoredLog } from "./storedLog.js";
export { type InclusionProof, proveConsistency, proveInclusion, rootOf } from "./storeProofs.js";
export { verifiedReads } from "./verifiedReads.js";
