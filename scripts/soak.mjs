#!/usr/bin/env node
// Load and soak run (a program, not a test): N simulated devices publish signed state statements at
// QoS 1 for T minutes to the embedded stack — `tet-backend serve` (aedes, SQLite, no chain) in a child
// process on loopback — each keeping at most 64 statements beyond its last receipt, like the agent,
// while this script samples the backend's RSS. At the end it prints RSS min/max/slope and checks that
// the ledger holds exactly what the devices sent (a receipt for each device's last statement, each
// passport's latest seq, the log size, no refusals). Exit 0 only if the counts match, RSS stayed under
// its bound and the JS heap did not grow after warm-up.
//
//   npm run build && node scripts/soak.mjs [--devices 1000] [--minutes 10] [--interval-s 5]
//       [--sample-s 5] [--max-rss-mib 700] [--max-heap-slope-mib-per-min 1] [--keep DIR]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { SimulatedDevice } from "@tet/backend";
import { downTopic, parseStatement, upTopic } from "@tet/schemas";
import mqtt from "mqtt";
import { getJson, memoryOf, metric, slope } from "./soak/index.mjs";

const { values: o } = parseArgs({
  options: {
    devices: { type: "string", default: "1000" },
    minutes: { type: "string", default: "10" },
    "interval-s": { type: "string", default: "5" },
    "sample-s": { type: "string", default: "5" },
    "max-rss-mib": { type: "string", default: "700" },
    "max-heap-slope-mib-per-min": { type: "string", default: "1" },
    keep: { type: "string" },
  },
});
const N = Number(o.devices);
const RUN_MS = Number(o.minutes) * 60_000;
const INTERVAL_MS = Number(o["interval-s"]) * 1000;
const SAMPLE_MS = Number(o["sample-s"]) * 1000;
const WINDOW = 64; // the agent's default outbox window
const root = new URL("..", import.meta.url).pathname;
const data = o.keep ?? mkdtempSync(join(tmpdir(), "tet-soak-"));
const say = (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The whole run is bounded: the load, then at most 5 minutes to drain, check and stop.
const hardStop = setTimeout(
  () => {
    say(`soak: FAILED — not done ${RUN_MS / 60_000 + 5} minutes after the start`);
    backend?.kill("SIGKILL");
    process.exit(1);
  },
  RUN_MS + 5 * 60_000,
);
hardStop.unref();

let backend;
// Interrupted: the backend goes too (it is this run's child), and the run counts as failed.
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => {
    say(`soak: interrupted by ${signal}`);
    backend?.kill("SIGINT");
    process.exit(1);
  });
async function startBackend() {
  backend = spawn(
    process.execPath,
    [join(root, "backend/bin/tet-backend.js"), "serve", "--data", data, "--chain", "off"],
    {
      env: {
        ...process.env,
        TET_HTTP_PORT: "0",
        TET_MQTT_PORT: "0",
        TET_WS_PORT: "0",
        TET_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: backend.stdout });
  return new Promise((resolve, reject) => {
    backend.once("exit", (code) => reject(new Error(`the backend exited (${code}) before it was ready`)));
    lines.on("line", (l) => {
      if (l.startsWith('{"ready"')) resolve(JSON.parse(l));
    });
  });
}

async function main() {
  say(`soak: ${N} devices × ${RUN_MS / 60_000} min, one state each ${INTERVAL_MS / 1000} s; data ${data}`);
  say(
    `machine: ${cpus()[0]?.model} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const ready = await startBackend();
  const api = ready.http[0];
  const mqttUrl = ready.mqtt[0];
  say(`backend pid ${backend.pid}: ${api} ${mqttUrl}`);

  const devices = Array.from({ length: N }, () => SimulatedDevice.create({ class: "soak-sensor" }));
  for (let i = 0; i < N; i += 50)
    await Promise.all(
      devices.slice(i, i + 50).map(async (d) => {
        const r = await fetch(`${api}/v1/statements`, {
          method: "POST",
          headers: { "content-type": "application/cose" },
          body: Buffer.from(d.genesis),
        });
        if (r.status !== 201) throw new Error(`genesis refused: ${r.status} ${await r.text()}`);
      }),
    );
  say(`${N} avatars created`);

  const sent = new Array(N).fill(0);
  const acked = new Map(); // device → highest seq a receipt covers
  const waiting = new Map(); // device → [seq, resolve]
  let heldBack = 0;
  const onDown = (d, payload) => {
    let st;
    try {
      st = parseStatement(new Uint8Array(payload)).statement;
    } catch {
      return;
    }
    if (st.t !== "receipt" || st.refused) return;
    if (st.seq > (acked.get(d) ?? 0)) acked.set(d, st.seq);
    const w = waiting.get(d);
    if (w && st.seq > w[0]) {
      waiting.delete(d);
      w[1]();
    }
  };
  const receiptAbove = (d, seq, deadline) =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      waiting.set(d, [
        seq,
        () => {
          clearTimeout(t);
          resolve();
        },
      ]);
    });

  const clients = [];
  for (let i = 0; i < N; i += 50)
    clients.push(
      ...(await Promise.all(
        devices.slice(i, i + 50).map(async (d) => {
          const c = await mqtt.connectAsync(mqttUrl, {
            ...d.login(),
            protocolVersion: 4,
            reconnectPeriod: 0,
          });
          c.on("message", (_topic, payload) => onDown(d, payload));
          await c.subscribeAsync(downTopic(d.objectId), { qos: 1 });
          return c;
        }),
      )),
    );
  say(`${N} devices connected`);

  const samples = [];
  const t0 = Date.now();
  const sample = () => {
    const s = { t: (Date.now() - t0) / 60_000, ...memoryOf(backend.pid), heap: Number.NaN };
    samples.push(s);
    // The JS heap beside RSS tells a leak in our objects from caches in native code (SQLite, buffers).
    metric(api, "nodejs_heap_size_used_bytes").then(
      (b) => {
        s.heap = b / 2 ** 20;
      },
      () => {},
    );
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_MS);
  const progress = setInterval(async () => {
    const last = samples.at(-1);
    const accepted = await metric(api, "tet_ingest_accepted_total").catch(() => Number.NaN);
    say(
      `t=${last.t.toFixed(1)} min rss ${last.rss.toFixed(0)} MiB (anon ${last.anon.toFixed(0)}, file ${last.file.toFixed(0)}), heap ${last.heap.toFixed(0)} MiB, sent ${sent.reduce((a, b) => a + b, 0)}, accepted ${accepted}`,
    );
  }, 60_000);

  const failures = [];
  const end = t0 + RUN_MS;
  await Promise.all(
    devices.map(async (d, i) => {
      await sleep((i / N) * INTERVAL_MS); // spread the devices over the interval
      const topic = upTopic(d.objectId);
      for (let next = Date.now(); next < end; next += INTERVAL_MS) {
        // Like the agent: at most WINDOW statements beyond the last receipt; a reading due while
        // the window is full waits in the device (counted as held back).
        if (d.seq - (acked.get(d) ?? 0) >= WINDOW) {
          heldBack++;
          await receiptAbove(d, d.seq - WINDOW, end);
          if (Date.now() >= end) break;
        }
        const readings = {
          temperature: { v: 20 + (i % 10), u: "Cel" },
          "agent.outbox": { v: d.seq - (acked.get(d) ?? 0) },
        };
        try {
          await clients[i].publishAsync(topic, Buffer.from(d.state(readings)), { qos: 1 });
          sent[i]++;
        } catch (e) {
          failures.push(`${d.objectId}: ${e.message}`);
          return;
        }
        await sleep(Math.max(0, next + INTERVAL_MS - Date.now()));
      }
    }),
  );
  clearInterval(sampler);
  clearInterval(progress);
  sample();
  const total = sent.reduce((a, b) => a + b, 0);
  say(
    `load done: ${total} statements in ${((Date.now() - t0) / 1000).toFixed(0)} s (${(total / ((Date.now() - t0) / 1000)).toFixed(0)}/s)`,
  );
  // Every device's last statement must be covered by a signed receipt before it disconnects.
  const receiptsBy = Date.now() + 120_000;
  while (devices.some((d, i) => (acked.get(d) ?? 0) < sent[i]) && Date.now() < receiptsBy) await sleep(250);
  const unreceipted = devices.filter((d, i) => (acked.get(d) ?? 0) < sent[i]).length;
  say(
    `receipts: ${N - unreceipted}/${N} devices have a receipt for their last statement; ${heldBack} readings held back by a full window`,
  );
  await Promise.all(clients.map((c) => c.endAsync()));

  // The ledger must hold exactly what was sent: wait for the ingest to drain, then check.
  const drainBy = Date.now() + 120_000;
  while ((await metric(api, "tet_ingest_accepted_total")) < total && Date.now() < drainBy) await sleep(500);
  const problems = [...failures];
  if (unreceipted > 0) problems.push(`${unreceipted} devices without a receipt for their last statement`);
  const accepted = await metric(api, "tet_ingest_accepted_total");
  const refused = (await (await fetch(`${api}/metrics`)).text())
    .split("\n")
    .filter((l) => l.startsWith("tet_ingest_refused_total{"));
  if (accepted !== total) problems.push(`ingest accepted ${accepted}, devices sent ${total}`);
  if (refused.length > 0) problems.push(`refusals: ${refused.join(", ")}`);
  let mismatched = 0;
  for (let i = 0; i < N; i += 10)
    await Promise.all(
      devices.slice(i, i + 10).map(async (d, j) => {
        const { body } = await getJson(`${api}/v1/objects/${d.objectId}`);
        if ((body.state?.seq ?? 0) !== sent[i + j]) {
          mismatched++;
          if (mismatched <= 5)
            problems.push(`${d.objectId}: passport seq ${body.state?.seq}, sent ${sent[i + j]}`);
        }
      }),
    );
  const logSize = await metric(api, "tet_log_size");
  if (logSize !== N + total) problems.push(`log size ${logSize}, expected ${N} genesis + ${total} states`);
  say(
    `ledger: log size ${logSize} (${N} genesis + ${total} states), accepted ${accepted}, passports matching ${N - mismatched}/${N}`,
  );

  backend.kill("SIGINT");
  const code = await new Promise((r) => backend.once("exit", (c) => r(c)));
  if (code !== 0) problems.push(`the backend exited with ${code} on SIGINT`);

  // Bound: RSS under --max-rss-mib, and the JS heap — where our objects would leak — not growing after
  // warm-up. Anonymous native memory (SQLite's 128 MiB page cache per connection) and file-backed
  // pages (the database mapped with mmap) grow with the ledger up to their configured caps.
  const rss = samples.map((x) => x.rss);
  const steady = samples.filter((x) => x.t >= (RUN_MS / 60_000) * 0.2 && Number.isFinite(x.heap));
  const trend = (key) => slope(steady.length >= 2 ? steady : samples, key);
  const maxRss = Math.max(...rss);
  const last = samples.at(-1);
  say(
    `RSS over ${samples.length} samples: min ${Math.min(...rss).toFixed(0)} MiB, max ${maxRss.toFixed(0)} MiB, ` +
      `first ${rss[0].toFixed(0)}, last ${last.rss.toFixed(0)} (anon ${last.anon.toFixed(0)}, file ${last.file.toFixed(0)}); ` +
      `slopes after warm-up: RSS ${trend("rss").toFixed(2)}, anon ${trend("anon").toFixed(2)}, file ${trend("file").toFixed(2)}, JS heap ${trend("heap").toFixed(2)} MiB/min`,
  );
  const heap = samples.map((x) => x.heap).filter(Number.isFinite);
  say(
    `JS heap used: min ${Math.min(...heap).toFixed(0)} MiB, max ${Math.max(...heap).toFixed(0)} MiB, last ${heap.at(-1)?.toFixed(0)} MiB`,
  );
  if (maxRss > Number(o["max-rss-mib"]))
    problems.push(`RSS ${maxRss.toFixed(0)} MiB above ${o["max-rss-mib"]} MiB`);
  if (trend("heap") > Number(o["max-heap-slope-mib-per-min"]))
    problems.push(
      `the JS heap grows ${trend("heap").toFixed(2)} MiB/min after warm-up, above ${o["max-heap-slope-mib-per-min"]}`,
    );
  if (!o.keep) rmSync(data, { recursive: true, force: true });
  if (problems.length > 0) {
    say(`soak: FAILED\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  say("soak: OK — the ledger holds exactly what the devices sent, RSS bounded");
  process.exit(0);
}

main().catch((e) => {
  say(`soak: FAILED — ${e.stack ?? e.message}`);
  backend?.kill("SIGKILL");
  process.exit(1);
});
