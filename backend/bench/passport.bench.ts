// Passport API benchmarks: GET /v1/objects/{id} latency (p50/p99) at a fixed 1,000 requests/s and
// the closed-loop maximum, the server on one thread (the load generator runs in a worker thread), over
// OBJECTS avatars and ENTRIES generated history entries; then export + `tet verify` of one object with
// VERIFY_STATEMENTS signed statements. Sizes: env PASSPORT_BENCH_OBJECTS / _ENTRIES / _VERIFY.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { didKeyFromPublicKey, generatePrivateKey, objectIdToText } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { quantile, report } from "../../scripts/bench/report.js";
import { exportBundle } from "../src/api/exportBundle.js";
import { Actor, Device, genesis } from "../src/api/fixture.js";
import { serveApi } from "../src/api/serveApi.js";
import { runTetInProcess } from "../src/cli/commands/runTetInProcess.js";
import { SqliteStore, StatementLedger } from "../src/ledger/index.js";

const suite = "backend/passport";
const OBJECTS = Number(process.env.PASSPORT_BENCH_OBJECTS ?? 100_000);
const ENTRIES = Number(process.env.PASSPORT_BENCH_ENTRIES ?? 10_000_000);
const VERIFY = Number(process.env.PASSPORT_BENCH_VERIFY ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "tet-passport-bench-"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

async function open(file: string) {
  return StatementLedger.open({
    store: SqliteStore.open(join(dir, file)),
    origin: "bench.tet/log",
    signer: nodeSigner(generatePrivateKey()),
    verifier: nodeVerifier,
    batchSize: 5000,
    batchMs: 5,
    checkpointEvery: 1_000_000,
  });
}

/** OBJECTS avatars (real signed genesis), then ENTRIES device entries spread over them (synthetic bytes). */
async function generate(sl: StatementLedger): Promise<string[]> {
  const ids: string[] = [];
  const objs: Uint8Array[] = [];
  const owner = new Actor();
  const device = new Actor();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < OBJECTS; i++) {
    const g = genesis(owner, {
      devices: [device],
      name: `Desk ${i}`,
      cls: i % 2 ? "desk" : "lamp",
      serial: `SN-${i}`,
    });
    ids.push(g.id);
    objs.push(g.obj);
    pending.push(sl.append(g.bytes));
    if (pending.length >= 5000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending.splice(0));
  const pool = randomBytes(256 * 1024);
  const seqs = new Array<number>(OBJECTS).fill(0);
  for (let i = 0; i < ENTRIES - OBJECTS; i++) {
    const o = (i * 7919) % OBJECTS;
    const seq = ++(seqs[o] as number);
    const at = (i * 97) % (pool.length - 120);
    const obj = objs[o] as Uint8Array;
    const last = i + OBJECTS >= ENTRIES - OBJECTS;
    const projections =
      seq === 1 || last
        ? [
            {
              object: obj,
              kind: "head",
              key: "",
              value: JSON.stringify({ seq, hash: hex(pool.subarray(at, at + 32)), index: sl.log.size }),
            },
            {
              object: obj,
              kind: "state",
              key: "",
              value: JSON.stringify({
                seq,
                ts: 1_790_000_000_000 + i,
                index: sl.log.size,
                readings: { temperature: { v: 21.5, u: "Cel" } },
              }),
            },
          ]
        : [];
    pending.push(
      sl.log.append({
        bytes: new Uint8Array(pool.subarray(at, at + 120)),
        object: obj,
        seq,
        kind: "state",
        ts: 1_790_000_000_000 + i,
        projections,
      }),
    );
    if (pending.length >= 20_000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await sl.log.checkpoint();
  return ids;
}

const LOADGEN = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, ids, mode, rate, seconds, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const get = () => new Promise((resolve) => {
  const t = performance.now();
  http.get({ host: "127.0.0.1", port, agent, path: "/v1/objects/" + ids[Math.floor(Math.random() * ids.length)] }, (res) => {
    res.resume(); res.on("end", () => resolve([performance.now() - t, res.statusCode]));
  }).on("error", () => resolve([performance.now() - t, 0]));
});
(async () => {
  const lat = []; let bad = 0; const start = performance.now();
  if (mode === "open") {
    const n = rate * seconds; const inflight = [];
    for (let i = 0; i < n; i++) {
      const due = start + (i * 1000) / rate;
      while (performance.now() < due) await new Promise((r) => setImmediate(r));
      inflight.push(get().then(([ms, s]) => { lat.push(ms); if (s !== 200) bad++; }));
    }
    await Promise.all(inflight);
  } else {
    const end = start + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (performance.now() < end) { const [ms, s] = await get(); lat.push(ms); if (s !== 200) bad++; } }));
  }
  parentPort.postMessage({ lat, bad, seconds: (performance.now() - start) / 1000 });
})();`;

function load(data: Record<string, unknown>): Promise<{ lat: number[]; bad: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOADGEN, { eval: true, workerData: data });
    w.once("message", resolve);
    w.once("error", reject);
  });
}

{
  const sl = await open("passports.db");
  const t0 = performance.now();
  const ids = await generate(sl);
  const note = `${OBJECTS.toLocaleString("en-US")} objects, ${ENTRIES.toLocaleString("en-US")} entries`;
  report({
    suite,
    name: "generate history (SQLite, durable)",
    value: (performance.now() - t0) / 1000,
    unit: "s",
    note,
  });
  const api = await serveApi({ ledger: sl, port: 0, rateLimit: false, web: false });
  await load({ port: api.port, ids, mode: "closed", seconds: 2, concurrency: 8, rate: 0 }); // warm-up, loads the object index
  const open_ = await load({ port: api.port, ids, mode: "open", rate: 1000, seconds: 10, concurrency: 64 });
  const sorted = open_.lat.sort((a, b) => a - b);
  report({ suite, name: "passport GET p50 at 1,000 req/s", value: quantile(sorted, 0.5), unit: "ms", note });
  report({
    suite,
    name: "passport GET p99 at 1,000 req/s",
    value: quantile(sorted, 0.99),
    unit: "ms",
    target: "< 5",
    note: `${sorted.length} requests, ${open_.bad} non-200, server on one thread`,
  });
  const closed = await load({ port: api.port, ids, mode: "closed", seconds: 5, concurrency: 16, rate: 0 });
  report({
    suite,
    name: "passport GET max throughput",
    value: closed.lat.length / closed.seconds,
    unit: "req/s",
    note: "16 keep-alive connections, server on one thread",
  });
  await api.close();
  await sl.close();
}

{
  const sl = await open("one-object.db");
  const owner = new Actor();
  const device = new Device();
  const g = genesis(owner, { devices: [device] });
  await sl.append(g.bytes);
  const pending: Promise<number>[] = [];
  for (let i = 1; i < VERIFY; i++) {
    const bytes = device.state(g.obj, { power: { v: i % 3000, u: "W" } }, 1_790_000_000_000 + i);
    pending.push(
      sl.log.append({ bytes, object: g.obj, seq: device.seq, kind: "state", ts: 1_790_000_000_000 + i }),
    );
  }
  await Promise.all(pending);
  await sl.log.checkpoint();
  const t1 = performance.now();
  const bundle = await exportBundle(sl, objectIdToText(g.obj));
  const exportS = (performance.now() - t1) / 1000;
  const note = `${VERIFY.toLocaleString("en-US")} statements, ${(bundle.length / 2 ** 20).toFixed(1)} MiB bundle`;
  report({ suite, name: "export bundle", value: exportS, unit: "s", note });
  const file = join(dir, "bundle.cbor");
  writeFileSync(file, bundle);
  const t2 = performance.now();
  const r = await runTetInProcess(["verify", file, "--log-key", didKeyFromPublicKey(sl.logKey)]);
  const verifyS = (performance.now() - t2) / 1000;
  if (r.code !== 0) throw new Error(`tet verify failed: ${r.stderr}`);
  report({
    suite,
    name: "tet verify",
    value: verifyS,
    unit: "s",
    target: "< 10",
    note: `${note}, node:crypto on the thread pool`,
  });
  await sl.close();
}
rmSync(dir, { recursive: true, force: true });
