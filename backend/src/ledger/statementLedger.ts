import {
  type Ed25519Signer,
  type Ed25519Verifier,
  hex,
  isDeviceStatement,
  isTetError,
  objectIdFromGenesis,
  type ParsedStatement,
  parseStatement,
  type Statement,
  signStatement,
  verifySign1,
} from "@tet/schemas";
import { AppendedListeners } from "./appendedListeners.js";
import { authorize } from "./authorize.js";
import { contentKey } from "./contentKey.js";
import { deriveObjectView } from "./deriveObjectView.js";
import type { Accepted, AppendedEvent, Ledger, StatementInput } from "./ledger.js";
import { LedgerError } from "./ledgerError.js";
import type { PruneRule } from "./ledgerStore.js";
import { MerkleLog } from "./merkleLog.js";
import type { MerkleLogOptions } from "./merkleLogOptions.js";
import { ObjectView } from "./objectView.js";
import { project } from "./project.js";
import type { AuthorityRow } from "./projectionRows.js";
import { sha256Hex } from "./sha256Hex.js";

/** What only the log's own statements carry: the collector's prune rules. */
interface OwnOptions {
  pruneRules?: Omit<PruneRule, "pruneIndex">[];
}

const NO_OBJECT = new Uint8Array(16);

/** How far a statement's `ts` may run ahead of the ledger's clock, or a device's behind its chain head: 5 minutes. */
export const DEFAULT_CLOCK_SKEW_MS = 300_000;

/** `MerkleLogOptions` and what the acceptance rules need besides. */
export interface StatementLedgerOptions extends MerkleLogOptions {
  verifier: Ed25519Verifier;
  /** Timestamp tolerance (`checkClock`); default `DEFAULT_CLOCK_SKEW_MS`. */
  clockSkewMs?: number;
  /** The clock statements are checked against; default `Date.now`. */
  now?: () => number;
}

/**
 * The single-writer `Ledger`: signed statements in, a log index out. Each statement is parsed
 * strictly and its signature verified (unless the caller did both: `{ verified }`), then checked against its object's projections (`authorize`), and
 * appended with its projection writes in the same group commit. Appends are idempotent: the same
 * signed content again (`contentKey`, whatever its wire encoding) returns the existing index; a
 * different device statement at a taken (object, seq) is refused.
 */
export class StatementLedger implements Ledger {
  readonly log: MerkleLog;
  readonly #verifier: Ed25519Verifier;
  readonly #signer: Ed25519Signer;
  /** Each object's view: a promise while it loads, then the view itself (no await once loaded). */
  readonly #views = new Map<string, Promise<ObjectView> | ObjectView>();
  /** Staged but possibly uncommitted entries: by content key (`contentKey`; SHA-256 of the bytes for device statements) and by (object, seq). */
  readonly #inflight = new Map<string, Promise<number>>();
  readonly #listeners = new AppendedListeners();

  readonly #clock: { now: () => number; skewMs: number };

  private constructor(log: MerkleLog, opts: StatementLedgerOptions) {
    this.log = log;
    this.#verifier = opts.verifier;
    this.#signer = opts.signer;
    this.#clock = { now: opts.now ?? Date.now, skewMs: opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS };
  }

  /** Opens the log over `store`; `signer` is the log's key (checkpoints, prune and receipt statements). */
  static async open(opts: StatementLedgerOptions): Promise<StatementLedger> {
    return new StatementLedger(await MerkleLog.open(opts), opts);
  }

  /**
   * Calls `listener` for every new entry once it is committed, whatever path appended it (MQTT
   * ingest, HTTP, the collector): the feed behind server-sent events and the down channel's
   * authority chain. Returns the function that unsubscribes. A listener that throws is not retried.
   */
  onAppended(listener: (e: AppendedEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** The log key's public half. */
  get logKey(): Uint8Array {
    return this.#signer.publicKey;
  }

  /**
   * The object's authority head — SHA-256 (hex) of its last authority statement, the `prev` its next
   * transfer, key, relation or warranty statement must name — from its log-derived view, including
   * statements accepted but not yet committed; undefined for an object the log does not know.
   */
  async authorityHead(object: Uint8Array): Promise<AuthorityRow | undefined> {
    return (await this.#view(object, hex(object))).get("authority");
  }

  /** The view of `object`, whose hex is `id`. */
  #view(object: Uint8Array, id: string): Promise<ObjectView> | ObjectView {
    let v = this.#views.get(id);
    if (v === undefined) {
      if (this.#views.size > 100_000 && this.#inflight.size === 0) this.#views.clear();
      // Derived from the log, never from the stored projection rows (issue 23, item 5).
      const loading = deriveObjectView({
        store: this.log.store,
        object,
        hasher: this.log.hasher,
        verifier: this.#verifier,
        logKey: this.logKey,
      }).then(({ view }) => {
        if (this.#views.get(id) === loading) this.#views.set(id, view);
        return view;
      });
      this.#views.set(id, loading);
      v = loading;
    }
    return v;
  }

  /**
   * Accepts one signed statement and resolves once it is durably in the log (`Ledger.append`). Exact
   * bytes are parsed strictly and their signature verified here; a `{ verified }` statement (the MQTT
   * ingest parses and verifies on its worker threads) goes straight to the same checks.
   */
  append(statement: StatementInput): Promise<Accepted> {
    return statement instanceof Uint8Array
      ? this.#acceptBytes(statement, {})
      : this.#accept(statement.verified, {});
  }

  async #acceptBytes(bytes: Uint8Array, opts: OwnOptions): Promise<Accepted> {
    let p: ParsedStatement;
    try {
      p = parseStatement(bytes);
    } catch (e) {
      if (isTetError(e)) throw new LedgerError("INVALID_STATEMENT", e.message, { cause: e });
      throw e;
    }
    if (!verifySign1(p.sign1, { verifier: this.#verifier })) throw new LedgerError("BAD_SIGNATURE");
    return this.#accept(p, opts);
  }

  #accept(p: ParsedStatement, opts: OwnOptions): Promise<Accepted> {
    const s = p.statement;
    const object = s.t === "genesis" ? objectIdFromGenesis(p.bytes) : "obj" in s ? s.obj : null;
    const id = hex(object ?? NO_OBJECT);
    const loaded = this.#view(object ?? NO_OBJECT, id);
    // A loaded view is used at once; no await (and no promise of its own) on the ingest's hot path.
    if (loaded instanceof ObjectView) return this.#acceptIn(p, opts, object, id, loaded);
    return loaded.then((view) => this.#acceptIn(p, opts, object, id, view));
  }

  #acceptIn(
    p: ParsedStatement,
    opts: OwnOptions,
    object: Uint8Array | null,
    /** The object's id in hex. */
    id: string,
    view: ObjectView,
  ): Promise<Accepted> {
    const bytes = p.bytes;
    const s = p.statement;
    // From here to ledger.append nothing awaits: checks and staging see one consistent view.
    const device = isDeviceStatement(s);
    // Device statements are idempotent by (object, seq); the others by their signed content.
    const digest = device ? sha256Hex(bytes) : contentKey(p);
    const pending = this.#inflight.get(digest);
    if (pending) return pending.then((index) => ({ index, duplicate: true }));
    const seen = device ? undefined : view.get("seen", digest);
    if (seen) return Promise.resolve({ index: seen.index, duplicate: true });
    if (s.t === "genesis" && view.get("object")) {
      return Promise.resolve({
        index: (view.get("object") as { genesis: number }).genesis,
        duplicate: true,
      });
    }
    const decision = authorize(p, view, {
      logKey: this.logKey,
      clock: { now: this.#clock.now(), skewMs: this.#clock.skewMs },
    });
    if ("error" in decision) return Promise.reject(decision.error);
    if ("existing" in decision) return this.#existing(object as Uint8Array, decision.existing, bytes);
    const projections = object
      ? project(p, this.log.size, view, device ? { bytesHash: digest } : { contentKey: digest })
      : [];
    const index = this.log.append({
      bytes,
      object,
      seq: device ? s.seq : null,
      kind: s.t,
      ts: s.ts,
      projections,
      ...(opts.pruneRules ? { pruneRules: opts.pruneRules } : {}),
    });
    const seqKey = device ? `${id}/${s.seq}` : undefined;
    this.#inflight.set(digest, index);
    if (seqKey !== undefined) this.#inflight.set(seqKey, index);
    const forget = () => {
      this.#inflight.delete(digest);
      if (seqKey !== undefined) this.#inflight.delete(seqKey);
    };
    return index.then(
      (committed) => {
        forget();
        this.#listeners.emit({ index: committed, bytes, statement: s, ...(object ? { object } : {}) });
        return { index: committed, duplicate: false };
      },
      (e: unknown) => {
        forget();
        this.#views.clear(); // the views hold writes that never reached the store
        throw e;
      },
    );
  }

  /** A device statement at a seq the chain already holds: the same bytes are a duplicate, others a replay. */
  async #existing(object: Uint8Array, seq: number, bytes: Uint8Array): Promise<Accepted> {
    const digest = sha256Hex(bytes);
    const inflight = this.#inflight.get(`${hex(object)}/${seq}`);
    if (inflight) {
      if (this.#inflight.get(digest) === inflight) return { index: await inflight, duplicate: true };
      throw new LedgerError("REPLAY", `seq ${seq} is taken by another statement`);
    }
    const e = await this.log.store.entryBySeq(object, seq);
    if (e === undefined) throw new LedgerError("REPLAY", `seq ${seq} is behind the chain head`);
    const leaf = this.log.hasher.leaf(bytes);
    if (Buffer.compare(leaf, e.leafHash) === 0) return { index: e.index, duplicate: true };
    throw new LedgerError("REPLAY", `seq ${seq} is taken by another statement`);
  }

  /** Signs a statement with the log key (prune, receipt) and appends it. */
  appendOwn(statement: Statement, opts: OwnOptions = {}): Promise<Accepted> {
    return this.#acceptBytes(signStatement(statement, this.#signer), opts);
  }

  async close(): Promise<void> {
    await this.log.close();
  }
}
