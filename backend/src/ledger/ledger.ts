import type { LogHasher, ParsedStatement, Statement } from "@tet/schemas";
import type { LedgerStore, StoredCheckpoint } from "./ledgerStore.js";
import type { InclusionProof } from "./storeProofs.js";

/**
 * A statement for `Ledger.append`: its exact signed bytes, which the ledger parses strictly and whose
 * signature it verifies, or a statement the caller has already parsed strictly (`parseStatement`) and
 * whose COSE signature it has verified — the MQTT ingest, on its worker threads — which the ledger
 * then neither parses nor verifies again. Both go through the same acceptance rules and give the
 * same log entry.
 */
export type StatementInput = Uint8Array | { readonly verified: ParsedStatement };

/** The outcome of an accepted append: the entry's log index, and whether it was already there. */
export interface Accepted {
  index: number;
  duplicate: boolean;
}

/** A statement the ledger has durably appended (a new entry, not a duplicate). */
export interface AppendedEvent {
  index: number;
  bytes: Uint8Array;
  statement: Statement;
  /** The object it is about (its own id for a genesis); absent for log-wide statements (prune). */
  object?: Uint8Array;
}

/**
 * The Merkle log as its readers see it: committed size, signed checkpoints and proofs, all folded
 * from the store's stored subtrees. `MerkleLog` (the single writer) is one; `StoredLog` (a log other
 * processes append to) another.
 */
export interface LedgerLog {
  readonly store: LedgerStore;
  /** The log's identity, first line of every checkpoint (C2SP tlog-checkpoint origin). */
  readonly origin: string;
  /** The RFC 9162 hash functions in use. */
  readonly hasher: LogHasher;
  /** Entries appended so far (committed, or staged in this process's open batch). */
  readonly size: number;
  /** Entries durably committed. */
  readonly committedSize: number;
  /** The latest committed checkpoint. */
  readonly latestCheckpoint: StoredCheckpoint | undefined;
  /** A checkpoint covering everything committed so far (issued now, or by the writer shortly). */
  checkpoint(): Promise<StoredCheckpoint | undefined>;
  /** The inclusion proof of entry `index` in the committed tree of `size` entries (RFC 9162 §2.1.3.1). */
  inclusionProof(index: number, size?: number): Promise<InclusionProof>;
  /** The consistency proof between committed trees of `size1` and `size2` entries (RFC 9162 §2.1.4.1). */
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]>;
  /** The root of the committed tree of `size` entries. */
  root(size: number): Promise<Uint8Array>;
}

/**
 * The ledger as the ingest, the passport API, billing and anchoring use it: signed statements in, log
 * indexes out, a feed of what was appended, and the log to read and prove from. `StatementLedger` (one
 * writer), `LeasedLedger` (a worker appending under a PostgreSQL lease) and `SharedLedgerView` (what
 * a worker's API reads of a log shared by several workers) implement it.
 *
 * @example
 * const { index, duplicate } = await ledger.append(bytes);
 * const off = ledger.onAppended((e) => console.log(e.index, e.statement.t));
 */
export interface Ledger {
  /** The log key's public half: it signs checkpoints, receipts and the log's own statements. */
  readonly logKey: Uint8Array;
  readonly log: LedgerLog;
  /**
   * Accepts one signed statement and resolves once it is durably in the log (or was already:
   * `duplicate`). Rejects with `LedgerError` (INVALID_STATEMENT, BAD_SIGNATURE, SEQ_GAP, CHAIN_FORK,
   * REPLAY, KEY_NOT_BOUND, NOT_OWNER, UNKNOWN_OBJECT, …).
   */
  append(statement: StatementInput): Promise<Accepted>;
  /**
   * Calls `listener` for every new entry once it is committed; returns the unsubscribe. Which
   * entries each implementation sees is part of its contract (its own appends, or the whole log's).
   */
  onAppended(listener: (e: AppendedEvent) => void): () => void;
  /** Waits for what is in flight; the store stays open (the caller owns it). */
  close(): Promise<void>;
}
