// The ingest: device statements from any broker into the ledger, in order, verified in worker
// threads; signed receipts, the authority chain and commands back on `down`; counters by code.
export { AUTHORITY_KINDS, AuthorityChain } from "./authorityChain.js";
export { DownChannel, type Downlink, type DownSync } from "./downChannel.js";
export { Ingest } from "./ingest.js";
export { INGEST_ERROR_CODES, IngestError, type IngestErrorCode, isIngestError } from "./ingestError.js";
export type { IngestOptions, IngestOutcome } from "./ingestOptions.js";
export { LeasedLedger, type LeasedLedgerOptions } from "./leasedLedger.js";
export { Counters, type MetricsSnapshot } from "./metrics.js";
export { type Head, ReceiptBook, type Refusal } from "./receiptBook.js";
export { SimulatedDevice } from "./simulatedDevice.js";
export {
  defaultVerifyEngine,
  defaultVerifyThreads,
  type VerifyEngine,
  VerifyPool,
  type VerifyPoolOptions,
} from "./verifyPool.js";
