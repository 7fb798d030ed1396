import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, openStatement, type Statement } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Ingest, SimulatedDevice } from "../ingest/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import { type Broker, startBroker } from "./index.js";

const logKey = nodeSigner(generatePrivateKey());
let dir: string;
let ledger: StatementLedger;
let ingest: Ingest;
let broker: Broker;
const clients: MqttClient[] = [];
const backend = { username: "tet-backend", password: "s3cret-token" };

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Connects a device; collects what arrives on its down. */
async function device(
  d: SimulatedDevice,
  url = `mqtt://[::1]:${broker.port}`,
  extra: mqtt.IClientOptions = {},
) {
  const down: Statement[] = [];
  const client = await mqtt.connectAsync(url, {
    ...d.login(),
    reconnectPeriod: 0,
    protocolVersion: 4,
    ...extra,
  });
  clients.push(client);
  client.on("message", (_t, payload) =>
    down.push(openStatement(payload, { verifier: nodeVerifier }).statement),
  );
  return { client, down };
}

/** The CONNACK return code of a refused login. */
async function refusedCode(opts: mqtt.IClientOptions): Promise<number | undefined> {
  const err = await mqtt
    .connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0, protocolVersion: 4, ...opts })
    .then((c) => {
      clients.push(c);
      return undefined;
    })
    .catch((e: { code?: number }) => e);
  return err?.code;
}

/** The SUBACK return code for one filter (mqtt.js rejects on 0x80 and carries the packet). */
async function subackCode(client: MqttClient, filter: string): Promise<number | undefined> {
  return client.subscribeAsync(filter, { qos: 1 }).then(
    (g) => g[0]?.qos,
    (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.[0],
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tet-broker-"));
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  ledger = await StatementLedger.open({
    store,
    origin: "test.tet/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  ingest = new Ingest({ ledger, signer: logKey, log: () => undefined });
  broker = await startBroker({ ingest, store, port: 0, wsPort: 0, backend, log: () => undefined });
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await broker?.close();
  await ingest?.close();
  await ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("embedded broker", () => {
  it("listens on IPv6 and IPv4, and ingests a device's statements with receipts", async () => {
    expect(broker.listening).toEqual([
      `[::]:${broker.port}`,
      `0.0.0.0:${broker.port}`,
      `ws://[::]:${broker.wsPort}/mqtt`,
    ]);
    const d = SimulatedDevice.create();
    await ledger.append(d.genesis);
    const { client, down } = await device(d);
    await client.subscribeAsync(`tet/v1/o/${d.objectId}/down`, { qos: 1 });
    await until(() => down.length === 2, "the authority chain and the receipt at seq 0");
    expect(down.map((s) => [s.t, "seq" in s ? s.seq : undefined])).toEqual([
      ["genesis", undefined],
      ["receipt", 0],
    ]);
    for (let i = 0; i < 50; i++)
      await client.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(d.state()), { qos: 1 });
    await until(() => down.some((s) => s.t === "receipt" && s.seq === 50), "the receipt for seq 50");
    expect(ledger.log.size).toBe(51);
    const v4 = await device(d, `mqtt://127.0.0.1:${broker.port}`);
    expect(v4.client.connected).toBe(true);
  });

  it("hands a device's up to the ingest alone, past aedes' routing (IngestingAedes' interception point)", async () => {
    const d = SimulatedDevice.create();
    await ledger.append(d.genesis);
    const watcher = await mqtt.connectAsync(`mqtt://[::1]:${broker.port}`, {
      ...backend,
      clientId: "tet-watcher",
      reconnectPeriod: 0,
      protocolVersion: 4,
    });
    clients.push(watcher);
    const seen: string[] = [];
    watcher.on("message", (topic) => seen.push(topic));
    await watcher.subscribeAsync(["tet/v1/o/+/up", `tet/v1/o/${d.objectId}/down`], { qos: 1 });
    const { client, down } = await device(d);
    await client.subscribeAsync(`tet/v1/o/${d.objectId}/down`, { qos: 1 });
    await client.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(d.state()), { qos: 1 });
    await until(() => down.some((s) => s.t === "receipt" && s.seq === 1), "the receipt for seq 1");
    // The receipt reached the watcher through aedes' routing; the statement before it never did.
    await until(() => seen.length >= 3, "the chain and the receipts at the watcher");
    expect(seen.every((t) => t === `tet/v1/o/${d.objectId}/down`)).toBe(true);
  });

  it("leaves logins of client families it was not given to no one: a payer's username is refused", async () => {
    const before = broker.metrics().broker_refused?.LOGIN_BAD_CREDENTIAL ?? 0;
    const payer = `payer:0x${"ab".repeat(20)}`;
    expect(
      await refusedCode({ clientId: `payer-0x${"ab".repeat(20)}`, username: payer, password: "{}" }),
    ).toBe(5);
    expect(broker.metrics().broker_refused?.LOGIN_BAD_CREDENTIAL).toBe(before + 1);
  });

  it("refuses logins that are not a fresh connect statement by a bound device key, with return code 5", async () => {
    const d = SimulatedDevice.create();
    await ledger.append(d.genesis);
    const stranger = nodeSigner(generatePrivateKey());
    const login = d.login();
    expect(await refusedCode(login)).toBeUndefined(); // the good one
    const cases: [string, mqtt.IClientOptions][] = [
      ["LOGIN_REPLAY", login],
      ["LOGIN_STALE", d.login(Date.now() - 120_000)],
      ["LOGIN_BAD_CLIENT_ID", { ...d.login(), clientId: "someone" }],
      ["LOGIN_KEY_NOT_BOUND", { ...d.login(), password: Buffer.from(d.connect(Date.now(), stranger)) }],
      ["LOGIN_MALFORMED", { ...d.login(), password: Buffer.from("hunter2") }],
      ["LOGIN_BAD_CREDENTIAL", { clientId: "x", username: backend.username, password: "wrong" }],
    ];
    for (const [code, opts] of cases) {
      const before = broker.metrics().broker_refused?.[code] ?? 0;
      expect(await refusedCode(opts), code).toBe(5);
      expect(broker.metrics().broker_refused?.[code], code).toBe(before + 1);
    }
  });

  it("keeps a device to its own up and down: SUBACK 0x80, and a publish elsewhere is stored nowhere", async () => {
    const a = SimulatedDevice.create();
    const b = SimulatedDevice.create();
    await ledger.append(a.genesis);
    await ledger.append(b.genesis);
    const { client, down } = await device(a);
    await client.subscribeAsync(`tet/v1/o/${a.objectId}/down`, { qos: 1 });
    expect(await subackCode(client, `tet/v1/o/${b.objectId}/down`)).toBe(128);
    expect(await subackCode(client, "tet/v1/o/+/up")).toBe(128);
    const size = ledger.log.size;
    await client.publishAsync(`tet/v1/o/${b.objectId}/up`, Buffer.from(b.state()), { qos: 1 });
    await until(
      () => down.some((s) => s.t === "receipt" && s.refused?.code === "NOT_AUTHORIZED"),
      "the refusal",
    );
    expect(ledger.log.size).toBe(size);
    expect(broker.metrics().broker_refused?.PUBLISH_DENIED).toBe(1);
  });

  it("serves MQTT over WebSocket", async () => {
    const d = SimulatedDevice.create();
    await ledger.append(d.genesis);
    const { client, down } = await device(d, `ws://127.0.0.1:${broker.wsPort}/mqtt`, {
      createWebsocket: (url: string, protocols: string[]) => new WebSocket(url, protocols) as never,
    } as mqtt.IClientOptions);
    await client.subscribeAsync(`tet/v1/o/${d.objectId}/down`, { qos: 1 });
    await client.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(d.state()), { qos: 1 });
    await until(() => down.some((s) => s.t === "receipt" && s.seq === 1), "the receipt over WebSocket");
  });
});

describe("flow control", () => {
  it("holds publishers past the high-water mark instead of refusing: a flood larger than the ingest's queue is appended whole", async () => {
    const d2 = mkdtempSync(join(tmpdir(), "tet-broker-flow-"));
    const store = await SqliteStore.open(join(d2, "ledger.db"));
    const l2 = await StatementLedger.open({
      store,
      origin: "test.tet/log",
      signer: logKey,
      verifier: nodeVerifier,
    });
    const lines: string[] = [];
    // maxQueued 64: without flow control, 1,000 statements published at once would be refused OVERLOADED.
    const i2 = new Ingest({
      ledger: l2,
      signer: logKey,
      maxQueued: 64,
      log: (l) => lines.push(l),
    });
    const b2 = await startBroker({
      ingest: i2,
      store,
      port: 0,
      hosts: ["::1"],
      highWater: 16,
      log: () => undefined,
    });
    try {
      const devices = Array.from({ length: 4 }, () => SimulatedDevice.create());
      for (const d of devices) await l2.append(d.genesis);
      let maxQueued = 0;
      const sample = setInterval(() => (maxQueued = Math.max(maxQueued, i2.queued)), 1);
      const sent = devices.map(async (d) => {
        const { client } = await device(d, `mqtt://[::1]:${b2.port}`);
        const chain = Array.from({ length: 250 }, () => d.state());
        await Promise.all(
          chain.map((b) => client.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(b), { qos: 1 })),
        );
      });
      await Promise.all(sent);
      await until(() => l2.log.size === 4 + 1000, "all 1,000 statements in the log", 30_000);
      clearInterval(sample);
      expect(i2.metrics().ingest_refused).toBeUndefined();
      expect(lines).toEqual([]);
      expect(b2.metrics().broker_held?.total ?? 0).toBeGreaterThan(0);
      expect(maxQueued).toBeLessThan(64);
    } finally {
      await b2.close();
      await i2.close();
      await l2.close();
      rmSync(d2, { recursive: true, force: true });
    }
  });
});
