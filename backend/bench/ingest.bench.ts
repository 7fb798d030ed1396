// Ingest benchmarks on one machine: end-to-end ingest (signed state statements from N simulated
// devices over MQTT QoS 1 through the embedded aedes broker into a SQLite ledger, receipts returned)
// with p50/p99 publish-to-receipt latency, next to raw aedes QoS 1 pass-through and the verify-only
// rate with the same number of worker threads, all in the same run; then the agent's RSS and idle CPU.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { generatePrivateKey, openStatement, parseStatement, sigStructure } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { Aedes } from "aedes";
import mqtt from "mqtt";
import { quantile, report } from "../../scripts/bench/report.js";
import { startBroker } from "../src/broker/index.js";
import { Ingest, PreverifiedVerifier, SimulatedDevice, VerifyPool } from "../src/ingest/index.js";
import { SqliteStore, StatementLedger } from "../src/ledger/index.js";

const suite = "backend/ingest";
const THREADS = Math.max(1, Math.min(2, cpus().length));
const DEVICES = 100;
const PER_DEVICE = 300;
const machine = `${cpus()[0]?.model ?? "?"} × ${cpus().length}`;

const devices = isMainThread ? Array.from({ length: DEVICES }, () => SimulatedDevice.create()) : [];
const chains = devices.map((d) =>
  Array.from({ length: PER_DEVICE }, () => d.state({ t: { v: 21.5, u: "Cel" } })),
);
const total = DEVICES * PER_DEVICE;
const size = chains[0]?.[0]?.length ?? 0;

async function verifyOnly(): Promise<number> {
  const pool = new VerifyPool({ threads: THREADS });
  const items = chains.flat().map((b) => {
    const p = parseStatement(b);
    return {
      sig: p.sign1.signature,
      msg: sigStructure(p.sign1.protectedBytes, p.sign1.payload),
      key: p.signer,
    };
  });
  await Promise.all(items.slice(0, 2000).map((i) => pool.verify(i.sig, i.msg, i.key))); // warm up
  const start = performance.now();
  const ok = await Promise.all(items.map((i) => pool.verify(i.sig, i.msg, i.key)));
  const rate = items.length / ((performance.now() - start) / 1000);
  await pool.close();
  if (!ok.every(Boolean)) throw new Error("a signature did not verify");
  return rate;
}

const WINDOW = 64; // statements a device keeps beyond its last receipt, as the agent's outbox window does

interface LoadJob {
  url: string;
  logins: { clientId: string; username?: string; password?: Uint8Array; objectId: string }[];
  chains: Uint8Array[][];
  /** Wait for receipts on down (end to end) or just publish (pass-through). */
  receipts: boolean;
}

/**
 * The simulated devices, in a worker thread so that their MQTT clients do not share the broker's
 * event loop: each keeps at most WINDOW statements beyond its last receipt (closed loop), and
 * reports publish-to-receipt latencies.
 */
async function runLoad(job: LoadJob): Promise<{ latencies: number[]; receipts: number }> {
  const clients = await Promise.all(
    job.logins.map((l) =>
      mqtt.connectAsync(job.url, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        clientId: l.clientId,
        ...(l.username ? { username: l.username, password: Buffer.from(l.password as Uint8Array) } : {}),
      }),
    ),
  );
  const latencies: number[] = [];
  let receipts = 0;
  let remaining = job.chains.reduce((n, c) => n + c.length, 0);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  parentPort?.postMessage({ ready: true });
  await new Promise((r) => parentPort?.once("message", r));
  await Promise.all(
    clients.map(async (c, i) => {
      const { objectId } = job.logins[i] as LoadJob["logins"][number];
      const chain = job.chains[i] as Uint8Array[];
      const sentAt = new Float64Array(chain.length + 1);
      let sent = 0;
      let acked = 0;
      const pump = () => {
        while (sent < chain.length && (!job.receipts || sent - acked < WINDOW)) {
          sent++;
          sentAt[sent] = performance.now();
          c.publish(`tet/v1/o/${objectId}/up`, Buffer.from(chain[sent - 1] as Uint8Array), { qos: 1 });
        }
      };
      if (job.receipts) {
        c.on("message", (_t, payload) => {
          const s = openStatement(payload, { verifier: nodeVerifier }).statement;
          if (s.t !== "receipt" || s.refused || s.seq <= acked) return;
          receipts++;
          const now = performance.now();
          for (let q = acked + 1; q <= s.seq; q++) latencies.push(now - (sentAt[q] as number));
          remaining -= s.seq - acked;
          acked = s.seq;
          if (remaining === 0) finish();
          pump();
        });
        await c.subscribeAsync(`tet/v1/o/${objectId}/down`, { qos: 1 });
      }
      pump();
    }),
  );
  if (job.receipts) await done;
  for (const c of clients) await c.endAsync(false);
  return { latencies, receipts };
}

/** Starts the load worker, waits for its clients to connect, then starts it; resolves with its results. */
async function load(
  job: LoadJob,
): Promise<{ start: () => number; result: Promise<{ latencies: number[]; receipts: number }> }> {
  // Worker threads do not inherit tsx's loader hooks on Node 20: register them, then load this file.
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const boot = `import { register } from ${api}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: job });
  await new Promise((r) => w.once("message", r));
  const result = new Promise<{ latencies: number[]; receipts: number }>((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
  return {
    start: () => {
      w.postMessage("go");
      return performance.now();
    },
    result: result.finally(() => w.terminate()),
  };
}

async function aedesPassThrough(): Promise<number> {
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise<void>((r) => server.listen(0, "::1", r));
  const url = `mqtt://[::1]:${(server.address() as { port: number }).port}`;
  const sink = await mqtt.connectAsync(url, { protocolVersion: 4 });
  await sink.subscribeAsync("tet/v1/o/+/up", { qos: 1 });
  let received = 0;
  const done = new Promise<void>((resolve) => sink.on("message", () => ++received === total && resolve()));
  const l = await load({
    url,
    logins: devices.map((d) => ({ clientId: `p-${d.objectId}`, objectId: d.objectId })),
    chains,
    receipts: false,
  });
  const start = l.start();
  await done;
  const rate = total / ((performance.now() - start) / 1000);
  await l.result;
  await sink.endAsync(true);
  await new Promise<void>((r) => aedes.close(() => r()));
  server.close();
  return rate;
}

async function endToEnd(
  threads = THREADS,
): Promise<{ rate: number; p50: number; p99: number; receipts: number }> {
  const dir = mkdtempSync(join(tmpdir(), "tet-ingest-bench-"));
  const logKey = nodeSigner(generatePrivateKey());
  const preverified = new PreverifiedVerifier();
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: "bench.tet/log",
    signer: logKey,
    verifier: preverified,
    checkpointEvery: 100_000,
  });
  for (const d of devices) await ledger.append(d.genesis);
  const ingest = new Ingest({
    ledger,
    signer: logKey,
    preverified,
    verify: { threads },
    log: () => undefined,
  });
  const broker = await startBroker({ ingest, store, port: 0, hosts: ["::1"], log: () => undefined });
  const logins = devices.map((d) => ({ ...d.login(), objectId: d.objectId }));
  const l = await load({ url: `mqtt://[::1]:${broker.port}`, logins, chains, receipts: true });
  const start = l.start();
  const { latencies, receipts } = await l.result;
  const rate = total / ((performance.now() - start) / 1000);
  await broker.close();
  await ingest.close();
  await ledger.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { rate, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), receipts };
}

/** The real agent (test/src/fixtures/agentMain.ts) connected to an embedded broker: RSS and idle CPU. */
async function agentFootprint(): Promise<{ rssMiB: number; idleCpuPct: number }> {
  const dir = mkdtempSync(join(tmpdir(), "tet-agent-bench-"));
  const logKey = nodeSigner(generatePrivateKey());
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: "bench.tet/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  const root = new URL("../..", import.meta.url).pathname;
  const { avatar } = await import("../../test/src/support/avatar.js");
  const av = avatar(dir);
  await ledger.append(av.genesis);
  const ingest = new Ingest({ ledger, signer: logKey, verify: { threads: 0 }, log: () => undefined });
  const broker = await startBroker({ ingest, store, port: 0, hosts: ["::1"], log: () => undefined });
  const { didKeyFromPublicKey } = await import("@tet/schemas");
  const env = {
    ...process.env,
    TET_AGENT: JSON.stringify({
      objectId: av.objectId,
      deviceKey: av.deviceKeyHex,
      genesisPath: av.genesisPath,
      dataDir: join(dir, "agent"),
      url: `mqtt://[::1]:${broker.port}`,
      logDid: didKeyFromPublicKey(logKey.publicKey),
      count: 10,
      intervalMs: 10,
      statsEveryMs: 0,
    }),
  };
  const child = spawn(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "test/src/fixtures/agentMain.ts"],
    { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  await new Promise<void>((resolve) =>
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes('"ev":"emitted"') && /"kind":"ack","seq":10/.test(out)) resolve();
    }),
  );
  const cpu = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks
  };
  const c0 = cpu();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000)); // the idle period being measured
  const ticks = cpu() - c0;
  const idleCpuPct = (ticks / 100 / ((performance.now() - t0) / 1000)) * 100;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
  const exited = new Promise((r) => child.once("exit", r));
  child.kill();
  await exited;
  await broker.close();
  await ingest.close();
  await ledger.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { rssMiB: Number(rss) / 1024, idleCpuPct };
}

if (!isMainThread) {
  parentPort?.postMessage(await runLoad(workerData as LoadJob));
} else {
  const note = `${DEVICES} devices × ${PER_DEVICE}, ${size} B statements, ${THREADS} verify threads, ${machine}`;
  const verify = await verifyOnly();
  report({
    suite,
    name: `verify-only (node:crypto, ${THREADS} worker threads)`,
    value: verify,
    unit: "statements/s",
    note,
  });
  const aedesRate = await aedesPassThrough();
  report({
    suite,
    name: "raw aedes QoS 1 pass-through",
    value: aedesRate,
    unit: "msg/s",
    note: `${DEVICES} publishers → 1 subscriber, ${size} B`,
  });
  const e2e = await endToEnd();
  report({
    suite,
    name: "end-to-end ingest (MQTT QoS 1 → ledger → receipts)",
    value: e2e.rate,
    unit: "statements/s",
    target: `≥ ${Math.round(verify * 0.8).toLocaleString("en-US")} (80 % of verify-only)`,
    note,
  });
  const inline = await endToEnd(0);
  report({
    suite,
    name: "end-to-end, signatures verified on the main thread",
    value: inline.rate,
    unit: "statements/s",
    note: "the same run without worker threads: what the threads buy",
  });
  report({
    suite,
    name: "end-to-end / verify-only",
    value: (e2e.rate / verify) * 100,
    unit: "%",
    target: "≥ 80",
  });
  report({
    suite,
    name: "publish-to-receipt latency p50",
    value: e2e.p50,
    unit: "ms",
    note: `closed loop: ${WINDOW} unacknowledged per device, ${(WINDOW * DEVICES).toLocaleString("en-US")} in flight`,
  });
  report({ suite, name: "publish-to-receipt latency p99", value: e2e.p99, unit: "ms" });
  report({
    suite,
    name: "receipts per statement",
    value: e2e.receipts / total,
    unit: "×",
    note: "coalesced per object per group commit",
  });
  const agent = await agentFootprint();
  report({
    suite,
    name: "agent RSS (connected, idle)",
    value: agent.rssMiB,
    unit: "MiB",
    note: "tsx from sources; compiled dist/ is smaller",
  });
  report({
    suite,
    name: "agent idle CPU",
    value: agent.idleCpuPct,
    unit: "% of one core",
    note: "10 s connected, no readings",
  });
  process.exit(0);
}
