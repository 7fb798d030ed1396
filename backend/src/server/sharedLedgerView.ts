import type { LeasedLedger } from "../ingest/index.js";
import {
  type Accepted,
  type InclusionProof,
  type LedgerStore,
  nodeHasher,
  proveConsistency,
  proveInclusion,
  rootOf,
  type StatementLedger,
  type StoredCheckpoint,
} from "../ledger/index.js";

/**
 * What the passport API and the anchoring read of a ledger, over a PostgreSQL log that several
 * workers append to under the lease: appends go through the worker's `LeasedLedger`; size and latest
 * checkpoint are re-read from the store every `refreshMs` (and after each append), proofs are folded
 * from stored subtrees. It never writes a checkpoint itself — the lease holders do — and has no
 * `onAppended`, so the API's feed polls committed entries, including other workers' appends.
 */
export class SharedLedgerView {
  readonly logKey: Uint8Array;
  readonly log: SharedLog;
  readonly #leased: LeasedLedger;
  readonly #timer: NodeJS.Timeout;

  private constructor(leased: LeasedLedger, log: SharedLog, refreshMs: number) {
    this.#leased = leased;
    this.logKey = leased.logKey;
    this.log = log;
    this.#timer = setInterval(() => void log.refresh().catch(() => {}), refreshMs).unref();
  }

  /** Reads the store's size and latest checkpoint once, then keeps them fresh. */
  static async open(opts: {
    leased: LeasedLedger;
    origin: string;
    refreshMs?: number;
  }): Promise<SharedLedgerView> {
    const log = new SharedLog(opts.leased.log.store, opts.origin);
    await log.refresh();
    return new SharedLedgerView(opts.leased, log, opts.refreshMs ?? 250);
  }

  /** Appends under the lease; resolves once committed, with the view refreshed to include it. */
  async append(bytes: Uint8Array): Promise<Accepted> {
    const a = await this.#leased.append(bytes);
    await this.log.refresh();
    return a;
  }

  /** The shape the API and the anchor service take (they read only what this view has). */
  asStatementLedger(): StatementLedger {
    return this as unknown as StatementLedger;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
  }
}

/** The log part of the view: committed size and latest checkpoint from the store, proofs from subtrees. */
class SharedLog {
  readonly hasher = nodeHasher;
  committedSize = 0;
  latestCheckpoint: StoredCheckpoint | undefined;

  constructor(
    readonly store: LedgerStore,
    readonly origin: string,
  ) {}

  get size(): number {
    return this.committedSize;
  }

  async refresh(): Promise<void> {
    const [size, cp] = await Promise.all([this.store.size(), this.store.latestCheckpoint()]);
    this.committedSize = Math.max(this.committedSize, size);
    if (cp && (this.latestCheckpoint === undefined || cp.size >= this.latestCheckpoint.size))
      this.latestCheckpoint = cp;
  }

  /** A checkpoint covering what is committed: the lease holders issue it within ~1 s; wait up to 3 s. */
  async checkpoint(): Promise<StoredCheckpoint | undefined> {
    const until = Date.now() + 3000;
    await this.refresh();
    while ((this.latestCheckpoint?.size ?? 0) < this.committedSize && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      await this.refresh();
    }
    return this.latestCheckpoint;
  }

  inclusionProof(index: number, size = this.latestCheckpoint?.size ?? 0): Promise<InclusionProof> {
    return proveInclusion(this.store, { index, size, hasher: this.hasher });
  }

  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return proveConsistency(this.store, { size1, size2, hasher: this.hasher });
  }

  root(size: number): Promise<Uint8Array> {
    return rootOf(this.store, { size, hasher: this.hasher });
  }
}
