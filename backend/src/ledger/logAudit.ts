import { bytesEqual, CompactRange, type LogHasher, type NodeKey } from "@tet/schemas";
import { isLedgerError } from "./ledgerError.js";
import { type LedgerStore, STORED_MIN_LEVEL } from "./ledgerStore.js";
import type { LogIntegrity } from "./logIntegrity.js";
import { nodeHasher } from "./nodeHasher.js";
import { rootOf } from "./storeProofs.js";

/** Configuration of a `LogAudit`. */
export interface LogAuditOptions {
  store: LedgerStore;
  integrity: LogIntegrity;
  hasher?: LogHasher;
  /** Old entries re-checked per run (the sweep that covers the whole log over time); default 20,000. */
  sweep?: number;
  /** New entries re-hashed per run at most (a first audit of a large log goes on in later runs); default 200,000. */
  maxNew?: number;
  /** The latest checkpoint anchored on chain, if anchoring runs: the log must not be behind it. */
  anchored?: () => { size: number; root: Uint8Array } | undefined;
  now?: () => number;
  /** Where a run that could not read the store is logged. */
  log?: (line: string) => void;
}

/** What one audit run did. */
export interface AuditRun {
  at: number;
  ok: boolean;
  /** The mismatch, in words, when not ok. */
  reason?: string;
  /** Entries re-hashed from their bytes into the audit's own tree, in all runs so far. */
  audited: number;
  /** New entries this run, and old entries re-checked by the sweep. */
  added: number;
  swept: number;
}

const PAGE = 1000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The backend's audit of its own log (issue 23 item 7), run periodically in the serve process. Each
 * run re-hashes every entry appended since the last run up to the latest signed checkpoint — bytes
 * against the stored leaf, the leaves into a tree of its own whose complete subtrees must equal the
 * stored tree nodes — and, once it has reached that checkpoint, compares its root with the signed one
 * (RFC 9162 §2.1.1); the stored edge nodes must give that root too. Then it sweeps `sweep` older
 * entries through `LogIntegrity.check`, wrapping around, so edits made after an entry was first
 * audited are found within one sweep of the log. A mismatch goes to `integrity.fail` (readiness,
 * metrics, one log line).
 */
export class LogAudit {
  readonly #o: LogAuditOptions;
  readonly #hasher: LogHasher;
  readonly #range: CompactRange;
  #sweepAt = 0;
  /** Blocks of 16 leaves hashed since the last root comparison, handed to `integrity.prove` once it passes. */
  #blocks: { index: number; hash: Uint8Array }[] = [];
  #last: AuditRun | undefined;
  #runs = 0;
  #failures = 0;
  #running: Promise<AuditRun> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(o: LogAuditOptions) {
    this.#o = o;
    this.#hasher = o.hasher ?? nodeHasher;
    this.#range = CompactRange.empty(this.#hasher);
  }

  /** The last run, runs so far and runs that found a mismatch (for metrics). */
  get stats(): { last: AuditRun | undefined; runs: number; failures: number; sweepAt: number } {
    return { last: this.#last, runs: this.#runs, failures: this.#failures, sweepAt: this.#sweepAt };
  }

  /** Runs now and then every `intervalMs` (unref'd; 0 = never); a run still going when the next is due is not doubled. */
  start(intervalMs: number): this {
    if (intervalMs > 0) {
      void this.run().catch(() => undefined);
      this.#timer = setInterval(() => void this.run().catch(() => undefined), intervalMs); // logged in #run
      this.#timer.unref();
    }
    return this;
  }

  /** Runs one audit now (or joins the one in progress). */
  run(): Promise<AuditRun> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  async #run(): Promise<AuditRun> {
    const at = (this.#o.now ?? Date.now)();
    const counts = { added: 0, swept: 0 };
    let reason: string | undefined;
    try {
      await this.#audit(counts);
    } catch (e) {
      if (!isLedgerError(e, "LOG_CORRUPT")) {
        this.#o.log?.(`log audit: could not read the store: ${(e as Error).message}`);
        throw e;
      }
      reason = e.detail ?? e.message;
    }
    this.#runs++;
    if (reason !== undefined) this.#failures++;
    this.#last = { at, ok: reason === undefined, audited: this.#range.size, ...counts };
    if (reason !== undefined) this.#last.reason = reason;
    return this.#last;
  }

  async #audit(counts: { added: number; swept: number }): Promise<void> {
    const { store, integrity } = this.#o;
    const t = integrity.trusted("audit");
    const target = t?.size ?? 0;
    const a = this.#o.anchored?.();
    if (a !== undefined && a.size > target)
      throw integrity.fail(
        `the latest checkpoint (${target} entries) is older than the one anchored on chain (${a.size} entries): the log was rolled back`,
        "audit",
      );
    const maxNew = this.#o.maxNew ?? 200_000;
    while (this.#range.size < target && counts.added < maxNew) {
      const n = Math.min(PAGE, target - this.#range.size);
      counts.added += await this.#add(await store.entries(this.#range.size, n));
      await yieldToEventLoop(); // SQLite reads are synchronous: let requests in between pages
    }
    if (t !== undefined && this.#range.size === target) {
      if (!bytesEqual(this.#range.root(), t.root))
        throw integrity.fail(
          `the root of the first ${target} entries, re-hashed, is not the signed one`,
          "audit",
        );
      if (!bytesEqual(await rootOf(store, { size: target, hasher: this.#hasher }), t.root))
        throw integrity.fail(`the stored tree nodes do not give the signed root of size ${target}`, "audit");
      if (a !== undefined && a.size > 0 && !bytesEqual(await rootOf(store, { size: a.size }), a.root))
        throw integrity.fail(`the log's root at ${a.size} entries is not the one anchored on chain`, "audit");
      integrity.prove(this.#blocks.splice(0)); // their leaves folded into the signed root
    }
    counts.swept = await this.#sweep(Math.min(this.#range.size, target));
  }

  /** Re-hashes a page of new entries into the audit's tree and checks the stored nodes they complete. */
  async #add(page: Awaited<ReturnType<LedgerStore["entries"]>>): Promise<number> {
    const { integrity } = this.#o;
    const nodes: { key: NodeKey; hash: Uint8Array }[] = [];
    for (const e of page) {
      if (e.index !== this.#range.size)
        throw integrity.fail(`entry ${this.#range.size} is missing from the store`, "audit");
      if (e.bytes !== null && !bytesEqual(this.#hasher.leaf(e.bytes), e.leafHash))
        throw integrity.fail(`entry ${e.index}: its stored bytes do not hash to its leaf`, "audit");
      for (const n of this.#range.append(e.leafHash)) {
        if (n.level >= STORED_MIN_LEVEL)
          nodes.push({ key: { level: n.level, index: n.index }, hash: n.hash });
        if (n.level === 4) this.#blocks.push({ index: n.index, hash: n.hash }); // proven with the root below
      }
    }
    if (page.length === 0)
      throw integrity.fail(`entry ${this.#range.size} is missing from the store`, "audit");
    const stored = await this.#o.store.subtrees(nodes.map((n) => n.key)).catch((err: unknown) => {
      throw integrity.fail(`a tree node is missing: ${String(err)}`, "audit");
    });
    nodes.forEach((n, i) => {
      if (!bytesEqual(stored[i] as Uint8Array, n.hash))
        throw integrity.fail(`tree node ${n.key.level}/${n.key.index} does not match its leaves`, "audit");
    });
    return page.length;
  }

  /** Re-checks up to `sweep` audited entries from the sweep's cursor, wrapping to the start of the log. */
  async #sweep(below: number): Promise<number> {
    let left = Math.min(this.#o.sweep ?? 20_000, below);
    let swept = 0;
    while (left > 0) {
      if (this.#sweepAt >= below) {
        this.#sweepAt = 0;
        this.#o.integrity.forget(); // a new pass proves every block against the root again
      }
      const page = await this.#o.store.entries(this.#sweepAt, Math.min(PAGE, left, below - this.#sweepAt));
      if (page.length === 0) break;
      await this.#o.integrity.check(page, "audit");
      await yieldToEventLoop();
      this.#sweepAt += page.length;
      swept += page.length;
      left -= page.length;
    }
    return swept;
  }
}
