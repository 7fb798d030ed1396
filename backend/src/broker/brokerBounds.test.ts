// Hostile clients against the embedded broker in process (real aedes, SQLite, raw MQTT on
// loopback): each bound of BrokerLimits, with the attacker's refusal and another device unharmed.
// The same attacks against a real `tet-backend serve` are in test/src/hostileBroker.test.ts.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downTopic, generatePrivateKey, parseStatement, signStatement, upTopic } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import type { Packet } from "mqtt-packet";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { Ingest, SimulatedDevice } from "../ingest/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import type { BrokerLimits } from "./brokerLimits.js";
import { RawMqtt } from "./rawMqtt.js";
import { type Broker, startBroker } from "./startBroker.js";

const logKey = nodeSigner(generatePrivateKey());
const backend = { username: "tet-backend", password: "s3cret" };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function world(limits: Partial<BrokerLimits> = {}, loginBook?: string) {
  const dir = mkdtempSync(join(tmpdir(), "tet-bounds-"));
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger = await StatementLedger.open({
    store,
    origin: "t/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  const ingest = new Ingest({ ledger, signer: logKey, log: () => undefined });
  const start = () =>
    startBroker({
      ingest,
      store,
      port: 0,
      hosts: ["::1", "127.0.0.1"],
      wsPort: 0,
      backend,
      limits,
      log: () => undefined,
      ...(loginBook ? { loginBook } : {}),
    });
  const w = { dir, ledger, ingest, broker: await start(), start, clients: [] as RawMqtt[] };
  stops.push(async () => {
    for (const c of w.clients) c.close();
    await w.broker.close();
    await ingest.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return w;
}
type World = Awaited<ReturnType<typeof world>>;

/** The part of aedes' mqemitter this suite reads: how many published messages wait to be delivered. */
interface PublishQueue {
  readonly length: number;
}

async function open(w: World, host = "::1") {
  const c = await RawMqtt.open({ host, port: w.broker.port });
  w.clients.push(c);
  return c;
}

/** A logged-in device with its down subscribed; resolves once SUBACK came. */
async function online(w: World, d: SimulatedDevice) {
  const c = await open(w);
  expect(await c.login(d.login())).toBe(0);
  c.send(RawMqtt.subscribe(1, downTopic(d.objectId)));
  await c.next((p) => p.cmd === "suback");
  return c;
}

/** Publishes one statement and waits for the receipt that covers it. */
async function appendOne(c: RawMqtt, d: SimulatedDevice, id = 7) {
  const seq = d.seq + 1;
  c.send(RawMqtt.publish(id, upTopic(d.objectId), d.state()));
  await c.next((p) => p.cmd === "publish" && receiptSeq(p) >= seq);
}

/** The seq a receipt on down covers; -1 for anything else. */
function receiptSeq(p: Packet): number {
  try {
    const s = parseStatement((p as { payload: Buffer }).payload).statement;
    return s.t === "receipt" ? s.seq : -1;
  } catch {
    return -1;
  }
}

const keyStatement = (d: SimulatedDevice) =>
  d.authority({ t: "key", action: "add", key: nodeSigner(generatePrivateKey()).publicKey, role: "delegate" });

/** An owner-signed command of about 8 KiB (32 arguments of 250 characters). */
const bigCommand = (d: SimulatedDevice) =>
  signStatement(
    {
      v: 1,
      t: "command",
      ts: Date.now(),
      obj: d.object,
      id: new Uint8Array(randomBytes(16)),
      name: "noop",
      expires: Date.now() + 60_000,
      args: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`a${i}`, "x".repeat(250)])),
    },
    d.owner,
  );

const counter = (b: Broker, name: string, code = "total") => b.metrics()[name]?.[code] ?? 0;

describe("hostile clients, in process", () => {
  it("answers thousands of SUBSCRIBEs for a device's down with its authority chain once (issue 22 item 1)", async () => {
    const w = await world({ publishRate: 100_000, publishBurst: 100_000 });
    const d = SimulatedDevice.create();
    await w.ledger.append(d.genesis);
    for (let i = 0; i < 50; i++) await w.ledger.append(keyStatement(d));
    const c = await open(w);
    expect(await c.login(d.login())).toBe(0);
    for (let batch = 0; batch < 10; batch++)
      c.send(
        ...Array.from({ length: 100 }, (_, i) =>
          RawMqtt.subscribe(1 + batch * 100 + i, downTopic(d.objectId)),
        ),
      );
    await c.next((p) => p.cmd === "suback" && p.messageId === 1000);
    await appendOne(c, d); // its receipt comes after the sync on the same connection
    const chain = c.received.filter((p) => p.cmd === "publish").length;
    expect(chain).toBeLessThanOrEqual(51 + 2 * 2); // genesis + 50 keys, a receipt or two — not 1,000 chains
    expect(w.ingest.metrics().ingest_down_sync?.total).toBe(1);
  });

  it("disconnects a client that does not read once its outgoing bound is reached, and others still get theirs (issue 22 item 1)", async () => {
    const w = await world({ maxOutgoingBytes: 256 * 1024, maxOutgoingMessages: 100_000 });
    const victim = SimulatedDevice.create();
    const other = SimulatedDevice.create();
    await w.ledger.append(victim.genesis);
    await w.ledger.append(other.genesis);
    const slow = await online(w, victim);
    slow.stopReading();
    const cut = new Promise<void>((resolve) =>
      w.broker.aedes.on("clientDisconnect", (c) => c.id === `tet-${victim.objectId}` && resolve()),
    );
    const fine = await online(w, other);
    // Owner commands of ~8 KiB each reach the device's down as they are appended (no one waits for
    // its socket): far more than every socket buffer on the way.
    // Appended 100 at a time (one group commit each).
    for (let i = 0; i < 30 && counter(w.broker, "broker_disconnected", "OUTGOING_QUEUE_FULL") === 0; i++)
      await Promise.all(Array.from({ length: 100 }, () => w.ledger.append(bigCommand(victim))));
    await cut; // the broker's side: the paused client would only see it once it reads again
    expect(counter(w.broker, "broker_disconnected", "OUTGOING_QUEUE_FULL")).toBe(1);
    await appendOne(fine, other); // delivery to everyone else was never queued behind it
    // aedes' emitter (`mq`, an mqemitter) is not in its typings: read the one field this checks.
    const mq: PublishQueue = Reflect.get(w.broker.aedes, "mq");
    expect(mq.length).toBe(0);
  });

  it("refuses a CONNECT announcing 256 MB from its header, on TCP (issue 23 item 2)", async () => {
    const w = await world();
    const c = await open(w);
    c.socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    let written = 0;
    while (!c.socket.destroyed && written < 64 * 1024 * 1024) {
      if (!c.socket.write(Buffer.alloc(64 * 1024)))
        await Promise.race([new Promise((r) => c.socket.once("drain", r)), c.closed]);
      written += 64 * 1024;
    }
    await c.closed;
    expect(counter(w.broker, "broker_refused", "PACKET_TOO_LARGE")).toBe(1);
    expect(written).toBeLessThan(64 * 1024 * 1024); // closed long before the client had sent it
  });

  it("refuses a CONNECT announcing 256 MB from its header, on WebSocket (issue 23 item 2)", async () => {
    const w = await world();
    const ws = new WebSocket(`ws://[::1]:${w.broker.wsPort}/mqtt`, ["mqtt"]);
    const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    for (let i = 0; i < 256 && ws.readyState === WebSocket.OPEN; i++) ws.send(Buffer.alloc(64 * 1024));
    await closed;
    expect(counter(w.broker, "broker_refused", "PACKET_TOO_LARGE")).toBe(1);
  });

  it("closes connections past the number an address may hold before logging in; logged-in ones do not count", async () => {
    const w = await world({ maxConnectingPerAddress: 5 });
    const d = SimulatedDevice.create();
    await w.ledger.append(d.genesis);
    const idle = await Promise.all(Array.from({ length: 5 }, () => open(w)));
    const sixth = await open(w);
    await sixth.closed;
    expect(counter(w.broker, "broker_refused", "CONNECTIONS_EXCEEDED")).toBe(1);
    expect((await open(w, "127.0.0.1")).socket.destroyed).toBe(false); // another address
    expect(await (idle[0] as RawMqtt).login(d.login())).toBe(0); // one of the five logs in…
    const next = await open(w); // …and leaves room for another
    expect(await next.login({ clientId: "x", username: "y", password: Buffer.from("z") })).toBe(5);
    expect(counter(w.broker, "broker_refused", "CONNECTIONS_EXCEEDED")).toBe(1);
  });

  it("keeps a persistent session's offline queue to its bound, newest kept (issue 23 item 8)", async () => {
    const w = await world({ maxOfflineMessages: 20 });
    const d = SimulatedDevice.create();
    await w.ledger.append(d.genesis);
    const first = await open(w);
    expect(await first.login(d.login(), { clean: false })).toBe(0);
    first.send(RawMqtt.subscribe(1, downTopic(d.objectId)));
    await first.next((p) => p.cmd === "suback");
    first.close();
    await first.closed;
    await new Promise((r) => setImmediate(r));
    const admin = await open(w);
    expect(
      await admin.login({ clientId: "tet-admin", ...backend, password: Buffer.from(backend.password) }),
    ).toBe(0);
    for (let i = 1; i <= 100; i++)
      admin.send(RawMqtt.publish(i, downTopic(d.objectId), Buffer.from(`m${i}`)));
    await admin.next((p) => p.cmd === "puback" && p.messageId === 100);
    const back = await open(w);
    expect(await back.login(d.login(), { clean: false })).toBe(0);
    await back.next((p) => p.cmd === "publish" && (p as { payload: Buffer }).payload.toString() === "m100");
    const got = back.received
      .filter((p) => p.cmd === "publish")
      .map((p) => (p as { payload: Buffer }).payload.toString());
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `m${81 + i}`));
    // 80 of the 100, and the genesis and seq-0 receipt the first connection got and never acknowledged.
    expect(counter(w.broker, "broker_offline_dropped", "OFFLINE_QUEUE_FULL")).toBe(82);
  });

  it("throttles a device publishing past its rate: nothing refused, everything appended, counted (issue 14 item 3)", async () => {
    const w = await world({ publishRate: 400, publishBurst: 20 });
    const d = SimulatedDevice.create();
    await w.ledger.append(d.genesis);
    const c = await online(w, d);
    const chain = Array.from({ length: 400 }, () => d.state());
    c.send(...chain.map((b, i) => RawMqtt.publish(i + 1, upTopic(d.objectId), b)));
    await c.next((p) => p.cmd === "puback" && p.messageId === 400);
    // aedes writes a QoS 1 PUBACK before it hands the message on, so the PUBACK alone does not mean
    // the ingest has it: the signed receipt for seq 400 does.
    await c.next((p) => p.cmd === "publish" && receiptSeq(p) >= 400);
    expect(w.ledger.log.size).toBe(401);
    expect(counter(w.broker, "broker_throttled", "PUBLISH_RATE_LIMITED")).toBeGreaterThan(300);
    expect(w.ingest.metrics().ingest_refused).toBeUndefined();
  });
});
