import { downTopic, type Ed25519Signer, hex, objectIdToText, sha256, signStatement } from "@tet/schemas";
import { type LedgerStore, projectionOf } from "../ledger/index.js";

/** Why a statement was refused, as a receipt carries it. */
export interface Refusal {
  code: string;
  seq?: number | undefined;
  detail?: string | undefined;
}

/** A device chain head as the log holds it: highest contiguous seq, its log index and its bytes' hash. */
export interface Head {
  seq: number;
  index: number;
  /** SHA-256 of the statement's bytes; computed from `bytes` when the first receipt needs it. */
  hash?: Uint8Array | undefined;
  bytes?: Uint8Array | undefined;
}

const ZERO_HASH = new Uint8Array(32);

/** Configuration of a `ReceiptBook`. */
export interface ReceiptBookOptions {
  store: LedgerStore;
  /** The log key: receipts are signed with the same key as the ledger's checkpoints. */
  signer: Ed25519Signer;
  /** Sends one signed statement on a down topic. */
  publish: (topic: string, payload: Uint8Array) => void;
  now?: () => number;
  /** Called when a receipt cannot be made (the store failed); the device gets one on its next statement. */
  onError?: (e: unknown) => void;
}

/**
 * Signed receipts for device chains, coalesced: every accepted, duplicate or refused statement marks
 * its object, and once per turn of the event loop — that is, once per group commit, whose waiters all
 * resolve in one turn — each marked object gets one receipt for its chain head (one receipt can cover
 * many statements). Refusals ride on receipts as `refused`, one receipt per refusal code per turn, so
 * a flood of the same defect (a resent chain after a gap) costs one receipt, and each distinct defect is named.
 */
export class ReceiptBook {
  readonly #opts: ReceiptBookOptions;
  readonly #heads = new Map<string, Head>();
  /** Objects to answer in this turn, with their refusals by code (none: a plain receipt). */
  #dirty = new Map<string, { object: Uint8Array; refused: Map<string, Refusal> | undefined }>();
  #scheduled = false;
  /** Receipts signed so far. */
  signed = 0;

  constructor(opts: ReceiptBookOptions) {
    this.#opts = opts;
  }

  /** Records an accepted device statement (seq, index and its bytes or their hash); heads only move forward. */
  advance(object: Uint8Array, head: Head): void {
    this.#advance(hex(object), head);
  }

  #advance(id: string, head: Head): void {
    const h = this.#heads.get(id);
    if (h === undefined || head.seq > h.seq) this.#heads.set(id, head);
  }

  /**
   * A device statement was accepted (`at` its seq and log index) or was a duplicate (no `at`): the
   * head advances and the object is marked for a receipt — `advance` and `mark` with one lookup key.
   */
  accepted(object: Uint8Array, at: Head | undefined): void {
    const id = hex(object);
    if (at !== undefined) this.#advance(id, at);
    this.#mark(id, object);
  }

  /** Marks an object for a receipt in this turn, optionally carrying a refusal (one per code per turn). */
  mark(object: Uint8Array, refused?: Refusal): void {
    this.#mark(hex(object), object, refused);
  }

  #mark(id: string, object: Uint8Array, refused?: Refusal): void {
    let d = this.#dirty.get(id);
    if (d === undefined) {
      d = { object, refused: undefined };
      this.#dirty.set(id, d);
    }
    if (refused) {
      d.refused ??= new Map();
      if (!d.refused.has(refused.code)) d.refused.set(refused.code, refused);
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    }
  }

  /** The object's chain head: from memory, else from the store's projections; undefined before seq 1. */
  async head(object: Uint8Array): Promise<Head | undefined> {
    const id = hex(object);
    const cached = this.#heads.get(id);
    if (cached !== undefined) return cached;
    const rows = await this.#opts.store.projections(object);
    const row = rows.find((r) => r.kind === "head" && r.key === "");
    const head = row && projectionOf(row, "head");
    if (head === undefined) return undefined;
    const { seq, index, hash } = head;
    this.advance(object, { seq, index, hash: new Uint8Array(Buffer.from(hash, "hex")) });
    return this.#heads.get(id);
  }

  /**
   * A signed receipt for the object's current head (seq 0, index 0 before its first statement), with
   * the SHA-256 of the head statement's bytes: an agent whose outbox was lost continues from it.
   */
  async receipt(object: Uint8Array, refused?: Refusal): Promise<Uint8Array> {
    const h: Head = (await this.head(object)) ?? { seq: 0, index: 0, hash: ZERO_HASH };
    if (h.hash === undefined) {
      h.hash = sha256(h.bytes as Uint8Array); // once per head, not per statement: receipts are coalesced
      h.bytes = undefined;
    }
    const r: { code: string; seq?: number; detail?: string } | undefined = refused && {
      code: refused.code.slice(0, 64),
      ...(refused.seq === undefined ? {} : { seq: refused.seq }),
      ...(refused.detail ? { detail: refused.detail.slice(0, 256) } : {}),
    };
    this.signed++;
    return signStatement(
      {
        v: 1,
        t: "receipt",
        ts: (this.#opts.now ?? Date.now)(),
        obj: object,
        seq: h.seq,
        index: h.index,
        hash: h.hash,
        ...(r === undefined ? {} : { refused: r }),
      },
      this.#opts.signer,
    );
  }

  /** Signs and sends the latest receipt of one object now (a device just subscribed). */
  async send(object: Uint8Array): Promise<void> {
    this.#opts.publish(downTopic(objectIdToText(object)), await this.receipt(object));
  }

  /** Sends the receipts marked so far now (before closing). */
  drain(): Promise<void> {
    return this.#flush();
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const dirty = this.#dirty;
    this.#dirty = new Map();
    for (const { object, refused } of dirty.values()) {
      try {
        const topic = downTopic(objectIdToText(object));
        if (refused === undefined) this.#opts.publish(topic, await this.receipt(object));
        else for (const r of refused.values()) this.#opts.publish(topic, await this.receipt(object, r));
      } catch (e) {
        this.#opts.onError?.(e);
      }
    }
  }
}
