// Issue 23, item 1: the replays an attack run found against a real `tet-backend serve`, each tried
// over HTTP (owner statements) and MQTT (device statements and logins), and `tet verify` on a bundle
// whose log holds one (the log an older backend would have written).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backendConfig,
  type ChainedBody,
  type RunningBackend,
  SimulatedDevice,
  signChained,
  startBackend,
} from "@tet/backend";
import { runTetInProcess as tet } from "@tet/backend/test-support";
import {
  didKeyFromPublicKey,
  downTopic,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  openStatement,
  parseStatement,
  type Statement,
  signStatement,
  upTopic,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUnprotectedEntry } from "./support/index.js";

const dataDir = mkdtempSync(join(tmpdir(), "tet-replay-"));
let b: RunningBackend;
let http: string;
beforeAll(async () => {
  b = await startBackend(
    backendConfig({}, { dataDir, httpPort: 0, mqttPort: 0, wsPort: 0, anchorEveryMs: 0, chain: "off" }),
  );
  http = b.urls.http[0] as string;
});
afterAll(async () => {
  await b?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(bytes: Uint8Array): Promise<{ status: number; code?: string; duplicate?: boolean }> {
  const r = await fetch(`${http}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });
  const body = (await r.json()) as { code?: string; duplicate?: boolean };
  return { status: r.status, ...body };
}

async function passport(id: string): Promise<{ owner: string; keys?: unknown }> {
  const r = await fetch(`${http}/v1/objects/${id}`, { headers: { accept: "application/json" } });
  return (await r.json()) as { owner: string };
}

/** A chained statement about `d`'s object, signed by `by`: version 2 naming the current authority head. */
function owned(d: SimulatedDevice, by: Ed25519Signer, s: ChainedBody): Promise<Uint8Array> {
  return signChained(b.ledger, { ts: Date.now(), obj: d.object, ...s }, by);
}

/** The same statement as version 1 (no prev), as a client from before the chain signs it. */
function legacy(d: SimulatedDevice, by: Ed25519Signer, s: Record<string, unknown>): Uint8Array {
  return signStatement({ v: 1, ts: Date.now(), obj: d.object, ...s } as unknown as Statement, by);
}

async function created(): Promise<SimulatedDevice> {
  const d = SimulatedDevice.create({ class: "desk" });
  expect((await post(d.genesis)).status).toBe(201);
  return d;
}

const did = (s: Ed25519Signer) => didKeyFromPublicKey(s.publicKey);

describe("replayed owner statements (issue 23, item 1)", () => {
  it("A→B, B→A, then the old A→B with an unprotected header entry: 400 COSE_BAD_HEADER, A stays owner", async () => {
    const d = await created();
    const a = d.owner;
    const buyer = nodeSigner(generatePrivateKey());
    const aToB = await owned(d, a, { t: "transfer", to: did(buyer) });
    expect((await post(aToB)).status).toBe(201);
    expect((await post(await owned(d, buyer, { t: "transfer", to: did(a) }))).status).toBe(201);
    // The attacker's request: the public bytes of the old A→B with {99: "x"} unprotected.
    expect(await post(withUnprotectedEntry(aToB))).toMatchObject({ status: 400, code: "COSE_BAD_HEADER" });
    // The unmodified old bytes are the same signed content: a duplicate, applied no second time.
    expect(await post(aToB)).toMatchObject({ status: 200, duplicate: true });
    expect((await passport(d.objectId)).owner).toBe(did(a));
    // B still holds a statement signed before B→A (naming an old head), and the version 1 form.
    const stale = signStatement(
      { ...parseStatement(aToB).statement, ts: Date.now(), to: did(buyer) } as Statement,
      a,
    );
    expect(await post(stale)).toMatchObject({ status: 409, code: "AUTHORITY_UNLINKED" });
    expect(await post(legacy(d, a, { t: "transfer", to: did(buyer) }))).toMatchObject({
      status: 409,
      code: "AUTHORITY_UNLINKED",
    });
    expect((await passport(d.objectId)).owner).toBe(did(a));
  });

  it("a revoked device key's `key` add replayed: refused, and that device cannot log in over MQTT", async () => {
    const d = await created();
    const stolen = nodeSigner(generatePrivateKey());
    const add = await owned(d, d.owner, { t: "key", action: "add", key: stolen.publicKey, role: "device" });
    expect((await post(add)).status).toBe(201);
    const revoke = await owned(d, d.owner, {
      t: "key",
      action: "revoke",
      key: stolen.publicKey,
      role: "device",
    });
    expect((await post(revoke)).status).toBe(201);
    expect(await post(withUnprotectedEntry(add))).toMatchObject({ status: 400, code: "COSE_BAD_HEADER" });
    expect(await post(add)).toMatchObject({ status: 200, duplicate: true });
    const login = mqtt.connectAsync(b.urls.mqtt[1] as string, {
      clientId: `tet-${d.objectId}`,
      username: d.objectId,
      password: Buffer.from(d.connect(Date.now(), stolen)),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await expect(login).rejects.toThrow(/Not authorized|Bad username or password/);
  });

  it("a genesis replayed with an unprotected header entry: refused, no second avatar", async () => {
    const d = await created();
    const twin = withUnprotectedEntry(d.genesis);
    expect(await post(twin)).toMatchObject({ status: 400, code: "COSE_BAD_HEADER" });
    const twinId = objectIdToText(objectIdFromGenesis(twin));
    expect((await fetch(`${http}/v1/objects/${twinId}`)).status).toBe(404);
    const list = (await (await fetch(`${http}/v1/objects?limit=500`)).json()) as { items: unknown[] };
    expect(JSON.stringify(list).split(d.objectId).length - 1).toBeGreaterThan(0);
    expect(list.items.filter((o) => JSON.stringify(o).includes(twinId))).toHaveLength(0);
  });

  it("over MQTT: a device statement and a login with an unprotected header entry are refused", async () => {
    const d = await created();
    const bad = mqtt.connectAsync(b.urls.mqtt[1] as string, {
      clientId: `tet-${d.objectId}`,
      username: d.objectId,
      password: Buffer.from(withUnprotectedEntry(d.connect())),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await expect(bad).rejects.toThrow(/Not authorized|Bad username or password/);
    const client = await mqtt.connectAsync(b.urls.mqtt[1] as string, {
      ...d.login(),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    try {
      const refused = new Promise<{ code: string; detail?: string }>((resolve) => {
        client.on("message", (_t, payload) => {
          const { statement } = openStatement(new Uint8Array(payload), { verifier: nodeVerifier });
          if (statement.t === "receipt" && statement.refused) resolve(statement.refused);
        });
      });
      await client.subscribeAsync(downTopic(d.objectId), { qos: 1 });
      await client.publishAsync(upTopic(d.objectId), Buffer.from(withUnprotectedEntry(d.state())), {
        qos: 1,
      });
      const r = await refused;
      expect(r.code).toBe("INVALID_STATEMENT");
      expect(r.detail).toContain("COSE_BAD_HEADER");
    } finally {
      await client.endAsync();
    }
  });

  it("tet verify refuses a bundle whose log holds a replayed statement (as an older backend wrote it)", async () => {
    const d = await created();
    const buyer = nodeSigner(generatePrivateKey());
    const aToB = await owned(d, d.owner, { t: "transfer", to: did(buyer) });
    expect((await post(aToB)).status).toBe(201);
    expect((await post(await owned(d, buyer, { t: "transfer", to: did(d.owner) }))).status).toBe(201);
    const honest = new Uint8Array(
      await (await fetch(`${http}/v1/objects/${d.objectId}/bundle`)).arrayBuffer(),
    );
    writeFileSync(join(dataDir, "honest.bundle"), honest);
    const ok = await tet(["verify", join(dataDir, "honest.bundle"), "--log-key", b.logKey]);
    expect(ok.code, ok.stderr).toBe(0);
    // What the old code appended for the attacker: straight into the log, no rules applied.
    const replay = withUnprotectedEntry(aToB);
    await b.ledger.log.append({
      bytes: replay,
      object: d.object,
      seq: null,
      kind: "transfer",
      ts: 0,
      projections: [],
    });
    await b.ledger.log.checkpoint();
    const bad = new Uint8Array(await (await fetch(`${http}/v1/objects/${d.objectId}/bundle`)).arrayBuffer());
    writeFileSync(join(dataDir, "replayed.bundle"), bad);
    const r = await tet(["verify", join(dataDir, "replayed.bundle"), "--log-key", b.logKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BUNDLE_BAD_STATEMENT.*unprotected/);
  });

  it("tet verify refuses a bundle whose log holds the old bytes again, unchanged: the chain does not link", async () => {
    const d = await created();
    const buyer = nodeSigner(generatePrivateKey());
    const aToB = await owned(d, d.owner, { t: "transfer", to: did(buyer) });
    expect((await post(aToB)).status).toBe(201);
    expect((await post(await owned(d, buyer, { t: "transfer", to: did(d.owner) }))).status).toBe(201);
    await b.ledger.log.append({
      bytes: aToB,
      object: d.object,
      seq: null,
      kind: "transfer",
      ts: 0,
      projections: [],
    });
    await b.ledger.log.checkpoint();
    const bad = new Uint8Array(await (await fetch(`${http}/v1/objects/${d.objectId}/bundle`)).arrayBuffer());
    writeFileSync(join(dataDir, "relinked.bundle"), bad);
    const r = await tet(["verify", join(dataDir, "relinked.bundle"), "--log-key", b.logKey]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BUNDLE_AUTHORITY_UNLINKED/);
    // The ledger's own view, derived from the log, skips it too: the owner is still A.
    expect((await passport(d.objectId)).owner).toBe(did(d.owner));
  });
});
