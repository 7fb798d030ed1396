export { type FullPolicy, Outbox, type OutboxOptions, type OutboxStats } from "./outbox.js";
export type { GapTally } from "./outboxRecord.js";
export type { Signed } from "./outboxState.js";
