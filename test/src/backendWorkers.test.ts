// The production-like topology of docker/compose.yaml without a container engine: two
// `tet-backend serve` workers of one real Mosquitto (MQTT 5 shared subscription) appending to one
// PostgreSQL ledger under the lease — worker 1 with the passport API (role all), worker 2 ingest only.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  type EmbeddedPostgresServer,
  loadOrCreateKey,
  SimulatedDevice,
  startEmbeddedPostgres,
} from "@tet/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mosquitto, missing, publishStates, startMosquitto, until } from "./support/index.js";

const skip = missing("mosquitto");
const root = new URL("../../", import.meta.url).pathname;
const DEVICES = 4;
const PER_DEVICE = 60;

interface Worker {
  child: ChildProcess;
  http: string;
  exited: Promise<number | null>;
}

async function serve(env: Record<string, string>): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "backend/src/bin/tet-backend.ts", "serve"],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  child.stderr?.on("data", (c) => {
    err = (err + c).slice(-4000);
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const ready = await new Promise<{ http: string[] }>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`tet-backend serve exited ${code}: ${err}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => {
      if (l.startsWith('{"ready"')) resolve(JSON.parse(l));
    });
  });
  return { child, http: ready.http[0] as string, exited };
}

const metric = async (w: Worker, name: string) => {
  const text = await (await fetch(`${w.http}/metrics`)).text();
  return Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${name} `))
      ?.split(" ")[1] ?? Number.NaN,
  );
};

describe.skipIf(skip)(
  "two tet-backend serve workers: Mosquitto shared subscription, one PostgreSQL ledger",
  {
    timeout: 180_000,
  },
  () => {
    let pg: EmbeddedPostgresServer;
    let mosq: Mosquitto;
    let dir: string;
    const workers: Worker[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "tet-workers-"));
      loadOrCreateKey(join(dir, "log-key.pem")); // one log key for both workers, as the compose init job makes
      [pg, mosq] = await Promise.all([
        startEmbeddedPostgres(),
        startMosquitto({ backendUser: "tet-backend" }),
      ]);
      const url = await pg.createDatabase("workers");
      const common = {
        TET_DATA: dir,
        TET_PG: url,
        TET_LEASE: "true",
        TET_MQTT_URL: `mqtt://[::1]:${mosq.port}`,
        TET_HTTP_PORT: "0",
        TET_CHAIN: "off",
        TET_LOG_LEVEL: "warn",
      };
      workers.push(await serve({ ...common, TET_WORKER_ID: "1", TET_ROLE: "all" }));
      workers.push(
        await serve({ ...common, TET_WORKER_ID: "2", TET_ROLE: "ingest", TET_WATCH_SUBSCRIPTIONS: "false" }),
      );
    }, 180_000);
    afterAll(async () => {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await mosq?.close();
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it("splits the devices' statements between the workers, serves them from worker 1's passports, and stops cleanly", async () => {
      const [api, ingestOnly] = workers as [Worker, Worker];
      const devices = Array.from({ length: DEVICES }, () => SimulatedDevice.create({ class: "pool-sensor" }));
      for (const d of devices) {
        const r = await fetch(`${api.http}/v1/statements`, {
          method: "POST",
          headers: { "content-type": "application/cose" },
          body: Buffer.from(d.genesis),
        });
        expect(r.status, await r.clone().text()).toBe(201);
      }
      await publishStates(`mqtt://[::1]:${mosq.port}`, devices, PER_DEVICE);
      for (const d of devices)
        await until(
          async () => {
            const p = (await (await fetch(`${api.http}/v1/objects/${d.objectId}`)).json()) as {
              state?: { seq?: number };
            };
            return p.state?.seq === PER_DEVICE;
          },
          `${d.objectId}'s last state in worker 1's passport`,
          { ms: 120_000, everyMs: 200 },
        );
      const accepted = [
        await metric(api, "tet_ingest_accepted_total"),
        await metric(ingestOnly, "tet_ingest_accepted_total"),
      ];
      expect(accepted[0]).toBeGreaterThan(0);
      expect(accepted[1]).toBeGreaterThan(0);
      expect((accepted[0] ?? 0) + (accepted[1] ?? 0)).toBe(DEVICES * PER_DEVICE);
      expect(await metric(ingestOnly, "tet_log_size")).toBe(DEVICES * (PER_DEVICE + 1));
      const bundle = await fetch(`${api.http}/v1/objects/${devices[0]?.objectId}/bundle`);
      expect(bundle.status).toBe(200);
      for (const w of workers) expect((await fetch(`${w.http}/readyz`)).status).toBe(200);
      expect((await fetch(`${ingestOnly.http}/v1/objects/${devices[0]?.objectId}`)).status).toBe(404);
      for (const w of workers) w.child.kill("SIGTERM");
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    });
  },
);
