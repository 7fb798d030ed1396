import type { Ed25519Signer, Ed25519Verifier } from "@tet/schemas";
import pg from "pg";
import {
  type Accepted,
  type AppendedEvent,
  AppendedListeners,
  isLedgerError,
  type Ledger,
  type LedgerStore,
  type StatementInput,
  StatementLedger,
  StoredLog,
} from "../ledger/index.js";

/** Configuration of a `LeasedLedger`. */
export interface LeasedLedgerOptions {
  /** The shared PostgreSQL store (every worker opens its own `PostgresStore` on the same database). */
  store: LedgerStore;
  /** The same database, for the advisory lock that serialises writers. */
  pg: string;
  origin: string;
  signer: Ed25519Signer;
  verifier: Ed25519Verifier;
  /** A SEQ_GAP is retried in later leases for this long (default 10,000 ms): its predecessor may be at another worker. */
  gapRetryMs?: number;
  /** A checkpoint is issued in a lease when the last one is older than this (default 1,000 ms). */
  checkpointMs?: number;
  /** Timestamp tolerance of the acceptance rules (`StatementLedgerOptions.clockSkewMs`). */
  clockSkewMs?: number;
  now?: () => number;
}

interface Item {
  statement: StatementInput;
  since: number;
  resolve: (a: Accepted) => void;
  reject: (e: unknown) => void;
}

const LOCK_KEY = 0x7e7_1e6; // the advisory lock id of the ledger writer lease

/**
 * A ledger shared by several backend processes (external-broker mode, one PostgreSQL): the `Ledger`
 * is a single writer, so each worker appends under a lease — `pg_advisory_lock`, open the log at
 * its current size (O(log n) reads), append everything queued in one group commit, close, unlock.
 * Statements of one device may reach different workers (a shared subscription deals messages
 * round-robin), so a SEQ_GAP is parked and retried in the next leases for `gapRetryMs` before it
 * is refused: its predecessor is usually being appended by another worker. `onAppended` tells of
 * this worker's own appends (each once, by the worker that made it); `log` is the store's log as of
 * the last lease.
 */
export class LeasedLedger implements Ledger {
  readonly logKey: Uint8Array;
  readonly log: StoredLog;
  readonly #listeners = new AppendedListeners();
  readonly #opts: LeasedLedgerOptions;
  readonly #lock: pg.Client;
  #queue: Item[] = [];
  #running: Promise<void> | undefined;
  #lastCheckpoint = 0;
  /** Leases taken so far. */
  leases = 0;

  private constructor(opts: LeasedLedgerOptions, lock: pg.Client) {
    this.#opts = opts;
    this.#lock = lock;
    this.logKey = opts.signer.publicKey;
    this.log = new StoredLog(opts.store, opts.origin);
  }

  static async open(opts: LeasedLedgerOptions): Promise<LeasedLedger> {
    const lock = new pg.Client({ connectionString: opts.pg });
    await lock.connect();
    const leased = new LeasedLedger(opts, lock);
    await leased.log.refresh();
    return leased;
  }

  /** Queues one statement for the next lease; resolves once it is committed (or refused). */
  append(statement: StatementInput): Promise<Accepted> {
    const now = (this.#opts.now ?? Date.now)();
    return new Promise((resolve, reject) => {
      this.#queue.push({ statement, since: now, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Calls `listener` for each statement this worker's leases commit; returns the unsubscribe. */
  onAppended(listener: (e: AppendedEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const parked = await this.#lease(this.#queue.splice(0));
        this.#queue.unshift(...parked);
        // Only parked gaps left: give the other workers a moment to commit their predecessors.
        if (parked.length > 0 && this.#queue.length === parked.length)
          await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      this.#running = undefined;
    }
  }

  /** One lease: lock, open, append in order, commit, unlock. Returns the gaps to retry. */
  async #lease(items: Item[]): Promise<Item[]> {
    const o = this.#opts;
    const now = o.now ?? Date.now;
    await this.#lock.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    const parked: Item[] = [];
    try {
      this.leases++;
      const ledger = await StatementLedger.open({
        store: o.store,
        origin: o.origin,
        signer: o.signer,
        verifier: o.verifier,
        batchSize: 100_000,
        batchMs: 1,
        ...(o.clockSkewMs === undefined ? {} : { clockSkewMs: o.clockSkewMs }),
      });
      const appended: AppendedEvent[] = [];
      const off = ledger.onAppended((e) => appended.push(e));
      const settled = await Promise.allSettled(items.map((it) => ledger.append(it.statement)));
      if (now() - this.#lastCheckpoint > (o.checkpointMs ?? 1000)) {
        await ledger.log.checkpoint();
        this.#lastCheckpoint = now();
      }
      await ledger.close();
      off();
      this.log.observe(ledger.log.committedSize, ledger.log.latestCheckpoint);
      for (const e of appended) this.#listeners.emit(e);
      for (const [i, r] of settled.entries()) {
        const it = items[i] as Item;
        if (r.status === "fulfilled") it.resolve(r.value);
        else if (isLedgerError(r.reason, "SEQ_GAP") && now() - it.since < (o.gapRetryMs ?? 10_000))
          parked.push(it);
        else it.reject(r.reason);
      }
    } catch (e) {
      for (const it of items) it.reject(e);
    } finally {
      await this.#lock.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
    return parked;
  }

  /** Waits for queued statements, then releases the lock connection. */
  async close(): Promise<void> {
    await this.#running;
    await this.#lock.end();
  }
}
