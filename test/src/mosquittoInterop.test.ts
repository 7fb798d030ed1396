// Interoperability with real third-party MQTT clients and a real Mosquitto 2 (external-broker mode):
// forged and unsigned statements from mosquitto_pub are refused and nothing is stored; mosquitto_sub
// with one device's login cannot read another object's down; the real agent works through Mosquitto.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import {
  connectExternalBroker,
  type ExternalBroker,
  Ingest,
  SimulatedDevice,
  SqliteStore,
  StatementLedger,
} from "@tet/backend";
import { encode, generatePrivateKey, openStatement, type Statement, signStatement } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ackedUpTo,
  avatar,
  holdings,
  isExactChain,
  logKey,
  type Mosquitto,
  missing,
  settled,
  spawnTs,
  startMosquitto,
  until,
} from "./support/index.js";

const skip = missing("mosquitto", "mosquitto-clients");
const run = promisify(execFile);
const key = logKey();
const a = SimulatedDevice.create();
const b = SimulatedDevice.create();
const users = { "tet-backend": "backend-secret", [a.objectId]: "pw-a", [b.objectId]: "pw-b" };
let dir: string;
let mosq: Mosquitto;
let store: SqliteStore;
let ledger: StatementLedger;
let ingest: Ingest;
let link: ExternalBroker;

const subs = new Set<ReturnType<typeof spawn>>();

/** A mosquitto_sub printing each payload as hex, one per line; resolves once its SUBACK arrived. */
async function sub(user: string, topic: string) {
  const p = spawn("stdbuf", [
    "-oL",
    "mosquitto_sub",
    "-p",
    String(mosq.port),
    "-h",
    "::1",
    "-u",
    user,
    "-P",
    users[user] as string,
    "-i",
    `tet-${user}`,
    "-q",
    "1",
    "-t",
    topic,
    "-F",
    "%x",
    "-d",
  ]);
  const payloads: Statement[] = [];
  const debug: string[] = [];
  createInterface({ input: p.stdout }).on("line", (l) => {
    if (/^[0-9a-f]+$/.test(l) && l.length > 64)
      payloads.push(openStatement(Buffer.from(l, "hex"), { verifier: nodeVerifier }).statement);
    else debug.push(l);
  });
  await until(() => debug.some((l) => l.includes("SUBACK")), `${user}'s SUBACK`);
  subs.add(p);
  return { payloads, debug, stop: () => p.kill() };
}

async function pub(user: string, topic: string, bytes: Uint8Array) {
  const file = join(dir, `msg-${Math.random()}`);
  writeFileSync(file, bytes);
  await run("mosquitto_pub", [
    "-p",
    String(mosq.port),
    "-h",
    "::1",
    "-u",
    user,
    "-P",
    users[user] as string,
    "-i",
    `pub-${user.slice(0, 8)}`,
    "-q",
    "1",
    "-t",
    topic,
    "-f",
    file,
  ]);
}

describe.skipIf(skip)("Mosquitto and its clients", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tet-interop-"));
    mosq = await startMosquitto({ users, backendUser: "tet-backend" });
    store = await SqliteStore.open(join(dir, "ledger.db"));
    ledger = await StatementLedger.open({
      store,
      origin: "e2e.tet/log",
      signer: key.signer,
      verifier: nodeVerifier,
    });
    await ledger.append(a.genesis);
    await ledger.append(b.genesis);
    ingest = new Ingest({ ledger, signer: key.signer, log: () => undefined });
    link = await connectExternalBroker({
      url: `mqtt://[::1]:${mosq.port}`,
      ingest,
      username: "tet-backend",
      password: "backend-secret",
      clientId: "tet-backend-1",
      log: () => undefined,
    });
  }, 180_000);
  afterAll(async () => {
    for (const p of subs) p.kill();
    await link?.close();
    await ingest?.close();
    await ledger?.close();
    await store?.close();
    await mosq?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("refuses forged and unsigned statements from mosquitto_pub, stores nothing, and answers each with a signed refusal", async () => {
    const down = await sub(a.objectId, `tet/v1/o/${a.objectId}/down`);
    const size = ledger.log.size;
    const forged = signStatement(
      {
        v: 1,
        t: "state",
        ts: Date.now(),
        obj: a.object,
        seq: 1,
        prev: new Uint8Array(32),
        readings: { n: { v: 1 } },
      },
      nodeSigner(generatePrivateKey()),
    );
    const unsigned = encode(
      new Map<string, unknown>([
        ["t", "state"],
        ["obj", a.object],
        ["seq", 1],
      ]) as never,
    );
    const tampered = a.state();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 0xff; // in the signature
    for (const bytes of [forged, unsigned, tampered])
      await pub(a.objectId, `tet/v1/o/${a.objectId}/up`, bytes);
    const refusals = () => down.payloads.filter((s) => s.t === "receipt" && s.refused !== undefined);
    const heads = () => down.payloads.filter((s) => s.t === "receipt" && s.refused === undefined);
    await until(() => refusals().length === 3 && heads().length === 1, "three refusals and the head");
    down.stop();
    expect(down.payloads[0]?.t).toBe("genesis"); // the authority chain, sent on subscription…
    expect(heads()).toMatchObject([{ seq: 0 }]); // …with the head: no statement yet
    const codes = refusals().map((s) => s.t === "receipt" && s.refused?.code);
    expect(codes.sort()).toEqual(["BAD_SIGNATURE", "INVALID_STATEMENT", "KEY_NOT_BOUND"]);
    expect(ledger.log.size).toBe(size);
    expect((await holdings(store, a.object)).kinds).toEqual({ genesis: 1 });
  });

  it("does not let mosquitto_sub with one device's login read another object's down", async () => {
    const spy = await sub(a.objectId, `tet/v1/o/${b.objectId}/down`);
    const owner = await sub(b.objectId, `tet/v1/o/${b.objectId}/down`);
    await pub(b.objectId, `tet/v1/o/${b.objectId}/up`, b.state());
    await until(() => owner.payloads.some((s) => s.t === "receipt" && s.seq === 1), "b's receipt");
    // Mosquitto delivers to subscribers in order: the spy had its chance before b's own copy landed.
    await pub(b.objectId, `tet/v1/o/${b.objectId}/up`, b.state());
    await until(() => owner.payloads.some((s) => s.t === "receipt" && s.seq === 2), "b's second receipt");
    spy.stop();
    owner.stop();
    expect(spy.payloads).toEqual([]);
    expect((await holdings(store, b.object)).seqs).toEqual([1, 2]);
  });
});

describe.skipIf(skip)("the real agent through Mosquitto", { timeout: 180_000 }, () => {
  async function setup() {
    const tmp = mkdtempSync(join(tmpdir(), "tet-agent-mosq-"));
    const m = await startMosquitto({ backendUser: "tet-backend" });
    const k = logKey();
    const av = avatar(tmp);
    const s = await SqliteStore.open(join(tmp, "ledger.db"));
    const l = await StatementLedger.open({
      store: s,
      origin: "e2e.tet/log",
      signer: k.signer,
      verifier: nodeVerifier,
    });
    await l.append(av.genesis);
    const ing = new Ingest({ ledger: l, signer: k.signer, log: () => undefined });
    const ext = await connectExternalBroker({
      url: `mqtt://[::1]:${m.port}`,
      ingest: ing,
      username: "tet-backend",
      password: "-",
      clientId: "tet-backend-1",
      log: () => undefined,
    });
    const agent = (count: number, intervalMs: number) =>
      spawnTs("test/src/fixtures/agentMain.ts", {
        env: {
          TET_AGENT: JSON.stringify({
            objectId: av.objectId,
            deviceKey: av.deviceKeyHex,
            genesisPath: av.genesisPath,
            dataDir: join(tmp, "agent"),
            url: `mqtt://[::1]:${m.port}`,
            protocol: 5,
            logDid: k.did,
            count,
            intervalMs,
          }),
        },
      });
    const close = async () => {
      await ext.close();
      await ing.close();
      await l.close();
      await s.close();
      await m.close();
      rmSync(tmp, { recursive: true, force: true });
    };
    return { m, av, s, agent, close };
  }

  it("sends its chain through an anonymous Mosquitto with a pattern ACL; every statement is stored once", async () => {
    const { av, s, agent, close } = await setup();
    const a = agent(20, 10);
    try {
      await settled(a);
      const h = await holdings(s, av.object);
      expect(h.kinds).toEqual({ genesis: 1, state: 20 });
      expect(isExactChain(h.seqs)).toBe(true);
    } finally {
      await a.kill();
      await close();
    }
  });

  it("loses nothing and stores nothing twice when Mosquitto is restarted mid-stream", async () => {
    const { m, av, s, agent, close } = await setup();
    const a = agent(300, 10);
    try {
      await ackedUpTo(a, 50);
      await m.stop();
      await m.start();
      await settled(a);
      const h = await holdings(s, av.object);
      expect(h.kinds).toEqual({ genesis: 1, state: 300 });
      expect(isExactChain(h.seqs)).toBe(true);
    } finally {
      await a.kill();
      await close();
    }
  });
});
