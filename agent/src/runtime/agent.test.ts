import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseStatement, sha256 } from "@tet/schemas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AgentConfig } from "../config/index.js";
import type { Sample, SensorDriver } from "../drivers/index.js";
import { isAgentError } from "../errors.js";
import type { ReceiptOutcome } from "../receipts/index.js";
import { readStatus } from "../status/index.js";
import { makeAvatar } from "../test-support/avatar.js";
import { nextEvent } from "../test-support/events.js";
import { FakeBackend } from "../test-support/fakeBackend.js";
import { tempDir, verifyChain } from "../test-support/fixtures.js";
import { type Mosquitto, mosquittoAvailable, startMosquitto } from "../test-support/mosquitto.js";
import { Agent } from "./agent.js";

const hasBroker = mosquittoAvailable();

/** A push driver the test feeds by hand. */
function handDriver() {
  let emit: (s: Sample) => void = () => {};
  const driver: SensorDriver = { name: "hand", start: (e) => (emit = e) };
  let n = 0;
  return { driver, next: () => emit({ readings: { n: { v: ++n } } }) };
}

describe.skipIf(!hasBroker)("Agent against Mosquitto and a fake backend", () => {
  let broker: Mosquitto;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(() => broker?.close());
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(opts: { deviceKeys?: Uint8Array[] } = {}) {
    const avatar = makeAvatar(opts);
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const genesisPath = join(tmp.dir, "genesis.cose");
    writeFileSync(genesisPath, avatar.genesis);
    const url = `mqtt://[::1]:${broker.port}`;
    const config: AgentConfig = {
      objectId: avatar.objectId,
      keyPath: "unused",
      dataDir: join(tmp.dir, "data"),
      genesisPath,
      broker: {
        url,
        protocol: 4,
        caPath: undefined,
        logKey: avatar.logDid,
        keepalive: 30,
        backoffMin: 0.02,
        backoffMax: 0.2,
      },
      outbox: { maxBytes: 1 << 20, policy: "drop-oldest", window: 8 },
      sensors: [],
    };
    const backend = await FakeBackend.start(url, avatar);
    cleanups.push(() => backend.close());
    const hand = handDriver();
    const make = () => {
      const agent = new Agent({
        config,
        signer: avatar.device,
        resendMs: 300, // the fake backend may resubscribe only after the agent has resent
        drivers: [{ driver: hand.driver, intervalMs: 1000, heartbeatMs: 1000 }],
      });
      cleanups.push(() => agent.stop().catch(() => {}));
      return agent;
    };
    return { avatar, config, backend, hand, make };
  }

  it("sends statements in its chain and drops them when receipts cover them", async () => {
    const { backend, hand, make, config } = await setup();
    const agent = make();
    agent.start();
    await nextEvent(agent.link, "state", (s) => s === "connected");
    for (let i = 0; i < 20; i++) hand.next();
    await backend.reached(20);
    await nextEvent<[ReceiptOutcome]>(agent, "receipt", (r) => r.kind === "ack" && r.seq === 20);
    expect(agent.outbox.stats()).toMatchObject({ entries: 0, headSeq: 20, ackedSeq: 20 });
    verifyChain(backend.log);
    await agent.stop();
    expect(readStatus(config.dataDir)).toMatchObject({ lastReceipt: { seq: 20 }, outbox: { entries: 0 } });
  });

  it("keeps statements while the broker is down and resends the unacknowledged after it returns", async () => {
    const { backend, hand, make } = await setup();
    const agent = make();
    agent.start();
    await nextEvent(agent.link, "state", (s) => s === "connected");
    backend.receipts = false; // statements reach the backend but no receipt comes back
    hand.next();
    hand.next();
    await backend.reached(2);
    expect(agent.outbox.stats().entries).toBe(2);
    const offline = nextEvent(agent.link, "state", (s) => s === "offline");
    await broker.stop();
    await offline;
    for (let i = 0; i < 5; i++) hand.next();
    expect(agent.outbox.stats().entries).toBe(7);
    backend.receipts = true;
    const back = nextEvent(agent.link, "state", (s) => s === "connected");
    await broker.start();
    await back;
    await backend.reached(7);
    await nextEvent<[ReceiptOutcome]>(agent, "receipt", (r) => r.kind === "ack" && r.seq === 7);
    expect(agent.outbox.stats().entries).toBe(0);
    verifyChain(backend.log);
  });

  it("runs an owner-signed command and answers with a signed command-result in its chain", async () => {
    const { avatar, backend, make } = await setup();
    const agent = make();
    agent.start();
    await nextEvent(agent.link, "state", (s) => s === "connected");
    const cmd = avatar.command("ping", { id: 42 });
    const answered = nextEvent<[Uint8Array]>(
      backend,
      "statement",
      (b) => parseStatement(b).statement.t === "command-result",
    );
    await backend.down(cmd);
    const result = parseStatement((await answered)[0]).statement;
    expect(result).toMatchObject({
      t: "command-result",
      status: "ok",
      result: { pong: true },
      command: sha256(cmd),
    });
  });

  it("stops when the authority chain revokes its key, saying how to enrol", async () => {
    const { avatar, backend, make } = await setup();
    const agent = make();
    agent.start();
    await nextEvent(agent.link, "state", (s) => s === "connected");
    const fatal = nextEvent<[Error]>(agent, "fatal");
    await backend.down(avatar.genesis); // resent chain: nothing new
    await backend.down(avatar.key("revoke", avatar.device.publicKey));
    const [e] = await fatal;
    expect(isAgentError(e, "KEY_NOT_BOUND")).toBe(true);
    expect(e.message).toContain("tet sign");
  });

  it("refuses to start under a key its avatar's genesis does not bind", async () => {
    const { make } = await setup({ deviceKeys: [] });
    try {
      make();
      expect.unreachable();
    } catch (e) {
      expect(isAgentError(e, "KEY_NOT_BOUND")).toBe(true);
      expect((e as Error).message).toMatch(/did:key:z6Mk.*\n.*tet sign/s);
    }
  });
});
