import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { nodeVerifier } from "@tet/schemas/node";
import { toBeSigned, toBeSignedLength, writeToBeSigned } from "./toBeSigned.js";

/** Which Ed25519 implementation verifies: libsodium (sodium-native) or OpenSSL (node:crypto). */
export type VerifyEngine = "sodium-native" | "node:crypto";

/** Configuration of a `VerifyPool`. */
export interface VerifyPoolOptions {
  /** Worker threads; 0 verifies on the calling thread (default `defaultVerifyThreads`: one per core). */
  threads?: number;
  /** Signatures per message to a worker (default 256): fewer, larger messages amortise the thread hop. */
  batchSize?: number;
  /** The implementation (default: sodium-native when its addon loads, node:crypto otherwise). */
  engine?: VerifyEngine;
}

// sodium-native rather than node:crypto because libsodium verifies about twice as fast: on the 2-core
// reference machine one worker thread checks ~16,500 signatures/s with it against ~8,000/s with
// node:crypto (cached KeyObjects). On two cores verification shares the CPU with the broker, the
// decoder, the ledger and the SQLite writer, so what it saves goes to them: end to end ~15,000
// statements/s against ~11,000/s (backend/bench/ingest.bench.ts prints both). Both reject every
// Wycheproof `invalid` case (verifyPool.test.ts runs all 151 through the pool with each engine).
// node:crypto stays as the fallback when the addon cannot load (an unsupported platform), and can
// be chosen with `engine`.
const sodiumPath = (() => {
  try {
    const require = createRequire(import.meta.url);
    const path = require.resolve("sodium-native");
    require(path);
    return path;
  } catch {
    return undefined;
  }
})();

/**
 * Verification threads when none are asked for: one per core. The threads sleep whenever the main
 * thread is behind, so a second one costs little and covers bursts: on the 2-core reference machine
 * two sodium-native threads carry ~15,500 statements/s end to end against ~14,000/s with one
 * (backend/bench/ingest.bench.ts).
 */
export const defaultVerifyThreads = Math.max(1, availableParallelism());

/** The engine a pool uses when none is named. */
export const defaultVerifyEngine: VerifyEngine = sodiumPath ? "sodium-native" : "node:crypto";

// The worker is plain JavaScript given inline, so that it runs the same under tsx, Vitest and the
// compiled dist/ without a loader; the addon's resolved path comes in workerData.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const sodium = workerData.sodium ? require(workerData.sodium) : null;
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
function check(sig, msg, raw) {
  if (sodium) return sodium.crypto_sign_verify_detached(sig, msg, raw);
  const k = key(raw);
  return k !== null && verify(null, msg, k, sig);
}
parentPort.on("message", ({ id, sigs, keys, msgs, ends }) => {
  const n = ends.length;
  const ok = new Uint8Array(n);
  const S = Buffer.from(sigs.buffer, sigs.byteOffset, sigs.byteLength);
  const K = Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength);
  const M = Buffer.from(msgs.buffer, msgs.byteOffset, msgs.byteLength);
  let start = 0;
  for (let i = 0; i < n; i++) {
    try { ok[i] = check(S.subarray(i * 64, i * 64 + 64), M.subarray(start, ends[i]), K.subarray(i * 32, i * 32 + 32)) ? 1 : 0; } catch { ok[i] = 0; }
    start = ends[i];
  }
  parentPort.postMessage({ id, ok }, [ok.buffer]);
});
`;

/** An inline verifier for `threads: 0` with the chosen engine. */
function inlineVerifier(
  engine: VerifyEngine,
): (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => boolean {
  if (engine === "node:crypto" || !sodiumPath) return (s, m, k) => nodeVerifier.verify(s, m, k);
  const sodium = createRequire(import.meta.url)(sodiumPath) as {
    crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, key: Uint8Array): boolean;
  };
  return (s, m, k) => {
    try {
      return s.length === 64 && k.length === 32 && sodium.crypto_sign_verify_detached(s, m, k);
    } catch {
      return false;
    }
  };
}

/** Batches a worker holds at once: one being verified, one waiting, so that it never idles. */
const MAX_BATCHES_PER_WORKER = 2;

/** One signature to check: over `message`, or over the Sig_structure of `protectedBytes` and `payload`. */
interface Item {
  signature: Uint8Array;
  publicKey: Uint8Array;
  message: Uint8Array | undefined;
  protectedBytes: Uint8Array | undefined;
  payload: Uint8Array | undefined;
  done: (ok: boolean) => void;
}

/**
 * Ed25519 verification spread over worker threads, so that both cores verify while the main thread
 * runs MQTT, decoding and the ledger. Calls are queued and sent in batches; each resolves to true or
 * false (a bad signature is a value). With `threads: 0` it verifies inline.
 */
export class VerifyPool {
  readonly threads: number;
  readonly engine: VerifyEngine;
  readonly #inline: ((sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => boolean) | undefined;
  readonly #batchSize: number;
  readonly #workers: Worker[] = [];
  readonly #busy: number[] = [];
  readonly #waiting = new Map<number, Item[]>();
  #queue: Item[] = [];
  #scheduled = false;
  #nextId = 0;

  constructor(opts: VerifyPoolOptions = {}) {
    this.threads = opts.threads ?? defaultVerifyThreads;
    this.#batchSize = opts.batchSize ?? 256;
    this.engine = opts.engine === "node:crypto" || !sodiumPath ? "node:crypto" : "sodium-native";
    if (opts.engine === "sodium-native" && !sodiumPath)
      throw new Error("sodium-native was asked for but its addon does not load on this platform");
    if (this.threads === 0) this.#inline = inlineVerifier(this.engine);
    const workerData = { sodium: this.engine === "sodium-native" ? sodiumPath : undefined };
    for (let i = 0; i < this.threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
      w.unref();
      w.on("message", ({ id, ok }: { id: number; ok: Uint8Array }) => {
        const items = this.#waiting.get(id) ?? [];
        this.#waiting.delete(id);
        this.#busy[i] = (this.#busy[i] ?? 1) - 1;
        for (let j = 0; j < items.length; j++) items[j]?.done(ok[j] === 1);
        if (this.#queue.length > 0) this.#send();
      });
      this.#workers.push(w);
      this.#busy.push(0);
    }
  }

  /** Verifies one signature; resolves false for any signature, message or key that does not verify. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
    return new Promise((resolve) =>
      this.#check(signature, publicKey, message, undefined, undefined, resolve),
    );
  }

  /**
   * Verifies a COSE_Sign1 signature over its Sig_structure (empty external AAD) and calls `done`
   * with the result — synchronously when verifying inline. No promise and no message of its own per
   * call: the Sig_structure is laid out straight into the batch for the worker. This is the ingest's
   * hot path; `verify` is the general form.
   */
  verifySign1(
    signature: Uint8Array,
    protectedBytes: Uint8Array,
    payload: Uint8Array,
    publicKey: Uint8Array,
    done: (ok: boolean) => void,
  ): void {
    this.#check(signature, publicKey, undefined, protectedBytes, payload, done);
  }

  #check(
    signature: Uint8Array,
    publicKey: Uint8Array,
    message: Uint8Array | undefined,
    protectedBytes: Uint8Array | undefined,
    payload: Uint8Array | undefined,
    done: (ok: boolean) => void,
  ): void {
    if (this.#inline) {
      const m = message ?? toBeSigned(protectedBytes as Uint8Array, payload as Uint8Array);
      done(this.#inline(signature, m, publicKey));
      return;
    }
    if (signature.length !== 64 || publicKey.length !== 32) {
      done(false);
      return;
    }
    this.#queue.push({ signature, publicKey, message, protectedBytes, payload, done });
    if (this.#queue.length >= this.#batchSize) this.#send();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#send());
    }
  }

  /**
   * Sends what is queued, in batches of at most `batchSize`, while some worker has fewer than two
   * batches in hand; the rest waits for a worker's answer. Under load this makes few, full batches
   * (one message per thread hop is the cost being amortised); when idle a call goes out at once.
   */
  #send(): void {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      let w = 0;
      for (let i = 1; i < this.#workers.length; i++) if ((this.#busy[i] ?? 0) < (this.#busy[w] ?? 0)) w = i;
      if ((this.#busy[w] ?? 0) >= MAX_BATCHES_PER_WORKER) return;
      const items =
        this.#queue.length <= this.#batchSize ? this.#queue : this.#queue.splice(0, this.#batchSize);
      if (items === this.#queue) this.#queue = [];
      this.#post(w, items);
    }
  }

  #post(w: number, items: Item[]): void {
    const n = items.length;
    const sigs = new Uint8Array(n * 64);
    const keys = new Uint8Array(n * 32);
    const ends = new Uint32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const it = items[i] as Item;
      total += it.message
        ? it.message.length
        : toBeSignedLength((it.protectedBytes as Uint8Array).length, (it.payload as Uint8Array).length);
    }
    const msgs = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const it = items[i] as Item;
      sigs.set(it.signature, i * 64);
      keys.set(it.publicKey, i * 32);
      if (it.message) {
        msgs.set(it.message, at);
        at += it.message.length;
      } else at = writeToBeSigned(msgs, at, it.protectedBytes as Uint8Array, it.payload as Uint8Array);
      ends[i] = at;
    }
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
    for (const items of this.#waiting.values()) for (const it of items) it.done(false);
    this.#waiting.clear();
    const unsent = this.#queue;
    this.#queue = [];
    for (const it of unsent) it.done(false);
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
