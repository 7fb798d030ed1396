import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, type AgentConfig, createDriver, type SensorConfig } from "@tet/agent";
import type { BridgeSensorDriver } from "@tet/agent/test-support";
import { backendConfig, type RunningBackend, startBackend } from "@tet/backend";
import { loadRegisterMap, readyMapPath } from "@tet/firmware-bridge";
import {
  buildC,
  SimulatedMcu,
  socatPair,
  startModbusServer,
  toolsMissing,
} from "@tet/firmware-bridge/test-support";
import { didKeyFromPublicKey, publicKeyFromDidKey, signStatement } from "@tet/schemas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { avatar, until } from "./support/index.js";

// The firmware bridge end to end: a microcontroller (a real C program on a pseudo-terminal, a
// simulated pass-through MCU on TCP) or a Modbus meter → the agent's bridge drivers → MQTT → the real
// backend → signed statements in the avatar's history, read back over the passport HTTP API.
const root = mkdtempSync(join(tmpdir(), "tet-fw-bridge-"));
let backend: RunningBackend;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let mqttPort = 0;
const start = async () => {
  backend = await startBackend(
    backendConfig({}, { dataDir: join(root, "backend"), httpPort: 0, mqttPort, wsPort: 0, chain: "off" }),
  );
  mqttPort = backend.broker.port;
};
/** Stops the backend and starts it again on the same data and MQTT port (agents reconnect). */
async function restartBackend() {
  await backend.close();
  await start();
}
beforeAll(start);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

const brokerUrl = () => `mqtt://[::1]:${backend.broker.port}`;

/** A fresh avatar (support/avatar.ts: owner, device key, genesis) created over HTTP by its owner. */
async function enrolled() {
  const a = avatar(mkdtempSync(join(root, "avatar-")));
  const r = await fetch(`${backend.urls.http[0]}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(a.genesis),
  });
  expect(r.status, await r.text()).toBe(201);
  return a;
}

/** A running agent for a fresh avatar, with the given `[[sensor]]` tables. */
async function agentWith(sensors: SensorConfig[]) {
  const a = await enrolled();
  const config: AgentConfig = {
    objectId: a.objectId,
    keyPath: "unused",
    dataDir: mkdtempSync(join(root, "agent-")),
    genesisPath: a.genesisPath,
    broker: {
      url: brokerUrl(),
      protocol: 4,
      caPath: undefined,
      logKey: backend.logKey,
      keepalive: 30,
      backoffMin: 0.05,
      backoffMax: 0.5,
    },
    outbox: { maxBytes: 1 << 20, policy: "drop-oldest", window: 64 },
    sensors,
  };
  // The drivers the configuration names, built here so a test can watch a driver's line.
  const drivers = sensors.map((s) => ({
    driver: createDriver(s),
    intervalMs: s.interval * 1000,
    heartbeatMs: s.heartbeat * 1000,
  }));
  const agent = new Agent({ config, signer: a.device, drivers });
  const log: string[] = [];
  agent.on("log", (l) => log.push(l));
  cleanups.push(() => agent.stop());
  agent.start();
  return { agent, log, drivers: drivers.map((d) => d.driver), ...a };
}

interface Item {
  kind: string;
  seq?: number;
  signer?: string;
  statement?: { readings?: Record<string, { v: unknown; u?: string }> };
  cose?: string;
}

async function history(id: string): Promise<Item[]> {
  const r = await fetch(`${backend.urls.http[0]}/v1/objects/${id}/history?limit=1000`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { items: Item[] }).items;
}

/** A state's readings without the one the agent adds of its own (`agent.outbox`). */
function bridged(item: Item) {
  const { "agent.outbox": _outbox, ...readings } = item.statement?.readings ?? {};
  return readings;
}

/** Waits until the avatar's history holds a state statement whose readings match `want`. */
async function stateWith(id: string, want: (r: Record<string, { v: unknown; u?: string }>) => boolean) {
  let found: Item | undefined;
  await until(async () => {
    found = (await history(id)).find((i) => i.kind === "state" && want(i.statement?.readings ?? {}));
    return found !== undefined;
  }, `a state statement in ${id}`).catch(async (e) => {
    console.log(JSON.stringify((await history(id)).map((i) => i.statement)));
    throw e;
  });
  return found!;
}

describe.skipIf(toolsMissing("cc", "socat"))(
  "a C sensor on a serial line → the agent → the avatar's history",
  () => {
    it("stores the bridged readings as state statements signed by the agent's device key", async () => {
      const pty = await socatPair();
      cleanups.push(pty.close);
      const a = await agentWith([
        {
          driver: "bridge",
          interval: 1,
          heartbeat: 60,
          options: { transport: `serial:${pty.host}?baud=115200` },
        },
      ]);
      await until(() => a.agent.link.state === "connected", "the agent's link");
      // A serial port flushes what arrived before it was opened: start the MCU once it is open.
      const line = (a.drivers[0] as BridgeSensorDriver).bridge;
      await until(() => line.state === "open", "the bridge's serial port");
      const program = spawn(buildC("examples/tb_sensor.c"), [pty.mcu, "3"], { stdio: "inherit" });
      cleanups.push(() => program.kill());
      const item = await stateWith(a.objectId, (r) => r.door?.v === true);
      expect(item.signer).toBe(didKeyFromPublicKey(a.device.publicKey));
      expect(bridged(item)).toEqual({
        firmware: { v: "1.0.0" },
        temperature: { v: 22.25, u: "Cel" },
        humidity: { v: 45, u: "%RH" },
        door: { v: true },
        // the junk before the first frame and the frame with a flipped bit: counted, visible, skipped
        "bridge.rejected": { v: 2 },
      });
      const temps = (await history(a.objectId)).flatMap((i) =>
        i.kind === "state" ? [i.statement?.readings?.temperature?.v] : [],
      );
      expect(temps.filter((t) => t !== undefined)).toEqual([20, 20.5, 21, 21, 22.25, 22.25]); // snapshots: the rejection and the event repeat the last
    });
  },
);

/** A pass-through MCU with its own avatar on a TCP line, and an agent whose bridge forwards for it. */
async function passThrough() {
  const mcuAvatar = await enrolled();
  const mcuKey = mcuAvatar.device; // the key lives in the MCU; the agent never holds it
  const mcu = new SimulatedMcu(mcuAvatar.object, mcuKey, publicKeyFromDidKey(backend.logKey));
  const port = await mcu.listen();
  cleanups.push(() => mcu.close());
  const a = await agentWith([
    {
      driver: "bridge",
      interval: 1,
      heartbeat: 60,
      options: { transport: `tcp://127.0.0.1:${port}`, passthrough: mcuAvatar.objectId, broker: brokerUrl() },
    },
  ]);
  return { mcu, mcuAvatar, mcuKey, a };
}

describe("a pass-through MCU → the agent, untouched → the MCU's own avatar", () => {
  it("stores the statements the MCU signed, byte for byte, and brings their receipts back to the MCU", async () => {
    const { mcu, mcuAvatar, mcuKey, a } = await passThrough();
    const receipts: number[] = [];
    mcu.on("receipt", (seq) => receipts.push(seq));
    for (let i = 0; i < 3; i++) mcu.report({ temperature: { v: 19 + i, u: "Cel" } });
    await until(() => mcu.acked === 3, "receipts for the MCU's three statements");
    const items = (await history(mcuAvatar.objectId)).filter((i) => i.kind === "state");
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(items.every((i) => i.signer === didKeyFromPublicKey(mcuKey.publicKey))).toBe(true);
    expect(items.map((i) => i.cose)).toEqual(mcu.signed.map((b) => Buffer.from(b).toString("base64")));
    expect(mcu.unacked.size).toBe(0);

    // The line drops; what the MCU signs meanwhile waits in its own buffer and is resent after the
    // bridge reconnects and asks for a login.
    mcu.dropLine();
    mcu.report({ temperature: { v: 25, u: "Cel" } });
    await until(() => mcu.acked === 4, "the receipt for the statement signed while the line was down");
    // Statements the backend would refuse never leave the agent: another object's, a non-device kind.
    const stranger = await enrolled();
    mcu.sendStatement(
      signStatement(
        {
          v: 1,
          t: "state",
          ts: Date.now(),
          obj: stranger.object,
          seq: 1,
          prev: new Uint8Array(32),
          readings: { x: { v: 1 } },
        },
        mcuKey,
      ),
    );
    mcu.sendStatement(
      signStatement(
        { v: 1, t: "event", ts: Date.now(), obj: mcuAvatar.object, event: "note", text: "hi" },
        mcuKey,
      ),
    );
    const gateway = await stateWith(a.objectId, (r) => r["bridge.rejected"]?.v === 2);
    expect(gateway.signer).toBe(didKeyFromPublicKey(a.device.publicKey));
    expect((await history(stranger.objectId)).filter((i) => i.kind === "state")).toEqual([]);
    // Nothing of the MCU's went into the agent's own avatar.
    expect(
      (await history(a.objectId)).filter((i) => i.signer === didKeyFromPublicKey(mcuKey.publicKey)),
    ).toEqual([]);
  });
  it("logs in again with a fresh connect statement the MCU signs after the broker restarts", async () => {
    const { mcu, mcuAvatar } = await passThrough();
    mcu.report({ temperature: { v: 18, u: "Cel" } });
    await until(() => mcu.acked === 1, "the first receipt");
    await restartBackend();
    // Signed while the broker is down: queued by the agent and kept by the MCU until a receipt.
    mcu.report({ temperature: { v: 17.5, u: "Cel" } });
    await until(() => mcu.acked === 2, "the receipt after the restart", { ms: 60_000 });
    const seqs = (await history(mcuAvatar.objectId)).filter((i) => i.kind === "state").map((i) => i.seq);
    expect(seqs).toEqual([1, 2]);
  }, 90_000);
});

describe("a Modbus meter → the agent → the avatar's history", () => {
  it("stores the polled registers as a signed state statement", async () => {
    const sensor = await startModbusServer(loadRegisterMap(readyMapPath("xy-md02")), {
      temperature: -3.4,
      humidity: 56.7,
    });
    cleanups.push(sensor.close);
    const a = await agentWith([
      {
        driver: "modbus",
        interval: 1,
        heartbeat: 60,
        options: { line: `tcp://127.0.0.1:${sensor.port}`, map: "xy-md02" },
      },
    ]);
    const item = await stateWith(a.objectId, (r) => r.temperature !== undefined);
    expect(item.statement?.readings).toMatchObject({
      temperature: { v: -3.4, u: "Cel" },
      humidity: { v: 56.7, u: "%RH" },
    });
    expect(item.signer).toBe(didKeyFromPublicKey(a.device.publicKey));
  });
});
