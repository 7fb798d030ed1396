export {
  Outbox,
  type OutboxOptions,
  type OutboxStats,
  type Reconciliation,
} from "./outbox.js";
export type { GapTally } from "./outboxRecord.js";
export type { Signed } from "./outboxState.js";
export type { DraftProof, LogHead } from "./planRebase.js";
export type { FullPolicy } from "./planRoom.js";
export type { SegmentDamage } from "./segmentFile.js";
