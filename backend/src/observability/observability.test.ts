import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downTopic, upTopic } from "@tet/schemas";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../ingest/index.js";
import { backendConfig, type RunningBackend, startBackend } from "../server/index.js";
import { createLogger, lineLogger } from "./createLogger.js";
import { checkReadiness } from "./readiness.js";

const dirs: string[] = [];
const start = () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tet-obs-"));
  dirs.push(dataDir);
  return startBackend(backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off" }));
};
/** Polls `f` until it returns true: an event we cannot subscribe to (a scrape, a checkpoint). */
async function until(f: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const scrape = async (b: RunningBackend) => (await fetch(`${b.urls.http[0]}/metrics`)).text();
const value = (text: string, series: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("observability: /metrics, /healthz, /readyz of a running backend", () => {
  let a: RunningBackend;
  let b: RunningBackend;
  const device = SimulatedDevice.create({ class: "pool-sensor" });
  beforeAll(async () => {
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("counts ingest, refusals by code, the log, agents' outbox depth — per backend, in one process", async () => {
    const post = await fetch(`${a.urls.http[0]}/v1/statements`, {
      method: "POST",
      headers: { "content-type": "application/cose" },
      body: Buffer.from(device.genesis),
    });
    expect(post.status).toBe(201);
    const client = await mqtt.connectAsync(a.urls.mqtt[0] as string, {
      ...device.login(),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await client.subscribeAsync(downTopic(device.objectId), { qos: 1 });
    const readings = { chlorine: { v: 1.4, u: "ppm" }, "agent.outbox": { v: 5 } };
    await client.publishAsync(upTopic(device.objectId), Buffer.from(device.state(readings)), { qos: 1 });
    await client.publishAsync(upTopic(device.objectId), Buffer.from("not a statement"), { qos: 1 });
    await client.endAsync();
    let text = "";
    await until(async () => {
      text = await scrape(a);
      return (
        value(text, "tet_ingest_accepted_total") === 1 && text.includes("tet_ingest_refused_total{code=")
      );
    }, "the accepted and the refused statement in /metrics");
    expect(value(text, "tet_ingest_received_total")).toBe(2);
    expect(text).toMatch(/^tet_ingest_refused_total\{code="[A-Z_]+"\} 1$/m);
    expect(value(text, "tet_log_size")).toBe(2);
    expect(value(text, "tet_agent_outbox_depth_max")).toBe(5);
    expect(value(text, "tet_agent_outbox_reporting")).toBe(1);
    expect(value(text, "tet_log_disk_bytes")).toBeGreaterThan(0);
    expect(value(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(text).toContain("# TYPE tet_ingest_accepted_total counter");
    const other = await scrape(b);
    expect(value(other, "tet_ingest_accepted_total")).toBe(0);
    expect(value(other, "tet_log_size")).toBe(0);
    expect(value(other, "tet_log_checkpoint_age_seconds")).toBe(-1);
  });

  it("times proof answers in a histogram and ages the checkpoint", async () => {
    await until(
      async () => value(await scrape(a), "tet_log_checkpoint_size") === 2,
      "a checkpoint over both entries",
    );
    const proof = await fetch(`${a.urls.http[1]}/v1/log/proof/inclusion?index=0`);
    expect(proof.status).toBe(200);
    await proof.json();
    let text = "";
    await until(async () => {
      text = await scrape(a);
      return value(text, 'tet_proof_seconds_count{kind="inclusion"}') === 1;
    }, "the proof's latency in /metrics");
    expect(value(text, 'tet_proof_seconds_bucket{le="+Inf",kind="inclusion"}')).toBe(1);
    expect(value(text, "tet_log_checkpoint_age_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("is live and ready; not ready once its broker is closed", async () => {
    const health = await fetch(`${b.urls.http[0]}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${b.urls.http[0]}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { ledger: { ok: true }, log: { ok: true }, broker: { ok: true } },
    });
    await b.broker.close();
    const after = await fetch(`${b.urls.http[0]}/readyz`);
    expect(after.status).toBe(503);
    expect(await after.json()).toMatchObject({
      ready: false,
      checks: { ledger: { ok: true }, log: { ok: true }, broker: { ok: false } },
    });
  });
});

describe("readiness checks and logs", () => {
  it("a check that hangs fails after its timeout, the others still pass", async () => {
    const r = await checkReadiness({ fast: async () => {}, hung: () => new Promise(() => {}) }, 50);
    expect(r).toEqual({
      ready: false,
      checks: { fast: { ok: true }, hung: { ok: false, error: "no answer in 50 ms" } },
    });
  });

  it("logs JSON lines with the component taken from the line's prefix", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (s) => void lines.push(s) } });
    lineLogger(logger)("ingest: refused SEQ_GAP from abc");
    logger.debug("not at info");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 30,
      component: "ingest",
      msg: "refused SEQ_GAP from abc",
    });
  });
});
