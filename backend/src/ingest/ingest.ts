import {
  downTopic,
  objectIdFromGenesis,
  objectIdToText,
  type ParsedStatement,
  type Statement,
} from "@tet/schemas";
import { type AppendedEvent, isLedgerError } from "../ledger/index.js";
import { AUTHORITY_KINDS, AuthorityChain } from "./authorityChain.js";
import { checkSubmission } from "./checkSubmission.js";
import { DownChannel, type Downlink, type DownSync } from "./downChannel.js";
import { IngestError } from "./ingestError.js";
import type { IngestOptions, IngestOutcome } from "./ingestOptions.js";
import { Counters, type MetricsSnapshot } from "./metrics.js";
import { ReceiptBook } from "./receiptBook.js";
import { VerifyPool } from "./verifyPool.js";

/** A submitted statement waiting for its signature check, or for earlier statements to be appended. */
interface Waiting {
  p: ParsedStatement;
  /** The signature check's result, once it is known. */
  ok: boolean | undefined;
  resolve: ((o: IngestOutcome) => void) | undefined;
}

/**
 * The ingest pipeline, independent of the broker: device statement bytes in (from the embedded aedes
 * or an external broker), in arrival order: size limit, strict decode, device kind, topic ↔ `obj`,
 * signature (in worker threads), then the ledger's seq/prev and key checks with a batched append;
 * signed receipts out on `down`, coalesced per object per group commit. Every refusal has a code, a
 * counter, one log line and, where the topic names a valid object, a signed refused receipt.
 *
 * @example
 * const ingest = new Ingest({ ledger, signer: logKey });
 * ingest.addDownlink((topic, bytes) => broker.publish(topic, bytes));
 * await ingest.submit(objectIdText, bytes); // { ok: true, seq, index, duplicate }
 */
export class Ingest {
  readonly #opts: IngestOptions;
  readonly #counters = new Counters();
  readonly #pool: VerifyPool;
  readonly #receipts: ReceiptBook;
  readonly #chain: AuthorityChain;
  readonly #down: DownChannel;
  readonly #log: (line: string) => void;
  /** Statements in submission order, from `#head` on, waiting for their checks or for earlier ones. */
  #order: (Waiting | undefined)[] = [];
  #head = 0;
  #advancing = false;
  #queued = 0;
  /** Object ids by their text form, as topics name them: decoded once per device, not per statement. */
  readonly #objects = new Map<string, Uint8Array>();
  #drained: { below: number; resolve: () => void }[] = [];
  readonly #unhook: () => void;

  constructor(opts: IngestOptions) {
    if (Buffer.compare(opts.signer.publicKey, opts.ledger.logKey) !== 0)
      throw new TypeError("the ingest's signer must be the ledger's log key");
    this.#opts = opts;
    this.#pool = new VerifyPool(opts.verify);
    this.#log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    const store = opts.ledger.log.store;
    this.#chain = new AuthorityChain(store);
    this.#down = new DownChannel({
      chain: this.#chain,
      receipts: () => this.#receipts,
      counters: this.#counters,
    });
    this.#receipts = new ReceiptBook({
      store,
      signer: opts.signer,
      publish: (t, p) => this.#publish(t, p),
      ...(opts.now ? { now: opts.now } : {}),
      onError: (e) => this.#log(`ingest: receipt failed: ${String(e)}`),
    });
    // Statements the ledger appends by any path (HTTP too) reach devices.
    this.#unhook = opts.ledger.onAppended((e) => this.appended(e));
  }

  /** Adds a way to send on `down` (a broker); returns a function that removes it. */
  addDownlink(send: Downlink, opts: { acknowledges?: boolean } = {}): () => void {
    return this.#down.add(send, opts);
  }

  /** Counters by name and code: accepted, duplicate, refused{code}, receipts, verify threads. */
  metrics(): MetricsSnapshot {
    const s = this.#counters.snapshot();
    s.ingest_receipts_signed = { total: this.#receipts.signed };
    s.ingest_queued = { total: this.#queued };
    return s;
  }

  /** The verification threads in use. */
  get verifyThreads(): number {
    return this.#pool.threads;
  }

  /**
   * Checks a parsed statement's signature on the ingest's verify pool — batched with the statements
   * on their way to the ledger, on the worker threads — for callers outside the pipeline (the
   * broker's logins). Resolves false for a signature that does not verify.
   */
  verify(p: ParsedStatement): Promise<boolean> {
    const { signature, protectedBytes, payload } = p.sign1;
    return new Promise((resolve) =>
      this.#pool.verifySign1(signature, protectedBytes, payload, p.signer, resolve),
    );
  }

  /**
   * Ingests one message from `tet/v1/o/{objectId}/up`. Resolves once it is durably in the log (or
   * was already), or refused; never rejects. Messages are appended in the order they are submitted.
   */
  submit(objectId: string, bytes: Uint8Array): Promise<IngestOutcome> {
    return new Promise((resolve) => this.#take(objectId, bytes, resolve));
  }

  /**
   * `submit` for a caller that does not wait for the outcome (a broker: the device learns it from its
   * receipt on `down`): the same checks, order, counters, log lines and receipts, without a promise.
   */
  offer(objectId: string, bytes: Uint8Array): void {
    this.#take(objectId, bytes, undefined);
  }

  #take(objectId: string, bytes: Uint8Array, resolve: ((o: IngestOutcome) => void) | undefined): void {
    this.#counters.inc("ingest_received");
    const c = checkSubmission({
      objectId,
      bytes,
      objects: this.#objects,
      overloaded: this.#queued >= (this.#opts.maxQueued ?? 100_000),
    });
    if (!c.ok) {
      this.#refused(resolve, c.object, c.error);
      return;
    }
    const { p } = c;
    this.#queued++;
    // Appends start in submission order (a device's seq N+1 never overtakes N), without waiting for
    // earlier appends to commit, so that one group commit holds many statements: each statement waits
    // in `#order` until it and everything before it has its signature checked.
    const waiting: Waiting = { p, ok: undefined, resolve };
    this.#order.push(waiting);
    const { signature, protectedBytes, payload } = p.sign1;
    this.#pool.verifySign1(signature, protectedBytes, payload, p.signer, (ok) => {
      waiting.ok = ok;
      this.#advance();
    });
  }

  /** A refusal before the statement was queued (`resolve?.(this.#refuse(…))` would skip the refusal itself). */
  #refused(
    resolve: ((o: IngestOutcome) => void) | undefined,
    object: Uint8Array | undefined,
    error: IngestError,
  ): void {
    const outcome = this.#refuse(object, error);
    if (resolve) resolve(outcome);
  }

  /** Appends, in submission order, every statement at the head of `#order` whose check is done. */
  #advance(): void {
    if (this.#advancing) return; // a synchronous check (inline verification) re-entered
    this.#advancing = true;
    const order = this.#order;
    let head = this.#head;
    while (head < order.length) {
      const w = order[head] as Waiting | undefined;
      if (w === undefined || w.ok === undefined) break;
      order[head++] = undefined;
      this.#append(w);
    }
    if (head === order.length) {
      order.length = 0;
      head = 0;
    } else if (head > 4096 && head * 2 > order.length) {
      this.#order = order.slice(head);
      head = 0;
    }
    this.#head = head;
    this.#advancing = false;
  }

  #settle(w: Waiting, outcome: IngestOutcome): void {
    this.#queued--;
    w.resolve?.(outcome);
    if (this.#drained.length > 0) this.#wake();
  }

  /** Statements submitted and not yet appended or refused. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Resolves once fewer than `below` statements are in flight: a broker holds a publisher's next
   * message until then, so that under overload statements wait in the publishers' TCP windows
   * instead of as decoded objects in memory (which the garbage collector would copy again and again).
   */
  drained(below: number): Promise<void> {
    if (this.#queued < below) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push({ below, resolve }));
  }

  #wake(): void {
    const waiting = this.#drained;
    this.#drained = [];
    for (const w of waiting) {
      if (this.#queued < w.below) w.resolve();
      else this.#drained.push(w);
    }
  }

  #append(w: Waiting): void {
    const { p } = w;
    const s = p.statement as Extract<Statement, { seq: number }>;
    if (!w.ok) {
      this.#settle(w, this.#refuse(s.obj, new IngestError("BAD_SIGNATURE", undefined, { seq: s.seq })));
      return;
    }
    // Parsed strictly and verified here: the ledger skips a second parse and signature check.
    let appended: Promise<{ index: number; duplicate: boolean }>;
    try {
      appended = this.#opts.ledger.append({ verified: p });
    } catch (e) {
      appended = Promise.reject(e); // a ledger that throws instead of rejecting: the same refusal
    }
    appended.then(
      ({ index, duplicate }) => {
        this.#counters.inc(duplicate ? "ingest_duplicate" : "ingest_accepted");
        this.#receipts.accepted(s.obj, duplicate ? undefined : { seq: s.seq, index, bytes: p.bytes });
        this.#settle(w, { ok: true as const, seq: s.seq, index, duplicate });
      },
      (e: unknown) => {
        const err = isLedgerError(e)
          ? new IngestError(e.code, e.message, { cause: e, seq: s.seq })
          : new IngestError("STORE_FAILED", String(e), { cause: e, seq: s.seq });
        this.#settle(w, this.#refuse(s.obj, err));
      },
    );
  }

  /**
   * Records a refusal made before the ingest (the broker's ACL): counter, one log line and, when
   * `object` is known, a signed refused receipt on its `down`.
   */
  refuse(object: Uint8Array | undefined, error: IngestError): IngestOutcome {
    return this.#refuse(object, error);
  }

  #refuse(object: Uint8Array | undefined, error: IngestError): IngestOutcome {
    this.#counters.inc("ingest_refused", error.code);
    const who = object ? objectIdToText(object) : "-";
    this.#log(
      `ingest: refused ${error.code} object=${who} seq=${error.seq ?? "-"} ${error.detail ?? ""}`.trimEnd(),
    );
    if (object) this.#receipts.mark(object, { code: error.code, seq: error.seq, detail: error.detail });
    return { ok: false, code: error.code };
  }

  /**
   * A device subscribed to its `down`: sends its authority chain and then its latest receipt (at seq
   * 0 before its first statement too), unless `since` (what this connection was sent before) says it
   * has them (`DownChannel.deviceSubscribed`).
   */
  deviceSubscribed(objectId: string, opts: { since?: DownSync | undefined } = {}): Promise<DownSync> {
    return this.#down.deviceSubscribed(objectId, opts);
  }

  /**
   * The ledger appended a statement (by any path): authority-chain statements and commands go to the
   * object's device on `down`. The constructor wires it to the ledger's `onAppended`.
   */
  appended(e: AppendedEvent): void {
    const s = e.statement;
    if (!AUTHORITY_KINDS.has(s.t) && s.t !== "command") return;
    const object = s.t === "genesis" ? objectIdFromGenesis(e.bytes) : "obj" in s ? s.obj : undefined;
    if (object === undefined) return;
    if (s.t !== "command") this.#chain.invalidate(object);
    this.#publish(downTopic(objectIdToText(object)), e.bytes);
  }

  #publish(topic: string, payload: Uint8Array): void {
    this.#down.publish(topic, payload);
  }

  /** Waits for statements in flight, then stops the verification threads. */
  async close(): Promise<void> {
    await this.drained(1);
    await this.#receipts.drain();
    this.#unhook();
    this.#down.clear();
    await this.#pool.close();
  }
}
