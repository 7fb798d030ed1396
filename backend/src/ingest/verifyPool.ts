import { Worker } from "node:worker_threads";
import { nodeVerifier } from "@tet/schemas/node";

/** Configuration of a `VerifyPool`. */
export interface VerifyPoolOptions {
  /** Worker threads; 0 verifies on the calling thread (default: 2, one per core of the reference machine). */
  threads?: number;
  /** Signatures per message to a worker (default 256): fewer, larger messages amortise the thread hop. */
  batchSize?: number;
}

// The worker is plain JavaScript with only node:crypto, given inline, so that it runs the same under
// tsx, Vitest and the compiled dist/ without a loader.
// node:crypto rather than sodium-native, by measurement (backend/bench/ingest.bench.ts, which prints
// end to end with and without these threads next to the verify-only rate): the end-to-end rate is
// bounded by the main thread — MQTT, strict decoding, the ledger's own parse, authorisation,
// projections and group commit — at a fraction of what node:crypto verifies on two cores, so
// sodium-native's faster verify (≈ 2×, ARCHITECTURE.md) would not raise it, and it would add a
// native addon to the backend. The threads keep verification off that main thread.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const SPKI = Buffer.from("302a300506032b6570032100", "hex");
const cache = new Map();
function key(raw) {
  const id = raw.toString("latin1");
  let k = cache.get(id);
  if (k === undefined) {
    try { k = createPublicKey({ key: Buffer.concat([SPKI, raw]), format: "der", type: "spki" }); } catch { k = null; }
    if (cache.size > 100000) cache.clear();
    cache.set(id, k);
  }
  return k;
}
parentPort.on("message", ({ id, sigs, keys, msgs, ends }) => {
  const n = ends.length;
  const ok = new Uint8Array(n);
  const S = Buffer.from(sigs.buffer, sigs.byteOffset, sigs.byteLength);
  const K = Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
  const M = Buffer.from(msgs.buffer, msgs.byteOffset, msgs.byteLength);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const k = key(K.subarray(i * 32, i * 32 + 32));
    try { ok[i] = k !== null && verify(null, M.subarray(start, ends[i]), k, S.subarray(i * 64, i * 64 + 64)) ? 1 : 0; } catch { ok[i] = 0; }
    start = ends[i];
  }
  parentPort.postMessage({ id, ok }, [ok.buffer]);
});
`;

interface Item {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
  resolve: (ok: boolean) => void;
}

/**
 * Ed25519 verification spread over worker threads, so that both cores verify while the main thread
 * runs MQTT, decoding and the ledger. Calls are queued and sent in batches; each resolves to true or
 * false (a bad signature is a value). With `threads: 0` it verifies inline with node:crypto.
 */
export class VerifyPool {
  readonly threads: number;
  readonly #batchSize: number;
  readonly #workers: Worker[] = [];
  readonly #busy: number[] = [];
  readonly #waiting = new Map<number, Item[]>();
  #queue: Item[] = [];
  #scheduled = false;
  #nextId = 0;

  constructor(opts: VerifyPoolOptions = {}) {
    this.threads = opts.threads ?? 2;
    this.#batchSize = opts.batchSize ?? 256;
    for (let i = 0; i < this.threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on("message", ({ id, ok }: { id: number; ok: Uint8Array }) => {
        const items = this.#waiting.get(id) ?? [];
        this.#waiting.delete(id);
        this.#busy[i] = (this.#busy[i] ?? 1) - 1;
        for (let j = 0; j < items.length; j++) items[j]?.resolve(ok[j] === 1);
      });
      this.#workers.push(w);
      this.#busy.push(0);
    }
  }

  /** Verifies one signature; resolves false for any signature, message or key that does not verify. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
    if (this.threads === 0) return Promise.resolve(nodeVerifier.verify(signature, message, publicKey));
    if (signature.length !== 64 || publicKey.length !== 32) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#queue.push({ signature, message, publicKey, resolve });
      if (this.#queue.length >= this.#batchSize) this.#send();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#send());
      }
    });
  }

  #send(): void {
    this.#scheduled = false;
    const items = this.#queue;
    if (items.length === 0) return;
    this.#queue = [];
    const n = items.length;
    const sigs = new Uint8Array(n * 64);
    const keys = new Uint8Array(n * 32);
    const ends = new Uint32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += (items[i] as Item).message.length;
    const msgs = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const it = items[i] as Item;
      sigs.set(it.signature, i * 64);
      keys.set(it.publicKey, i * 32);
      msgs.set(it.message, at);
      at += it.message.length;
      ends[i] = at;
    }
    // The least busy worker gets the batch.
    let w = 0;
    for (let i = 1; i < this.#workers.length; i++) if ((this.#busy[i] ?? 0) < (this.#busy[w] ?? 0)) w = i;
    const id = this.#nextId++;
    this.#waiting.set(id, items);
    this.#busy[w] = (this.#busy[w] ?? 0) + 1;
    (this.#workers[w] as Worker).postMessage({ id, sigs, keys, msgs, ends }, [
      sigs.buffer,
      keys.buffer,
      msgs.buffer,
      ends.buffer,
    ]);
  }

  /** Stops the workers; pending verifications resolve false. */
  async close(): Promise<void> {
    for (const items of this.#waiting.values()) for (const it of items) it.resolve(false);
    this.#waiting.clear();
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
