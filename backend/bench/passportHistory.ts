// Benchmark fixture: a SQLite ledger with OBJECTS avatars (real signed genesis statements with the
// projections `project` derives from them) and then ENTRIES − OBJECTS device entries, all written
// directly through the store in transactions of 100,000 entries (object indexes rebuilt at the end) — rows, stored subtree hashes
// (CompactRange) and each object's final head and state projections — and finally one signed
// checkpoint. The device entries carry synthetic bytes: the passport reads only their projections,
// and the tree over them is exact, so proofs still hold.
import { createHash, randomBytes } from "node:crypto";
import { Actor, genesis, STORED_MIN_LEVEL } from "@tet/backend/test-support";
import { CompactRange, hex, parseStatement, type TreeNode } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import {
  type AppendBatch,
  nodeHasher,
  ObjectView,
  project,
  rowOf,
  SqliteStore,
  StatementLedger,
} from "../src/index.js";

const BATCH = 100_000;
const T0 = 1_790_000_000_000;
/** What every object's newest state statement says. */
const STATE_READINGS = { temperature: { v: 21.5, u: "Cel" } };

/**
 * The bench log's key, the same in the generating and the serving process: readers check each
 * served entry against the latest checkpoint, whose signature must verify with the log key.
 */
const BENCH_LOG_KEY = new Uint8Array(
  createHash("sha256").update("tet-avatars passport bench log key").digest(),
);

/** Opens the bench ledger over `file`, signing with the bench log key. */
export function openBenchLedger(file: string): Promise<StatementLedger> {
  return StatementLedger.open({
    store: SqliteStore.open(file),
    origin: "bench.tet/log",
    signer: nodeSigner(BENCH_LOG_KEY),
    verifier: nodeVerifier,
    batchSize: 5000,
    batchMs: 5,
    checkpointEvery: 100_000_000,
  });
}

/**
 * Generates the history into `file` and returns the object ids. Device entry i belongs to object
 * (i · 7919) mod OBJECTS, so every object's chain is interleaved with all the others as in a real log.
 */
export async function generateHistory(opts: { file: string; objects: number; entries: number }) {
  const t0 = performance.now();
  const store = SqliteStore.open(opts.file);
  // Bulk load: the entries' object indexes are dropped while rows arrive in object-interleaved order
  // (each insert would touch a random index page) and rebuilt by the store's schema, in one sort,
  // when the ledger is opened again below.
  store.database.exec("DROP INDEX IF EXISTS entries_okey_idx");
  let size = await store.size();
  const range = CompactRange.fromEdge(size, await store.subtrees(CompactRange.edgeKeys(size)), nodeHasher);
  const empty = (): AppendBatch => ({
    entries: [],
    nodes: [],
    projections: [],
    pruneRules: [],
    checkpoint: undefined,
  });
  let batch = empty();
  const stage = async (entry: AppendBatch["entries"][number]) => {
    const nodes = range.append(entry.leafHash);
    batch.entries.push(entry);
    for (let k = STORED_MIN_LEVEL; k < nodes.length; k++) batch.nodes.push(nodes[k] as TreeNode);
    if (batch.entries.length === BATCH) {
      await store.append(batch);
      batch = empty();
    }
  };
  const owner = new Actor();
  const device = new Actor();
  const ids: string[] = [];
  const objs: Uint8Array[] = [];
  for (let i = 0; i < opts.objects; i++, size++) {
    const g = genesis(owner, {
      devices: [device],
      name: `Desk ${i}`,
      cls: i % 2 ? "desk" : "lamp",
      serial: `SN-${i}`,
    });
    const p = parseStatement(g.bytes);
    ids.push(g.id);
    objs.push(g.obj);
    batch.projections.push(...project(p, size, new ObjectView(g.obj, [])).map(rowOf));
    const leafHash = nodeHasher.leaf(g.bytes);
    await stage({
      index: size,
      leafHash,
      bytes: g.bytes,
      object: g.obj,
      seq: null,
      kind: "genesis",
      ts: p.statement.ts,
    });
  }
  const pool = randomBytes(256 * 1024);
  const seqs = new Uint32Array(opts.objects);
  const last = new Float64Array(opts.objects);
  // Each object's newest device entry is a real signed state statement: the passport shows the
  // state projection only when the log backs it (the entry's bytes parse and carry those readings).
  const newest = new Float64Array(opts.objects).fill(-1);
  for (let i = 0; i < opts.entries - size; i++) newest[(i * 7919) % opts.objects] = i;
  for (let i = 0; size < opts.entries; i++, size++) {
    const o = (i * 7919) % opts.objects;
    const at = (i * 97) % (pool.length - 120);
    const bytes =
      newest[o] === i
        ? device.sign({
            v: 1,
            t: "state",
            ts: T0 + i,
            obj: objs[o] as Uint8Array,
            seq: (seqs[o] as number) + 1,
            prev: pool.subarray(at, at + 32),
            readings: STATE_READINGS,
          })
        : pool.subarray(at, at + 120);
    seqs[o] = (seqs[o] as number) + 1;
    last[o] = size;
    const object = objs[o] as Uint8Array;
    const seq = seqs[o] as number;
    await stage({
      index: size,
      leafHash: nodeHasher.leaf(bytes),
      bytes,
      object,
      seq,
      kind: "state",
      ts: T0 + i,
    });
  }
  for (let o = 0; o < opts.objects; o++) {
    if (seqs[o] === 0) continue;
    const object = objs[o] as Uint8Array;
    const index = last[o] as number;
    const seq = seqs[o] as number;
    const at = (index * 97) % (pool.length - 32);
    const head = { seq, hash: hex(pool.subarray(at, at + 32)), index };
    const state = { seq, ts: T0 + index, index, readings: STATE_READINGS };
    batch.projections.push(
      { object, kind: "head", key: "", value: JSON.stringify(head) },
      { object, kind: "state", key: "", value: JSON.stringify(state) },
    );
  }
  await store.append(batch);
  store.database.pragma("wal_checkpoint(TRUNCATE)");
  await store.close();
  const sl = await openBenchLedger(opts.file);
  await sl.log.checkpoint();
  await sl.close();
  await sl.log.store.close();
  process.stderr.write(
    `passport history: ${size} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return ids;
}
