// bench: dist — the compiled backend (what `tet-backend serve` runs), not the TypeScript sources.
// Login benchmarks of the embedded broker with its default limits (issue 14 item 3, issue 22 item 2):
// a login storm — 2,000 devices reconnecting at once after a broker restart, each then appending
// statements — and one device forcing logins from 30 connections while other devices log in.
// The devices are a process of their own (loginLoad.ts) on the same machine.
import { fork } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Ingest, SimulatedDevice, SqliteStore, StatementLedger, startBroker } from "@tet/backend";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { quantile, report } from "../../scripts/bench/report.js";
import type { HammerResult, LoadDevice, LoginJob, StormResult } from "./loginLoad.js";

const suite = "backend/login";
const STORM = 2000;
const AFTER = Number(process.env.TET_BENCH_AFTER ?? 5); // statements each device appends once back in
const machine = `${cpus()[0]?.model ?? "?"} × ${cpus().length}`;
const load = () => `load ${loadavg()[0]?.toFixed(1)}`;

/** CPU seconds so far of this process's main thread and of all its other threads (Linux /proc). */
function cpu(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const t of readdirSync("/proc/self/task")) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, "utf8");
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      const s = (Number(f[11]) + Number(f[12])) / 100;
      if (t === String(process.pid)) main += s;
      else others += s;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { main, others };
}

/** A device's pre-signed logins (increasing ts, all within the login window) and statements. */
function loadDevice(d: SimulatedDevice, logins: number, before: number, after: number): LoadDevice {
  const t = Date.now();
  return {
    clientId: `tet-${d.objectId}`,
    username: d.objectId,
    objectId: d.objectId,
    logins: Array.from({ length: logins }, (_, i) => d.connect(t + i)),
    before: Array.from({ length: before }, () => d.state()),
    after: Array.from({ length: after }, () => d.state()),
  };
}

async function world() {
  const dir = mkdtempSync(join(tmpdir(), "tet-login-bench-"));
  const logKey = nodeSigner(generatePrivateKey());
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: "bench.tet/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  const ingest = new Ingest({ ledger, signer: logKey, log: () => undefined });
  const start = (port = 0) =>
    startBroker({
      ingest,
      store,
      port,
      hosts: ["::1"],
      loginBook: join(dir, "broker.db"),
      log: () => undefined,
    });
  const stop = async () => {
    await ingest.close();
    await ledger.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ledger, ingest, start, stop };
}

/** Runs a job in the load process; `ready` is called once it says so, and may answer it. */
function run<R>(job: LoginJob, ready?: (go: () => void) => Promise<void>): Promise<R> {
  const child = fork(new URL("./loginLoad.ts", import.meta.url).pathname, {
    execArgv: ["--conditions=@tet/source", "--import", "tsx"],
    serialization: "advanced",
  });
  return new Promise<R>((resolve, reject) => {
    child.on("message", (m: { ready?: true; result?: R; error?: string }) => {
      if (m.error) reject(new Error(m.error));
      else if (m.ready) void ready?.(() => child.send("go")).catch(reject);
      else if (m.result) {
        resolve(m.result);
        child.kill();
      }
    });
    child.once("exit", (code) => code && reject(new Error(`the load process exited with ${code}`)));
    child.send(job);
  });
}

async function loginStorm(): Promise<void> {
  const w = await world();
  const devices = Array.from({ length: STORM }, () => SimulatedDevice.create());
  for (let i = 0; i < STORM; i += 500)
    await Promise.all(devices.slice(i, i + 500).map((d) => w.ledger.append(d.genesis)));
  const jobs = devices.map((d) => loadDevice(d, 12, 1, AFTER));
  let broker = await w.start();
  const port = broker.port;
  let sizeAtRestart = 0;
  let restartedAt = 0;
  let cpuAtRestart = { main: 0, others: 0 };
  const r = await run<StormResult>({ kind: "storm", host: "::1", port, devices: jobs }, async (go) => {
    await broker.close(); // every connection dropped
    broker = await w.start(port);
    sizeAtRestart = w.ledger.log.size;
    restartedAt = performance.now();
    cpuAtRestart = cpu();
    go();
  });
  const appendedMs = performance.now() - restartedAt;
  const used = cpu();
  const perDevice = (s: number) => (s / STORM) * 1e6;
  const appended = w.ledger.log.size - sizeAtRestart;
  const duplicates = w.ingest.metrics().ingest_duplicate?.total ?? 0;
  const busy = broker.metrics().broker_refused ?? {};
  await broker.close();
  await w.stop();
  const note = `${STORM} devices on one address (::1), default limits; ${r.retries} retries (${
    Object.entries(busy)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none refused"
  }); ${appended} of ${r.statements} appended, ${duplicates} duplicates; ${machine}, ${load()}`;
  report({ suite, name: "login storm: time to all connected", value: r.allConnectedMs, unit: "ms", note });
  report({
    suite,
    name: "login storm: p50 login latency",
    value: quantile(r.loginMs, 0.5),
    unit: "ms",
    note: "CONNECT → CONNACK 0",
  });
  report({
    suite,
    name: "login storm: p99 login latency",
    value: quantile(r.loginMs, 0.99),
    unit: "ms",
    note: "CONNECT → CONNACK 0",
  });
  report({
    suite,
    name: "login storm: ingest rate",
    value: (r.statements / Math.min(r.allAppendedMs, appendedMs)) * 1000,
    unit: "statements/s",
    note: `${r.statements} statements from restart to the last receipt (${Math.round(r.allAppendedMs)} ms), every one appended once`,
  });
  report({
    suite,
    name: "login storm: backend CPU per device back in",
    value: perDevice(used.main - cpuAtRestart.main + used.others - cpuAtRestart.others),
    unit: "µs",
    note: `main thread ${Math.round(perDevice(used.main - cpuAtRestart.main))} µs (TCP, CONNECT, key lookup, login book, CONNACK, SUBSCRIBE, chain and receipt, ${AFTER} statements); the rest verification threads, SQLite writer, GC`,
  });
}

async function hammer(): Promise<void> {
  const w = await world();
  const attacker = SimulatedDevice.create();
  const others = Array.from({ length: 50 }, () => SimulatedDevice.create());
  for (const d of [attacker, ...others]) await w.ledger.append(d.genesis);
  const broker = await w.start();
  const seconds = 8;
  const r = await run<HammerResult>({
    kind: "hammer",
    host: "::1",
    port: broker.port,
    hammer: loadDevice(attacker, 40_000, 0, 0),
    others: others.map((d) => loadDevice(d, seconds, 0, 0)),
    seconds,
  });
  await broker.close();
  await w.stop();
  const attempts = Object.values(r.codes).reduce((a, b) => a + b, 0);
  const accepted = (r.codes["0"] ?? 0) + (r.codes["-1"] ?? 0);
  const note = `one device, 30 connections, fresh signed logins, ${seconds} s; CONNACK ${Object.entries(
    r.codes,
  )
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")}; ${machine}, ${load()}`;
  report({
    suite,
    name: "one device forcing logins: accepted",
    value: accepted / r.seconds,
    unit: "logins/s",
    note,
  });
  report({
    suite,
    name: "one device forcing logins: answered",
    value: attempts / r.seconds,
    unit: "attempts/s",
    note: "refused ones with CONNACK 3 before their signature is checked",
  });
  const other = `${others.length} other devices, one login a second each, ${r.othersMs.length} accepted, ${r.othersRefused} refused`;
  report({
    suite,
    name: "meanwhile other devices' login latency p50",
    value: quantile(r.othersMs, 0.5),
    unit: "ms",
    note: other,
  });
  report({
    suite,
    name: "meanwhile other devices' login latency p99",
    value: quantile(r.othersMs, 0.99),
    unit: "ms",
    note: other,
  });
}

await loginStorm();
if (!process.env.TET_BENCH_STORM_ONLY) await hammer();
