import type { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, type AgentConfig, isAgentError, type Sample, type SensorDriver } from "@tet/agent";
import {
  backendConfig,
  type ChainedDraft,
  type RunningBackend,
  signChained,
  startBackend,
} from "@tet/backend";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  type Statement,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { until } from "./support/index.js";

// The real agent runtime against the real backend (ledger, embedded broker and ingest, HTTP API):
// receipts, a backend restart with statements waiting in the outbox, commands and key revocation.
const root = mkdtempSync(join(tmpdir(), "tet-agent-backend-"));
let backend: RunningBackend;
let mqttPort = 0;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const start = async () => {
  backend = await startBackend(
    backendConfig({}, { dataDir: join(root, "backend"), httpPort: 0, mqttPort, wsPort: 0, chain: "off" }),
  );
  mqttPort = backend.broker.port;
};
beforeAll(start);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

function nextEvent<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  match: (...a: T) => boolean = () => true,
) {
  return new Promise<T>((resolve) => {
    const on = (...args: unknown[]) => {
      if (match(...(args as T))) {
        emitter.off(event, on);
        resolve(args as T);
      }
    };
    emitter.on(event, on);
  });
}

async function post(bytes: Uint8Array): Promise<number> {
  const r = await fetch(`${backend.urls.http[0]}/v1/statements`, {
    method: "POST",
    headers: { "content-type": "application/cose" },
    body: Buffer.from(bytes),
  });
  return r.status;
}

/** Statements of the object in the ledger, parsed, in log order. */
async function stored(obj: Uint8Array): Promise<Statement[]> {
  const entries = await backend.ledger.log.store.entriesByObject(obj, { limit: 10_000 });
  return entries.map((e) => parseStatement(e.bytes as Uint8Array).statement);
}

/** An avatar created over HTTP by its owner, and an agent for its device with a hand-fed sensor. */
async function enrolled() {
  const owner = nodeSigner(generatePrivateKey());
  const device = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "desk",
      deviceKeys: [device.publicKey],
      nonce: generatePrivateKey().subarray(0, 16),
    },
    owner,
  );
  expect(await post(genesis)).toBe(201);
  const obj = objectIdFromGenesis(genesis);
  const dir = mkdtempSync(join(root, "agent-"));
  writeFileSync(join(dir, "genesis.cose"), genesis);
  const config: AgentConfig = {
    objectId: objectIdToText(obj),
    keyPath: "unused",
    dataDir: join(dir, "data"),
    genesisPath: join(dir, "genesis.cose"),
    broker: {
      url: `mqtt://[::1]:${mqttPort}`,
      protocol: 4,
      caPath: undefined,
      logKey: backend.logKey,
      keepalive: 30,
      backoffMin: 0.05,
      backoffMax: 0.5,
    },
    outbox: { maxBytes: 1 << 20, policy: "drop-oldest", window: 8 },
    sensors: [],
  };
  let emit: (s: Sample) => void = () => {};
  const driver: SensorDriver = { name: "hand", start: (e) => (emit = e) };
  let n = 0;
  const agent = new Agent({
    config,
    signer: device,
    drivers: [{ driver, intervalMs: 60_000, heartbeatMs: 60_000 }],
  });
  cleanups.push(() => agent.stop().catch(() => {}));
  const by = (s: Record<string, unknown>, signer: Ed25519Signer = owner) =>
    signStatement({ v: 1, ts: Date.now(), obj, ...s } as unknown as Statement, signer);
  return { owner, device, obj, agent, next: () => emit({ readings: { n: { v: ++n } } }), by };
}

describe("the agent against the real backend", () => {
  it("sends its chain, which is stored once, and drops statements when receipts cover them", async () => {
    const a = await enrolled();
    a.agent.start();
    await nextEvent(a.agent.link, "state", (s) => s === "connected");
    for (let i = 0; i < 20; i++) a.next();
    await nextEvent(
      a.agent,
      "receipt",
      (r: { kind: string; seq?: number }) => r.kind === "ack" && r.seq === 20,
    );
    expect(a.agent.outbox.stats()).toMatchObject({ entries: 0, ackedSeq: 20 });
    const states = (await stored(a.obj)).filter((s) => s.t === "state");
    expect(states.map((s) => (s as { seq: number }).seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("keeps statements while the backend is down and resends them after it restarts: nothing lost, nothing twice", async () => {
    const a = await enrolled();
    a.agent.start();
    await nextEvent(a.agent.link, "state", (s) => s === "connected");
    a.next();
    await nextEvent(
      a.agent,
      "receipt",
      (r: { kind: string; seq?: number }) => r.kind === "ack" && r.seq === 1,
    );
    const offline = nextEvent(a.agent.link, "state", (s) => s !== "connected");
    await backend.close();
    await offline;
    for (let i = 0; i < 5; i++) a.next();
    expect(a.agent.outbox.stats().entries).toBe(5);
    await start();
    await nextEvent(
      a.agent,
      "receipt",
      (r: { kind: string; seq?: number }) => r.kind === "ack" && r.seq === 6,
    );
    expect(a.agent.outbox.stats().entries).toBe(0);
    const seqs = (await stored(a.obj)).filter((s) => s.t === "state").map((s) => (s as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("runs an owner-signed command posted over HTTP and stores its signed command-result", async () => {
    const a = await enrolled();
    a.agent.start();
    await nextEvent(a.agent.link, "state", (s) => s === "connected");
    const command = a.by({
      t: "command",
      id: generatePrivateKey().subarray(0, 16),
      name: "ping",
      expires: Date.now() + 60_000,
    });
    expect(await post(command)).toBe(201);
    let result: Statement | undefined;
    await until(async () => {
      result = (await stored(a.obj)).find((s) => s.t === "command-result");
      return result !== undefined;
    }, "the command-result in the ledger");
    expect(result).toMatchObject({
      t: "command-result",
      status: "ok",
      result: { pong: true },
      command: sha256(command),
    });
  });

  it("stops when the owner revokes its key, saying how to enrol again", async () => {
    const a = await enrolled();
    a.agent.start();
    await nextEvent(a.agent.link, "state", (s) => s === "connected");
    const fatal = nextEvent<[Error]>(a.agent, "fatal");
    const revoke: ChainedDraft = {
      t: "key",
      ts: Date.now(),
      obj: a.obj,
      action: "revoke",
      key: a.device.publicKey,
      role: "device",
    };
    expect(await post(await signChained(backend.ledger, revoke, a.owner))).toBe(201);
    const [e] = await fatal;
    expect(isAgentError(e, "KEY_NOT_BOUND")).toBe(true);
    expect(e.message).toContain(didKeyFromPublicKey(a.device.publicKey));
  });
});
