import type { Ed25519Signer, LogHasher } from "@tet/schemas";
import type { EntryMeta, LedgerStore, PruneRule, StoredCheckpoint } from "./ledgerStore.js";
import type { ProjectionWrite } from "./objectView.js";

/** Configuration of a `MerkleLog`. */
export interface MerkleLogOptions {
  store: LedgerStore;
  /** The log's identity, first line of every checkpoint (C2SP tlog-checkpoint origin). */
  origin: string;
  /** The log's Ed25519 key that signs checkpoints. */
  signer: Ed25519Signer;
  /** A batch closes at this many entries (default 1,000). */
  batchSize?: number;
  /** …or this many ms after its first entry (default 5). */
  batchMs?: number;
  /** A checkpoint is issued every this many entries (default 10,000)… */
  checkpointEvery?: number;
  /** …or this many ms after the last one when entries are waiting (default 1,000). */
  checkpointMs?: number;
  hasher?: LogHasher;
  now?: () => number;
  /** Called after each checkpoint is committed (e.g. to anchor it on chain or publish it). */
  onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
}

/** One entry to append: its exact statement bytes, its metadata, and the derived writes that go with it. */
export interface LogAppend extends EntryMeta {
  bytes: Uint8Array;
  projections?: ProjectionWrite[];
  /** Rules to record with this entry; `pruneIndex` is filled in with the entry's own index. */
  pruneRules?: Omit<PruneRule, "pruneIndex">[];
}
