import { objectIdFromGenesis, parseStatement } from "@tet/schemas";
import type { LeasedLedger } from "../ingest/index.js";
import {
  type Accepted,
  type AppendedEvent,
  AppendedListeners,
  type Ledger,
  type StatementInput,
  type StoredLog,
} from "../ledger/index.js";

/**
 * The `Ledger` the passport API and the anchoring of a worker use over a PostgreSQL log that several
 * workers append to under the lease: appends go through the worker's `LeasedLedger`; its log's size
 * and latest checkpoint are re-read from the store every `refreshMs` (and after each append). It
 * never writes a checkpoint itself — the lease holders do. `onAppended` tells of every worker's
 * appends: while anyone listens, the entries the refreshed size adds are read from the store every `pollMs`.
 */
export class SharedLedgerView implements Ledger {
  readonly logKey: Uint8Array;
  readonly log: StoredLog;
  readonly #leased: LeasedLedger;
  readonly #timer: NodeJS.Timeout;
  readonly #pollMs: number;
  readonly #listeners = new AppendedListeners();
  #poller: NodeJS.Timeout | undefined;
  /** The next index to tell listeners of. */
  #next = 0;
  #polling = false;

  private constructor(leased: LeasedLedger, opts: { refreshMs: number; pollMs: number }) {
    this.#leased = leased;
    this.logKey = leased.logKey;
    this.log = leased.log;
    this.#pollMs = opts.pollMs;
    this.#timer = setInterval(() => void this.log.refresh().catch(() => {}), opts.refreshMs).unref();
  }

  /** Reads the store's size and latest checkpoint once, then keeps them fresh. */
  static async open(opts: {
    leased: LeasedLedger;
    refreshMs?: number;
    pollMs?: number;
  }): Promise<SharedLedgerView> {
    await opts.leased.log.refresh();
    return new SharedLedgerView(opts.leased, {
      refreshMs: opts.refreshMs ?? 250,
      pollMs: opts.pollMs ?? 100,
    });
  }

  /** Appends under the lease; resolves once committed, with the view refreshed to include it. */
  async append(statement: StatementInput): Promise<Accepted> {
    const a = await this.#leased.append(statement);
    await this.log.refresh();
    return a;
  }

  /** Calls `listener` for every entry committed from now on, by any worker; returns the unsubscribe. */
  onAppended(listener: (e: AppendedEvent) => void): () => void {
    if (this.#listeners.size === 0) {
      this.#next = Math.max(this.#next, this.log.committedSize);
      this.#poller = setInterval(() => void this.#poll().catch(() => {}), this.#pollMs).unref();
    }
    const off = this.#listeners.add(listener);
    return () => {
      off();
      if (this.#listeners.size === 0) clearInterval(this.#poller);
    };
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      while (this.#next < this.log.committedSize) {
        // Only what the view's log has committed: the store may already hold rows past it (another
        // worker's append not yet refreshed), and an event must not run ahead of `log.committedSize`.
        const size = this.log.committedSize;
        const entries = await this.log.store.entries(this.#next, Math.min(1000, size - this.#next));
        if (entries.length === 0) break;
        for (const e of entries) {
          this.#next = e.index + 1;
          if (e.bytes === null) continue; // pruned before it was read
          const statement = parseStatement(e.bytes).statement;
          const object = statement.t === "genesis" ? objectIdFromGenesis(e.bytes) : (e.object ?? undefined);
          const ev: AppendedEvent = {
            index: e.index,
            bytes: e.bytes,
            statement,
            ...(object ? { object } : {}),
          };
          this.#listeners.emit(ev);
        }
      }
    } finally {
      this.#polling = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#poller);
  }
}
