// The billing scenario's shared fixture (billing.test.ts, billingOperations.test.ts): one world per
// test file (see billingWorld.ts) with an EV charger and a coworking desk priced per kWh and per
// minute, the payer's rating key, every settlement the billing service reports, and the payer's moves —
// open a channel and a session, sign a voucher, pay what is due, export and verify an invoice.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meteredDesk, simulatedCharger } from "@tet/agent";
import type { Invoice, SettlementRecord } from "@tet/backend";
import {
  payerAckTopic,
  payTopic,
  signPayerLogin,
  signSessionRequest,
  voucherMessageJson,
} from "@tet/backend";
import type { CliIo } from "@tet/backend/test-support";
import { invoiceCommand } from "@tet/backend/test-support";
import { openChannel, signVoucher } from "@tet/contracts";
import { didKeyFromPublicKey, generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import mqtt from "mqtt";
import { parseUnits } from "viem";
import { afterAll, beforeAll, expect } from "vitest";
import { startWorld, type World } from "./billingWorld.js";

export const tet = (n: string) => parseUnits(n, 18);
export const KWH_PRICE = tet("0.35");
export const MIN_PRICE = tet("0.02");
export let dir: string;
export let w: World;
export const raterKey = generatePrivateKey();
export const rater = nodeSigner(raterKey); // the payer's rating key (did:key)
export const raterDid = didKeyFromPublicKey(rater.publicKey);
export const charger = simulatedCharger();
export const desk = meteredDesk();
export let ch: Awaited<ReturnType<World["object"]>>;
export let dk: Awaited<ReturnType<World["object"]>>;
export const settled: SettlementRecord[] = [];

/** Starts the world before the file's tests and stops it after (call once, at the top of a test file). */
export function useBillingWorld(): void {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tet-billing-"));
    w = await startWorld(dir);
    w.billing.on("settled", (r) => settled.push(r));
    ch = await w.object({ class: "ev-charger", unit: "kWh", price: KWH_PRICE, meter: charger.meter });
    dk = await w.object({ class: "coworking-desk", unit: "min", price: MIN_PRICE, meter: desk.meter });
  }, 120_000);
  afterAll(async () => {
    await w?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
}

export const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** The payer opens a channel to the provider and asks the backend to start a session on it. */
export async function openSession(objectId: string, session: string, deposit = tet("10")) {
  const now = Number((await w.admin.public.getBlock()).timestamp);
  const channel = await openChannel(w.payer, w.d, {
    payee: w.provider.wallet.account.address,
    amount: deposit,
    expiry: BigInt(now + 86_400),
  });
  const req = await signSessionRequest({
    account: w.payerAccount,
    chainId: w.d.chainId,
    settlement: w.d.settlement,
    request: { object: objectId, session, channel, rater: raterDid },
  });
  const started = w.nextUsage(session, "start");
  const res = await w.bill.request(
    `/v1/objects/${objectId}/sessions`,
    json({ session, channel: channel.toString(), rater: raterDid, signature: req.signature }),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  await started; // the device obeyed start-session: its first usage statement is in the log
  return channel;
}

/** A voucher message for `amount` on `channel` (signed by the payer, EIP-712). */
export async function voucher(objectId: string, session: string, channel: bigint, amount: bigint) {
  const signed = await signVoucher({
    account: w.payerAccount,
    chainId: w.d.chainId,
    settlement: w.d.settlement,
    voucher: {
      channel,
      payee: w.provider.wallet.account.address,
      cumulativeAmount: amount,
      expiry: BigInt(Math.floor(Date.now() / 1000) + 3600),
    },
  });
  return voucherMessageJson({ object: objectId, session, signed });
}

export const session = async (objectId: string, s: string) =>
  (await (await w.bill.request(`/v1/objects/${objectId}/sessions/${s}`)).json()) as {
    due: string;
    accepted: string;
    closed: boolean;
    stopped: boolean;
  };

/** Pays what is due now over HTTP; returns the response. */
export async function payHttp(objectId: string, s: string, channel: bigint) {
  const due = BigInt((await session(objectId, s)).due);
  return w.bill.request(`/v1/objects/${objectId}/vouchers`, json(await voucher(objectId, s, channel, due)));
}

function cli() {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (c) => {
      out += typeof c === "string" ? c : Buffer.from(c).toString();
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => new Uint8Array(),
  };
  return { io, out: () => out, err: () => err };
}

export async function exportAndVerify(objectId: string, invoiceQuery: string) {
  await w.covered();
  const inv = (await (
    await w.bill.request(`/v1/objects/${objectId}/invoice?${invoiceQuery}`)
  ).json()) as Invoice;
  const bundle = new Uint8Array(await (await w.api.request(`/v1/objects/${objectId}/bundle`)).arrayBuffer());
  const bFile = join(dir, `${objectId}.bundle.cbor`);
  const iFile = join(dir, `${objectId}.invoice.json`);
  writeFileSync(bFile, bundle);
  writeFileSync(iFile, JSON.stringify(inv));
  const ok = cli();
  const code = await invoiceCommand.run(["verify", bFile, iFile, "--log-key", w.key.did], ok.io);
  expect(code, ok.err()).toBe(0);
  const tampered = join(dir, `${objectId}.tampered.json`);
  writeFileSync(tampered, JSON.stringify({ ...inv, total: (BigInt(inv.total) + 1n).toString() }));
  const bad = cli();
  expect(await invoiceCommand.run(["verify", bFile, tampered, "--log-key", w.key.did], bad.io)).toBe(1);
  expect(bad.err()).toMatch(/INVOICE_MISMATCH/);
  return inv;
}

/** A wallet logged in to the broker as `account` (EIP-712 payer login), reading its own acks. */
export async function mqttWallet(account: World["payerAccount"]) {
  const client = await mqtt.connectAsync(`mqtt://[::1]:${w.broker.port}`, {
    ...(await signPayerLogin({ account })),
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  await client.subscribeAsync(payerAckTopic(account.address), { qos: 1 });
  const acks: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  client.on("message", (_t, p) => {
    acks.push(JSON.parse(p.toString()) as Record<string, unknown>);
    waiters.shift()?.();
  });
  /** Publishes `body` on the object's pay topic and resolves with the ack it gets. */
  const send = async (objectId: string, body: unknown) => {
    const acked = new Promise<void>((r) => waiters.push(r));
    await client.publishAsync(payTopic(objectId), JSON.stringify(body), { qos: 1 });
    await acked;
    return acks.at(-1)!;
  };
  return { client, acks, send };
}
