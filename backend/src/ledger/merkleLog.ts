import {
  CompactRange,
  type Ed25519Signer,
  type LogHasher,
  signCheckpoint,
  type TreeNode,
} from "@tet/schemas";
import { LedgerError } from "./ledgerError.js";
import { type LedgerStore, STORED_MIN_LEVEL, type StoredCheckpoint } from "./ledgerStore.js";
import type { LogAppend, MerkleLogOptions } from "./merkleLogOptions.js";
import { nodeHasher } from "./nodeHasher.js";
import { emptyBatch, emptyPending, type Pending, putWrite, takeWrites } from "./pendingBatch.js";
import { type InclusionProof, proveConsistency, proveInclusion, rootOf } from "./storeProofs.js";

/** A batch is handed to a staging store in parts of this many entries while it fills. */
const STAGE_PART = 2000;

/**
 * The global Merkle log with group commit. `append` assigns the next index at once and resolves only
 * after the batch holding the entry is committed; batches close at `batchSize` entries or `batchMs`.
 * Every complete subtree hash is stored with its batch, so inclusion and consistency proofs read
 * O(log n) rows and never rebuild the tree. Checkpoints are signed C2SP notes issued with a batch
 * every `checkpointEvery` entries or `checkpointMs`; each is the root of a prefix of the same
 * append-only tree, hence consistent with all earlier ones. One `MerkleLog` is the single writer of a store.
 */
export class MerkleLog {
  readonly store: LedgerStore;
  readonly origin: string;
  readonly #opts: Required<Omit<MerkleLogOptions, "store" | "origin" | "signer" | "onCheckpoint">>;
  readonly #onCheckpoint: ((checkpoint: StoredCheckpoint) => void) | undefined;
  readonly #signer: Ed25519Signer;
  readonly #range: CompactRange;
  #pending: Pending;
  #committing: Promise<void> = Promise.resolve();
  #batchTimer: NodeJS.Timeout | undefined;
  #checkpointTimer: NodeJS.Timeout | undefined;
  #latest: StoredCheckpoint | undefined;
  #failed: unknown;
  readonly #failureListeners = new Set<(error: unknown) => void>();
  #closed = false;
  #committed: number;

  private constructor(opts: MerkleLogOptions, range: CompactRange, latest: StoredCheckpoint | undefined) {
    this.store = opts.store;
    this.origin = opts.origin;
    this.#signer = opts.signer;
    this.#onCheckpoint = opts.onCheckpoint;
    this.#range = range;
    this.#latest = latest;
    this.#committed = range.size;
    this.#issuedSize = latest?.size ?? 0;
    this.#pending = emptyPending(range.size);
    this.#opts = {
      batchSize: opts.batchSize ?? 1000,
      batchMs: opts.batchMs ?? 5,
      checkpointEvery: opts.checkpointEvery ?? 10_000,
      checkpointMs: opts.checkpointMs ?? 1000,
      hasher: opts.hasher ?? nodeHasher,
      now: opts.now ?? Date.now,
    };
  }

  /** Opens the log over a store: reads its size and the O(log n) edge hashes, nothing else. */
  static async open(opts: MerkleLogOptions): Promise<MerkleLog> {
    const size = await opts.store.size();
    const edge = await opts.store.subtrees(CompactRange.edgeKeys(size));
    const range = CompactRange.fromEdge(size, edge, opts.hasher ?? nodeHasher);
    const ledger = new MerkleLog(opts, range, await opts.store.latestCheckpoint());
    if (ledger.#latest === undefined || ledger.#latest.size < size) ledger.#armCheckpointTimer();
    return ledger;
  }

  /**
   * The store error that closed the log for good (a commit that failed: what was staged after it is
   * lost, so appends are refused from then on), or undefined while it works. Readiness reports it.
   */
  get failure(): unknown {
    return this.#failed;
  }

  /**
   * Calls `listener` once when a commit fails and the log closes for good; returns the unsubscribe.
   * The backend exits then, so that its supervisor restarts it on what is committed.
   */
  onFailure(listener: (error: unknown) => void): () => void {
    this.#failureListeners.add(listener);
    return () => this.#failureListeners.delete(listener);
  }

  /** Entries appended so far, committed or waiting in the open batch. */
  get size(): number {
    return this.#range.size;
  }

  /** The RFC 9162 hash functions in use. */
  get hasher(): LogHasher {
    return this.#opts.hasher;
  }

  /** Entries durably committed. */
  get committedSize(): number {
    return this.#committed;
  }

  /** The latest committed checkpoint. */
  get latestCheckpoint(): StoredCheckpoint | undefined {
    return this.#latest;
  }

  /**
   * Stages one entry and returns its index once the batch holding it is durably committed. The index
   * is assigned synchronously, in call order.
   */
  append(entry: LogAppend): Promise<number> {
    if (this.#closed || this.#failed !== undefined) {
      return Promise.reject(new LedgerError("LEDGER_CLOSED", undefined, { cause: this.#failed }));
    }
    const index = this.#range.size;
    const leafHash = this.#opts.hasher.leaf(entry.bytes);
    const nodes = this.#range.append(leafHash);
    const pending = this.#pending;
    const { batch, waiters } = pending;
    const { bytes, object, seq, kind, ts } = entry;
    batch.entries.push({ index, leafHash, bytes, object, seq, kind, ts });
    for (let i = STORED_MIN_LEVEL; i < nodes.length; i++) batch.nodes.push(nodes[i] as TreeNode);
    if (entry.projections) for (const w of entry.projections) putWrite(pending, w);
    for (const r of entry.pruneRules ?? []) batch.pruneRules.push({ ...r, pruneIndex: index });
    // No closure per entry beyond the executor: the index is passed when the batch commits.
    const done = new Promise<number>((resolve, reject) => {
      waiters.push({ resolve, reject });
    });
    if (waiters.length >= this.#opts.batchSize) this.#closeBatch();
    else {
      this.#batchTimer ??= setTimeout(() => this.#closeBatch(), this.#opts.batchMs);
      // A store that takes parts inserts this one while the rest of the batch is hashed.
      if (batch.entries.length >= STAGE_PART && this.store.stage && this.#failed === undefined) {
        takeWrites(pending);
        this.store.stage(batch);
        pending.batch = emptyBatch();
      }
    }
    return done;
  }

  /** Closes the open batch now and waits until everything appended so far is committed. */
  async flush(): Promise<void> {
    this.#closeBatch();
    await this.#committing;
    if (this.#failed !== undefined) throw new LedgerError("STORE_FAILED", undefined, { cause: this.#failed });
  }

  /** Issues a checkpoint for everything appended so far (if newer than the latest) and returns it. */
  async checkpoint(): Promise<StoredCheckpoint | undefined> {
    this.#closeBatch(true);
    await this.flush();
    return this.#latest;
  }

  #closeBatch(forceCheckpoint = false): void {
    clearTimeout(this.#batchTimer);
    this.#batchTimer = undefined;
    const pending = this.#pending;
    const { batch, waiters, first } = pending;
    const size = this.#range.size;
    const latestSize = this.#issuedSize;
    const due =
      size > latestSize &&
      (forceCheckpoint || size - latestSize >= this.#opts.checkpointEvery || this.#checkpointDue);
    if (waiters.length === 0 && !due) return;
    takeWrites(pending);
    this.#pending = emptyPending(size);
    if (due) {
      const root = this.#range.root();
      const note = signCheckpoint({ origin: this.origin, size, root }, { signer: this.#signer });
      batch.checkpoint = { size, root, note, issuedAt: this.#opts.now() };
      this.#issuedSize = size;
      this.#checkpointDue = false;
    }
    // Batches commit one after another, in index order; the next one fills while this one is written.
    // A store with one ordered writer queue gets the batch now, so its writer starts on it the moment
    // the previous commit ends instead of after a round trip through this thread.
    // A batch with staged parts is always finished, so the store's open transaction ends (rolled
    // back if anything failed before it).
    let written: Promise<void> | undefined;
    const staged = waiters.length > batch.entries.length;
    if (this.store.ordered && (this.#failed === undefined || staged)) {
      written = this.store.append(batch);
      written.catch(() => undefined); // observed below, in commit order
    }
    this.#committing = this.#committing.then(async () => {
      if (this.#failed !== undefined) {
        const error = new LedgerError("STORE_FAILED", undefined, { cause: this.#failed });
        for (const w of waiters) w.reject(error);
        return;
      }
      try {
        await (written ?? this.store.append(batch));
      } catch (e) {
        this.#failed = e;
        const error = new LedgerError("STORE_FAILED", String(e), { cause: e });
        for (const w of waiters) w.reject(error);
        for (const l of this.#failureListeners) l(e);
        return;
      }
      this.#committed += waiters.length;
      if (batch.checkpoint) {
        this.#latest = batch.checkpoint;
        clearTimeout(this.#checkpointTimer);
        this.#checkpointTimer = undefined;
        try {
          this.#onCheckpoint?.(batch.checkpoint);
        } catch {
          // The checkpoint is committed; a failing listener must not stall the commit chain.
        }
      }
      if (this.#latest === undefined || this.#latest.size < this.#range.size) this.#armCheckpointTimer();
      for (let i = 0; i < waiters.length; i++) waiters[i]?.resolve(first + i);
    });
  }

  #checkpointDue = false;
  /** Size of the last checkpoint put into a batch (committed or not). */
  #issuedSize = 0;

  #armCheckpointTimer(): void {
    if (this.#checkpointTimer !== undefined || this.#closed) return;
    this.#checkpointTimer = setTimeout(() => {
      this.#checkpointTimer = undefined;
      this.#checkpointDue = true;
      this.#closeBatch();
    }, this.#opts.checkpointMs);
    this.#checkpointTimer.unref();
  }

  /**
   * The inclusion proof of entry `index` in the committed tree of `size` entries (default: the
   * latest checkpoint), from stored subtree hashes (RFC 9162 §2.1.3.1).
   */
  async inclusionProof(index: number, size = this.#latest?.size ?? 0): Promise<InclusionProof> {
    this.#committedUpTo(size);
    return proveInclusion(this.store, { index, size, hasher: this.#opts.hasher });
  }

  /** The consistency proof between committed trees of `size1` and `size2` entries (RFC 9162 §2.1.4.1). */
  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    this.#committedUpTo(size2);
    return proveConsistency(this.store, { size1, size2, hasher: this.#opts.hasher });
  }

  /** The root of the committed tree of `size` entries, folded from O(log n) stored subtrees. */
  async root(size: number): Promise<Uint8Array> {
    this.#committedUpTo(size);
    return rootOf(this.store, { size, hasher: this.#opts.hasher });
  }

  #committedUpTo(size: number): void {
    if (size > this.#committed) throw new LedgerError("NOT_FOUND", `tree of size ${size} is not committed`);
  }

  /** Commits what is pending and stops the timers; the store stays open (the caller owns it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush().catch(() => undefined);
    this.#closed = true;
    clearTimeout(this.#checkpointTimer);
    clearTimeout(this.#batchTimer);
  }
}
