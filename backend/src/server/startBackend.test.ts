import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downTopic, openStatement, upTopic } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../ingest/index.js";
import { Actor, genesis } from "../test-support/index.js";
import { backendConfig, loadBackendConfig } from "./backendConfig.js";
import { startBackend } from "./startBackend.js";

const dataDir = mkdtempSync(join(tmpdir(), "tet-backend-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = () =>
  backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, anchorEveryMs: 0, chain: "anvil" });

describe("startBackend (the composition behind tet-backend serve and npm start)", () => {
  const device = SimulatedDevice.create({ class: "desk" });
  let firstDeployment: unknown;
  let logKey: string;

  it("serves HTTP on IPv6 and IPv4, takes a genesis by HTTP and device state by MQTT, and answers with a signed receipt", async () => {
    const b = await startBackend(config());
    try {
      logKey = b.logKey;
      firstDeployment = b.chain?.deployment;
      expect(statSync(join(dataDir, "log-key.pem")).mode & 0o777).toBe(0o600);
      const post = await fetch(`${b.urls.http[0]}/v1/statements`, {
        method: "POST",
        headers: { "content-type": "application/cose" },
        body: Buffer.from(device.genesis),
      });
      expect(post.status).toBe(201);

      const client = await mqtt.connectAsync(b.urls.mqtt[1] as string, {
        ...device.login(),
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const receipt = new Promise<Uint8Array>((resolve) => {
        client.on("message", (_topic, payload) => {
          const { statement } = openStatement(new Uint8Array(payload), { verifier: nodeVerifier });
          if (statement.t === "receipt" && statement.seq === 1) resolve(new Uint8Array(payload));
        });
      });
      await client.subscribeAsync(downTopic(device.objectId), { qos: 1 });
      await client.publishAsync(
        upTopic(device.objectId),
        Buffer.from(device.state({ temperature: { v: 21.5, u: "Cel" } })),
        { qos: 1 },
      );
      const r = openStatement(await receipt, { verifier: nodeVerifier });
      expect(r.signer).toEqual(b.ledger.logKey);
      await client.endAsync();

      const passport = await fetch(`${b.urls.http[1]}/v1/objects/${device.objectId}`, {
        headers: { accept: "application/json" },
      });
      expect(passport.status).toBe(200);
      expect(JSON.stringify(await passport.json())).toContain("21.5");
      expect(b.chain?.deployment).toBeDefined();
      const ready = await fetch(`${b.urls.http[0]}/readyz`);
      expect(await ready.json()).toMatchObject({
        ready: true,
        checks: { chain: { ok: true }, broker: { ok: true } },
      });
    } finally {
      await b.close();
    }
  });

  it("restarts on the same data: the same log key, the history kept, the contracts not deployed again", async () => {
    const b = await startBackend(config());
    try {
      expect(b.logKey).toBe(logKey);
      expect(b.chain?.deployment).toEqual(firstDeployment);
      const history = await fetch(`${b.urls.http[0]}/v1/objects/${device.objectId}/history`);
      const body = (await history.json()) as { items?: unknown[]; entries?: unknown[] };
      expect(JSON.stringify(body)).toContain('"state"');
    } finally {
      await b.close();
    }
  });

  it("takes clock_skew_ms from its configuration to the acceptance rules (a genesis 10 s ahead: refused at 1,000 ms, taken at the default)", async () => {
    const skewDir = mkdtempSync(join(tmpdir(), "tet-backend-skew-"));
    const flags = new Map([["clock-skew-ms", "1000"]]);
    expect(loadBackendConfig({ env: {}, flags }).clockSkewMs).toBe(1000);
    expect(loadBackendConfig({ env: {} }).clockSkewMs).toBe(300_000);
    const post = (b: { urls: { http: string[] } }, bytes: Uint8Array) =>
      fetch(`${b.urls.http[0]}/v1/statements`, {
        method: "POST",
        headers: { "content-type": "application/cose" },
        body: Buffer.from(bytes),
      });
    const ahead = () => genesis(new Actor(), { ts: Date.now() + 10_000 }).bytes;
    const ports = { dataDir: skewDir, httpPort: 0, mqttPort: 0, wsPort: 0, chain: "off" as const };
    try {
      const strict = await startBackend({ ...loadBackendConfig({ env: {}, flags }), ...ports });
      try {
        const r = await post(strict, ahead());
        expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([422, "FUTURE_TIMESTAMP"]);
      } finally {
        await strict.close();
      }
      const lenient = await startBackend(backendConfig({}, ports));
      try {
        expect((await post(lenient, ahead())).status).toBe(201);
      } finally {
        await lenient.close();
      }
    } finally {
      rmSync(skewDir, { recursive: true, force: true });
    }
  });
});
