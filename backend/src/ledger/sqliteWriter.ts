import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { type AppendBatch, nodeId, objectKey, type ProjectionRow } from "./ledgerStore.js";
import { SQLITE_PRAGMAS, SQLITE_WRITES } from "./sqliteWrites.js";

// The writer thread: plain JavaScript run with `eval`, so it loads the same way under tsx, vitest and
// the compiled dist. It owns the only write connection and applies each message in one transaction.
// Its SQL and connection settings come in `workerData` (SQLITE_WRITES, SQLITE_PRAGMAS): none is spelled here.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const q = {};
for (const [name, sql] of Object.entries(workerData.sql)) q[name] = db.prepare(sql);
const B = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const projections = (rows) => {
  for (const r of rows) r.value === null ? q.delProjection.run(B(r.object), r.kind, r.key) : q.upsertProjection.run(B(r.object), r.kind, r.key, r.value);
};
const insertBatch = (b) => {
    const leaves = B(b.leaves), objects = B(b.objects), payload = B(b.payload), hashes = B(b.hashes);
    for (let i = 0; i < b.kinds.length; i++) {
      const okey = b.meta[4 * i + 1], seq = b.meta[4 * i + 2];
      const object = Number.isNaN(okey) ? null : objects.subarray(16 * i, 16 * i + 16);
      q.insEntry.run(b.meta[4 * i], leaves.subarray(32 * i, 32 * i + 32), object, Number.isNaN(okey) ? null : okey,
        Number.isNaN(seq) ? null : seq, b.kinds[i], b.meta[4 * i + 3], payload.subarray(b.offsets[i], b.offsets[i + 1]));
    }
    for (let i = 0; i < b.nodeIds.length; i++) q.insNode.run(b.nodeIds[i], hashes.subarray(32 * i, 32 * i + 32));
    for (const r of b.pruneRules) q.insRule.run(r.pruneIndex, r.kind, r.before);
    const pObjects = B(b.pObjects);
    for (let i = 0; i < b.pKinds.length; i++) {
      const object = pObjects.subarray(16 * i, 16 * i + 16), value = b.pValues[i];
      value === null ? q.delProjection.run(object, b.pKinds[i], b.pKeys[i]) : q.upsertProjection.run(object, b.pKinds[i], b.pKeys[i], value);
    }
    const c = b.checkpoint;
    if (c) q.insCheckpoint.run(c.size, B(c.root), c.note, c.issuedAt);
};
// A batch may arrive in parts: "stage" inserts a part into the open transaction (BEGIN on the first),
// "append" inserts the last part and commits. A failed part rolls the transaction back and fails the
// batch's append; nothing of it is committed.
let poisoned = null;
const ops = {
  stage: (b) => {
    if (poisoned) return;
    try {
      if (!db.inTransaction) db.exec("BEGIN");
      insertBatch(b);
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      poisoned = e;
    }
  },
  append: (b) => {
    if (poisoned) {
      const e = poisoned;
      poisoned = null;
      throw e;
    }
    if (!db.inTransaction) db.exec("BEGIN");
    try {
      insertBatch(b);
      db.exec("COMMIT");
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw e;
    }
  },
  replaceProjections: db.transaction((rows) => {
    q.clearProjections.run();
    projections(rows);
  }),
  dropPayloads: db.transaction((indices) => {
    for (const i of indices) q.dropPayload.run(i);
  }),
  close: () => db.close(),
};
// Other writes wait while a batch is staged, so they never join (and wait for) its transaction.
const deferred = [];
const run = ({ id, op, arg }) => {
  try {
    ops[op](arg);
    if (op !== "stage") parentPort.postMessage({ id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, message: String(e && e.message || e) });
  }
};
parentPort.on("message", (m) => {
  if (db.inTransaction && m.op !== "stage" && m.op !== "append" && m.op !== "close") return void deferred.push(m);
  run(m);
  while (!db.inTransaction && deferred.length > 0) run(deferred.shift());
});
`;

/** Packs a batch into a few transferable buffers: no per-entry structured cloning between threads. */
function pack(batch: AppendBatch): { arg: unknown; transfer: ArrayBuffer[] } {
  const es = batch.entries;
  const n = es.length;
  const meta = new Float64Array(4 * n);
  const leaves = new Uint8Array(32 * n);
  const objects = new Uint8Array(16 * n);
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i] as number) + (es[i]?.bytes.length ?? 0);
  const payload = new Uint8Array(offsets[n] as number);
  const kinds = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const e = es[i] as (typeof es)[number];
    meta[4 * i] = e.index;
    meta[4 * i + 1] = e.object ? objectKey(e.object) : Number.NaN;
    meta[4 * i + 2] = e.seq ?? Number.NaN;
    meta[4 * i + 3] = e.ts;
    leaves.set(e.leafHash, 32 * i);
    if (e.object) objects.set(e.object, 16 * i);
    payload.set(e.bytes, offsets[i]);
    kinds[i] = e.kind;
  }
  // Projection rows as columns, their object ids in one buffer: cloning a row's own 16-byte id
  // buffer per row cost more than the row.
  const rows = batch.projections;
  const pObjects = new Uint8Array(16 * rows.length);
  const pKinds = new Array<string>(rows.length);
  const pKeys = new Array<string>(rows.length);
  const pValues = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as ProjectionRow;
    pObjects.set(r.object, 16 * i);
    pKinds[i] = r.kind;
    pKeys[i] = r.key;
    pValues[i] = r.value;
  }
  const hashes = new Uint8Array(32 * batch.nodes.length);
  batch.nodes.forEach((node, i) => {
    hashes.set(node.hash, 32 * i);
  });
  const arg = {
    meta,
    kinds,
    leaves,
    objects,
    offsets,
    payload,
    nodeIds: batch.nodes.map(nodeId),
    hashes,
    pruneRules: batch.pruneRules,
    pObjects,
    pKinds,
    pKeys,
    pValues,
    checkpoint: batch.checkpoint,
  };
  return {
    arg,
    transfer: [
      meta.buffer,
      leaves.buffer,
      objects.buffer,
      offsets.buffer,
      payload.buffer,
      hashes.buffer,
      pObjects.buffer,
    ],
  };
}

/**
 * The SQLite write connection on its own thread: commits (and their fsyncs) no longer block the event
 * loop, and inserting one batch overlaps hashing the next. Messages are applied in order, each in
 * one transaction; a promise settles when its transaction has committed.
 */
export class SqliteWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #next = 0;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    // execArgv: [] — the writer is plain CommonJS and needs none of the parent's loaders or flags.
    const workerData = { file, driver, sql: SQLITE_WRITES, pragmas: SQLITE_PRAGMAS };
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData });
    this.#worker.on("message", ({ id, ok, message }: { id: number; ok: boolean; message?: string }) => {
      const p = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) this.#worker.unref(); // idle: do not keep the process alive
      if (ok) p?.resolve();
      else p?.reject(new Error(message));
    });
    this.#worker.unref();
    this.#worker.on("error", (e) => {
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    });
  }

  #send(op: string, arg: unknown, transfer: ArrayBuffer[] = []): Promise<void> {
    const id = this.#next++;
    if (this.#pending.size === 0) this.#worker.ref(); // a write in flight keeps the process alive
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, arg }, transfer);
    });
  }

  append(batch: AppendBatch): Promise<void> {
    const { arg, transfer } = pack(batch);
    return this.#send("append", arg, transfer);
  }

  /** Inserts the first part of a batch into the open transaction; `append` of the rest commits it. */
  stage(part: AppendBatch): void {
    const { arg, transfer } = pack(part);
    this.#worker.postMessage({ id: -1, op: "stage", arg }, transfer);
  }

  replaceProjections(rows: readonly ProjectionRow[]): Promise<void> {
    return this.#send("replaceProjections", rows);
  }

  dropPayloads(indices: readonly number[]): Promise<void> {
    return this.#send("dropPayloads", indices);
  }

  async close(): Promise<void> {
    await this.#send("close", null);
    await this.#worker.terminate();
  }
}
