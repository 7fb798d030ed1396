// External-broker mode with two backend processes: a real Mosquitto deals `up` messages round-robin
// over the shared subscription $share/tet-ingest/tet/v1/o/+/up; both workers append to one
// PostgreSQL ledger under a lease, and together store each statement exactly once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EmbeddedPostgresServer,
  PostgresStore,
  SimulatedDevice,
  StatementLedger,
  startEmbeddedPostgres,
} from "@tet/backend";
import { nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Child,
  holdings,
  isExactChain,
  logKey,
  type Mosquitto,
  missing,
  publishStates,
  spawnTs,
  startMosquitto,
  until,
} from "./support/index.js";

const skip = missing("mosquitto");
const DEVICES = 6;
const PER_DEVICE = 150;

describe.skipIf(skip)(
  "two backend workers on one Mosquitto shared subscription",
  { timeout: 180_000 },
  () => {
    let pgServer: EmbeddedPostgresServer;
    let url: string;
    let mosq: Mosquitto;
    let dir: string;
    const workers: Child[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "tet-shared-"));
      [pgServer, mosq] = await Promise.all([
        startEmbeddedPostgres(),
        startMosquitto({ backendUser: "tet-backend" }),
      ]);
      url = await pgServer.createDatabase("shared");
    }, 180_000);
    afterAll(async () => {
      for (const w of workers) await w.kill("SIGKILL");
      await mosq?.close();
      await pgServer?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it("splits the load and appends every statement exactly once", async () => {
      const key = logKey();
      const devices = Array.from({ length: DEVICES }, () => SimulatedDevice.create());
      const store = await PostgresStore.open(url);
      const ledger = await StatementLedger.open({
        store,
        origin: "e2e.tet/log",
        signer: key.signer,
        verifier: nodeVerifier,
      });
      for (const d of devices) await ledger.append(d.genesis);
      await ledger.close();
      for (const n of [1, 2]) {
        const w = spawnTs("test/src/fixtures/backendMain.ts", {
          env: {
            TET_BACKEND: JSON.stringify({
              pg: url,
              lease: true,
              gapRetryMs: 60_000,
              logKey: key.hex,
              mode: "external",
              url: `mqtt://[::1]:${mosq.port}`,
              clientId: `tet-backend-${n}`,
              watchSubscriptions: n === 1,
            }),
          },
        });
        workers.push(w);
        await w.line(/^READY/);
      }
      await publishStates(`mqtt://[::1]:${mosq.port}`, devices, PER_DEVICE);
      let counts: number[] = [];
      await until(
        async () => {
          const all = await Promise.all(devices.map((d) => holdings(store, d.object)));
          counts = all.map((h) => h.seqs.length);
          return all.every((h) => h.seqs.length >= PER_DEVICE);
        },
        "every statement in the ledger",
        { ms: 150_000, everyMs: 100 },
      ).catch(async (e: Error) => {
        const said = await Promise.all(
          workers.map(async (w) => {
            await w.kill("SIGTERM");
            return w.lines.at(-1);
          }),
        );
        throw new Error(
          `${e.message}: seqs per device ${counts.join(", ")}; workers said ${said.join(" | ")}`,
        );
      });
      const metrics = await Promise.all(
        workers.map(async (w) => {
          await w.kill("SIGTERM");
          const line = await w.line(/^METRICS/);
          return JSON.parse(line.slice(8)) as Record<string, Record<string, number>>;
        }),
      );
      for (const d of devices) {
        const h = await holdings(store, d.object);
        expect(h.kinds).toEqual({ genesis: 1, state: PER_DEVICE });
        expect(isExactChain(h.seqs)).toBe(true);
      }
      const accepted = metrics.map((m) => m.ingest_accepted?.total ?? 0);
      expect(accepted[0]).toBeGreaterThan(0);
      expect(accepted[1]).toBeGreaterThan(0);
      expect((accepted[0] ?? 0) + (accepted[1] ?? 0)).toBe(DEVICES * PER_DEVICE);
      expect(metrics.map((m) => m.ingest_refused ?? {})).toEqual([{}, {}]);
      await store.close();
    });
  },
);
