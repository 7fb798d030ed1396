// Device logins under attack, in process (real aedes, SQLite, raw MQTT on loopback): replay
// protection per device that survives a restart, per-device and per-address login rates, and the
// bound on logins waiting for their signature check (issues 22 item 2, 14 item 3, 23 item 8).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterEach, describe, expect, it } from "vitest";
import { Ingest, SimulatedDevice } from "../ingest/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import type { BrokerLimits } from "./brokerLimits.js";
import { type RawLogin, RawMqtt } from "./rawMqtt.js";
import { type Broker, startBroker } from "./startBroker.js";

const logKey = nodeSigner(generatePrivateKey());
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function world(limits: Partial<BrokerLimits> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tet-logins-"));
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
      limits,
      loginBook: join(dir, "broker.db"),
      log: () => undefined,
    });
  const w = { ledger, broker: await start(), start };
  stops.push(async () => {
    await w.broker.close();
    await ingest.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return w;
}

/** CONNACK's return code for one login on a fresh connection (then closed). */
async function login(b: Broker, l: RawLogin, host = "::1"): Promise<number> {
  const c = await RawMqtt.open({ host, port: b.port });
  try {
    return await c.login(l);
  } finally {
    c.close();
  }
}

const refused = (b: Broker, code: string) => b.metrics().broker_refused?.[code] ?? 0;

describe("device logins", () => {
  it("refuses a captured login replayed after a restart (issue 23 item 8)", async () => {
    const w = await world();
    const d = SimulatedDevice.create();
    await w.ledger.append(d.genesis);
    const captured = d.login();
    expect(await login(w.broker, captured)).toBe(0);
    await w.broker.close();
    w.broker = await w.start(); // the same login book: data/broker.db
    expect(await login(w.broker, captured)).toBe(5);
    expect(refused(w.broker, "LOGIN_REPLAY")).toBe(1);
    expect(await login(w.broker, d.login())).toBe(0); // a fresh one still gets in
  });

  it("limits a device's own logins, and no one else's: another device, a stranger using its id (issue 22 item 2)", async () => {
    const w = await world({ loginBurstPerDevice: 10, loginsPerDevicePerMinute: 1 });
    const a = SimulatedDevice.create();
    const b = SimulatedDevice.create();
    await w.ledger.append(a.genesis);
    await w.ledger.append(b.genesis);
    const stranger = nodeSigner(generatePrivateKey());
    // Logins for a's object id that a's key did not sign: refused, and they use up nothing of a's.
    for (let i = 0; i < 20; i++)
      expect(
        await login(w.broker, { ...a.login(), password: Buffer.from(a.connect(Date.now(), stranger)) }),
      ).toBe(5);
    const codes: number[] = [];
    for (let i = 0; i < 15; i++) {
      codes.push(await login(w.broker, a.login(), "127.0.0.1"));
      if (i % 3 === 2) expect(await login(w.broker, b.login(), "127.0.0.1"), `b's login ${i}`).toBe(0);
    }
    expect(codes).toEqual([...Array(10).fill(0), ...Array(5).fill(3)]); // CONNACK 3: retry later
    expect(refused(w.broker, "LOGIN_RATE_LIMITED")).toBe(5);
    expect(refused(w.broker, "LOGIN_KEY_NOT_BOUND")).toBe(20);
  });

  it("limits costly failing logins per source address; accepted ones give their token back, cheap refusals cost none (issue 14 item 3)", async () => {
    const w = await world({ loginBurstPerAddress: 5, loginsPerAddressPerSecond: 1 });
    const devices = Array.from({ length: 12 }, () => SimulatedDevice.create());
    for (const d of devices) await w.ledger.append(d.genesis);
    // A fleet behind one address logs in one after another: more logins than the burst, all accepted.
    for (const d of devices) expect(await login(w.broker, d.login())).toBe(0);
    const d0 = devices[0] as SimulatedDevice;
    // Refused before any key lookup or signature check: not charged to the address.
    for (let i = 0; i < 20; i++)
      expect(await login(w.broker, { ...d0.login(), password: Buffer.from("hunter2") })).toBe(5);
    // A signature that does not verify: its check was paid for, and is charged.
    const forged = () => {
      const l = d0.login();
      l.password[l.password.length - 1] = (l.password[l.password.length - 1] as number) ^ 1;
      return l;
    };
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push(await login(w.broker, forged()));
    expect(codes).toEqual([5, 5, 5, 5, 5, 3, 3]);
    expect(refused(w.broker, "LOGIN_RATE_LIMITED")).toBe(2);
    // Another address is not affected.
    expect(await login(w.broker, (devices[1] as SimulatedDevice).login(), "127.0.0.1")).toBe(0);
  });

  it("answers logins beyond the verification queue's bound with CONNACK 3, and they get in on retry (issue 14 item 3)", async () => {
    const w = await world({ maxPendingLogins: 2, loginBurstPerAddress: 10_000 });
    const devices = Array.from({ length: 40 }, () => SimulatedDevice.create());
    for (const d of devices) await w.ledger.append(d.genesis);
    const first = await Promise.all(devices.map((d) => login(w.broker, d.login())));
    expect(first.filter((c) => c === 3).length).toBeGreaterThan(0);
    expect(first.every((c) => c === 0 || c === 3)).toBe(true);
    expect(refused(w.broker, "LOGIN_BUSY")).toBe(first.filter((c) => c === 3).length);
    for (const [i, d] of devices.entries())
      if (first[i] === 3) expect(await login(w.broker, d.login())).toBe(0);
  });
});
