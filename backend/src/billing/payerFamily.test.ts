// Payers as a client family of the embedded broker (real aedes, SQLite, mqtt.js on loopback): the
// EIP-712 login, the topic ACL, the re-addressing of vouchers for the billing, refusals on the ack.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import mqtt, { type MqttClient } from "mqtt";
import { generatePrivateKey as generateEvmKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Broker, mayPublish, maySubscribe, type Principal, startBroker } from "../broker/index.js";
import { Ingest, SimulatedDevice } from "../ingest/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import { payerFamily } from "./payerFamily.js";
import { signPayerLogin } from "./payerLogin.js";
import { PAYER_PAY_SUBSCRIPTION, payerAckTopic, payerPayTopic, payTopic } from "./payerTopics.js";

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
  dir = mkdtempSync(join(tmpdir(), "tet-payer-"));
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  ledger = await StatementLedger.open({
    store,
    origin: "test.tet/log",
    signer: logKey,
    verifier: nodeVerifier,
  });
  ingest = new Ingest({ ledger, signer: logKey, log: () => undefined });
  broker = await startBroker({
    ingest,
    store,
    port: 0,
    backend,
    families: [payerFamily()],
    log: () => undefined,
  });
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await broker?.close();
  await ingest?.close();
  await ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("payers' topic ACL", () => {
  it("lets a payer publish only to an object's pay topic and subscribe only to its own ack", () => {
    const a = SimulatedDevice.create().objectId;
    const b = SimulatedDevice.create().objectId;
    const address = "0x00000000000000000000000000000000000000aa";
    const payer: Principal = { kind: "member", family: payerFamily(), id: address };
    const other = "0x00000000000000000000000000000000000000bb";
    expect(mayPublish(payer, payTopic(a))).toBe(true);
    expect(mayPublish(payer, payTopic(b))).toBe(true); // it pays objects it does not own
    for (const t of [
      `tet/v1/o/${a}/up`,
      `tet/v1/o/${a}/down`,
      `tet/v1/o/${a}/pay/ack`,
      payerPayTopic(address, a),
      payerAckTopic(address),
      "tet/v1/o/+/pay",
    ])
      expect(mayPublish(payer, t), t).toBe(false);
    expect(maySubscribe(payer, payerAckTopic(address))).toBe(true);
    for (const t of [
      payerAckTopic(other),
      "tet/v1/p/+/ack",
      `tet/v1/o/${a}/pay/ack`,
      `tet/v1/o/${a}/down`,
      "#",
    ])
      expect(maySubscribe(payer, t), t).toBe(false);
  });
});

describe("payer login", () => {
  const alice = privateKeyToAccount(generateEvmKey());
  const bob = privateKeyToAccount(generateEvmKey());
  const mallory = privateKeyToAccount(generateEvmKey());

  /** A payer connected with a fresh login; collects what arrives on its own ack topic. */
  async function payer(account = alice) {
    const acks: Record<string, unknown>[] = [];
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      ...(await signPayerLogin({ account })),
      reconnectPeriod: 0,
      protocolVersion: 4,
    });
    clients.push(client);
    client.on("message", (_t, p) => acks.push(JSON.parse(p.toString()) as Record<string, unknown>));
    await client.subscribeAsync(payerAckTopic(account.address), { qos: 1 });
    return { client, acks };
  }

  it("refuses a stale ts, a reused nonce, another address's signature and junk with return code 5", async () => {
    const login = await signPayerLogin({ account: alice });
    expect(await refusedCode(login)).toBeUndefined(); // the good one
    const byMallory = await signPayerLogin({ account: mallory });
    const cases: [string, mqtt.IClientOptions][] = [
      ["LOGIN_REPLAY", login],
      ["LOGIN_STALE", await signPayerLogin({ account: alice, ts: Date.now() - 120_000 })],
      ["LOGIN_STALE", await signPayerLogin({ account: alice, ts: Date.now() + 120_000 })],
      [
        "LOGIN_PAYER_BAD_SIGNATURE",
        { ...(await signPayerLogin({ account: alice })), password: byMallory.password },
      ],
      ["LOGIN_PAYER_MALFORMED", { ...(await signPayerLogin({ account: alice })), password: "hunter2" }],
      [
        "LOGIN_BAD_CLIENT_ID",
        { ...(await signPayerLogin({ account: alice })), clientId: "tet-rvxqaaaaaaaaaaaaaaaaaaaaaa" },
      ],
      ["LOGIN_BAD_CREDENTIAL", { ...(await signPayerLogin({ account: alice })), username: "payer:0x12" }],
    ];
    for (const [code, opts] of cases) {
      const before = broker.metrics().broker_refused?.[code] ?? 0;
      expect(await refusedCode(opts), code).toBe(5);
      expect(broker.metrics().broker_refused?.[code], code).toBe(before + 1);
    }
  });

  it("re-addresses a payer's voucher on tet/v1/o/{id}/pay to tet/v1/p/{address}/pay/{id} for the billing", async () => {
    const d = SimulatedDevice.create();
    const billing = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
      ...backend,
      clientId: "tet-billing-test",
      reconnectPeriod: 0,
      protocolVersion: 4,
    });
    clients.push(billing);
    const got: [string, string][] = [];
    billing.on("message", (t, p) => got.push([t, p.toString()]));
    await billing.subscribeAsync([PAYER_PAY_SUBSCRIPTION, "tet/v1/o/+/pay"], { qos: 1 });
    const { client } = await payer(alice);
    await client.publishAsync(payTopic(d.objectId), "voucher-1", { qos: 1, retain: true });
    await until(() => got.length === 1, "the re-addressed voucher");
    expect(got).toEqual([[payerPayTopic(alice.address, d.objectId), "voucher-1"]]);
  });

  it("keeps a payer off devices' topics and other payers' acks: SUBACK 0x80, a refused publish answered on its ack", async () => {
    const d = SimulatedDevice.create();
    await ledger.append(d.genesis);
    const { client, acks } = await payer(bob);
    const subDenied = broker.metrics().broker_refused?.SUBSCRIBE_DENIED ?? 0;
    for (const filter of [
      `tet/v1/o/${d.objectId}/down`,
      payerAckTopic(alice.address),
      "tet/v1/p/+/ack",
      `tet/v1/o/${d.objectId}/pay/ack`,
      `tet/v1/o/${d.objectId}/pay`,
      "#",
    ])
      expect(await subackCode(client, filter), filter).toBe(128);
    expect(broker.metrics().broker_refused?.SUBSCRIBE_DENIED).toBe(subDenied + 6);

    const size = ledger.log.size;
    const pubDenied = broker.metrics().broker_refused?.PUBLISH_DENIED ?? 0;
    await client.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(d.state()), { qos: 1 });
    await client.publishAsync(payerPayTopic(alice.address, d.objectId), "forged sender", { qos: 1 });
    await until(() => acks.length === 2, "the two refusals on the payer's ack");
    expect(acks.map((a) => [a.ok, a.code])).toEqual([
      [false, "PUBLISH_DENIED"],
      [false, "PUBLISH_DENIED"],
    ]);
    expect(broker.metrics().broker_refused?.PUBLISH_DENIED).toBe(pubDenied + 2);
    expect(ledger.log.size).toBe(size); // the device statement reached nobody
  });
});
