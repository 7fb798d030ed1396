// Usage billing end to end (issue 7): a simulated EV charger and a coworking desk with real agents
// over the embedded broker, the real ledger, Anvil with the contracts; a payer opens channels, sends
// EIP-712 vouchers (HTTP, and MQTT under its own payer login) as usage is metered, the provider settles, 0.1 % goes to the
// infrastructure fund, and the invoices verify from exported bundles.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meteredDesk, simulatedCharger } from "@tet/agent";
import type { Invoice, SettlementRecord } from "@tet/backend";
import {
  BillingService,
  payerAckTopic,
  payTopic,
  serveApi,
  servePayTopics,
  signPayerLogin,
  signSessionRequest,
  voucherMessageJson,
} from "@tet/backend";
import type { CliIo } from "@tet/backend/test-support";
import { invoiceCommand, runTetInProcess } from "@tet/backend/test-support";
import { latestCheckpoint, openChannel, signVoucher } from "@tet/contracts";
import {
  didKeyFromPublicKey,
  encodeKeyFile,
  generatePrivateKey,
  type Statement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import mqtt from "mqtt";
import { parseUnits } from "viem";
import { generatePrivateKey as generateEvmKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf, DEV, INFRA, startWorld, type World } from "./billingWorld.js";

const tet = (n: string) => parseUnits(n, 18);
const KWH_PRICE = tet("0.35");
const MIN_PRICE = tet("0.02");
let dir: string;
let w: World;
const raterKey = generatePrivateKey();
const rater = nodeSigner(raterKey); // the payer's rating key (did:key)
const raterDid = didKeyFromPublicKey(rater.publicKey);
const charger = simulatedCharger();
const desk = meteredDesk();
let ch: Awaited<ReturnType<World["object"]>>;
let dk: Awaited<ReturnType<World["object"]>>;
const settled: SettlementRecord[] = [];

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

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

/** The payer opens a channel to the provider and asks the backend to start a session on it. */
async function openSession(objectId: string, session: string, deposit = tet("10")) {
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
async function voucher(objectId: string, session: string, channel: bigint, amount: bigint) {
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

const session = async (objectId: string, s: string) =>
  (await (await w.bill.request(`/v1/objects/${objectId}/sessions/${s}`)).json()) as {
    due: string;
    accepted: string;
    closed: boolean;
    stopped: boolean;
  };

/** Pays what is due now over HTTP; returns the response. */
async function payHttp(objectId: string, s: string, channel: bigint) {
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

async function exportAndVerify(objectId: string, invoiceQuery: string) {
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

describe("usage billing end to end", () => {
  let chargeChannel: bigint;
  let chargeInvoice: Invoice;
  let deskInvoice: Invoice;

  it("charges 12.3 kWh paid by HTTP vouchers as it flows; the provider settles on chain", async () => {
    chargeChannel = await openSession(ch.objectId, "charge-1");
    for (const wh of [1500, 1500, 1500, 1500, 1500, 1500, 1500, 1500, 300]) {
      const metered = w.nextUsage("charge-1", "progress");
      expect(charger.deliver(wh)).toBe(true);
      await metered;
      const res = await payHttp(ch.objectId, "charge-1", chargeChannel);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const done = new Promise<SettlementRecord>((r) => w.billing.once("settled", r));
    const stopped = w.nextUsage("charge-1", "stop");
    charger.unplug();
    await stopped;
    const record = await done;
    expect(record.amount).toBe(tet("4.305").toString()); // 12.3 kWh × 0.35 TET
    expect(record.fee).toBe((tet("4.305") / 1000n).toString());
    chargeInvoice = await exportAndVerify(ch.objectId, "session=charge-1");
    expect(chargeInvoice.total).toBe(record.amount);
    expect(chargeInvoice.lines[0]).toMatchObject({
      quantity: "12.3",
      unit: "kWh",
      payer: raterDid,
      status: "closed",
    });
    expect(chargeInvoice.lines[0]!.usage).toHaveLength(11); // start, 9 × progress, stop — each cited by index
  });

  it("books the desk for 95 minutes paid by MQTT vouchers from the payer's own login; settles when the desk is left", async () => {
    const stopPay = servePayTopics({ broker: w.broker, billing: w.billing });
    /** A wallet logged in to the broker as `account` (EIP-712 payer login), reading its own acks. */
    const walletOf = async (account: typeof w.payerAccount) => {
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
    };
    const wallet = await walletOf(w.payerAccount);
    const stranger = await walletOf(privateKeyToAccount(generateEvmKey()));
    try {
      const payMqtt = async (channel: bigint) => {
        const due = BigInt((await session(dk.objectId, "desk-1")).due);
        return wallet.send(dk.objectId, await voucher(dk.objectId, "desk-1", channel, due));
      };
      const channel = await openSession(dk.objectId, "desk-1");
      desk.occupy(Date.now()); // the payer sits down at the booked desk: no second session
      for (let i = 0; i < 6; i++) {
        const metered = w.nextUsage("desk-1", "progress");
        desk.advance(15);
        await metered;
        expect(await payMqtt(channel)).toMatchObject({
          ok: true,
          object: dk.objectId,
          session: "desk-1",
          short: false,
        });
      }
      // Logged in is not paying: a stranger's own voucher for the session is checked as before and
      // refused, answered on the stranger's ack alone.
      const forged = await signVoucher({
        account: privateKeyToAccount(generateEvmKey()),
        chainId: w.d.chainId,
        settlement: w.d.settlement,
        voucher: {
          channel,
          payee: w.provider.wallet.account.address,
          cumulativeAmount: tet("100"),
          expiry: BigInt(Math.floor(Date.now() / 1000) + 3600),
        },
      });
      const walletAcks = wallet.acks.length;
      expect(
        await stranger.send(
          dk.objectId,
          voucherMessageJson({ object: dk.objectId, session: "desk-1", signed: forged }),
        ),
      ).toMatchObject({ ok: false, object: dk.objectId, session: "desk-1", code: "VOUCHER_BAD_SIGNATURE" });
      desk.advance(5);
      const stopped = w.nextUsage("desk-1", "stop");
      const done = new Promise<SettlementRecord>((r) => w.billing.once("settled", r));
      desk.vacate(); // occupancy ends the session with the last 5 minutes
      await stopped;
      expect(await payMqtt(channel)).toMatchObject({ ok: true, short: false, due: tet("1.9").toString() });
      expect(wallet.acks.length).toBe(walletAcks + 1); // the stranger's refusal never reached the payer
      expect(stranger.acks).toHaveLength(1);
      const record = await done;
      expect(record.amount).toBe(tet("1.9").toString());
      deskInvoice = await exportAndVerify(dk.objectId, `from=0&to=${Date.now() + 60_000}`);
      expect(deskInvoice.lines.map((l) => [l.session, l.quantity])).toEqual([["desk-1", "95"]]);
    } finally {
      await wallet.client.endAsync();
      await stranger.client.endAsync();
      stopPay();
    }
  });

  it("on-chain balances equal the invoice totals less exactly 0.1 %", async () => {
    const totals = [BigInt(chargeInvoice.total), BigInt(deskInvoice.total)];
    const fees = totals.map((t) => t / 1000n);
    expect(totals.map((t, i) => t - fees[i]! * 1000n)).toEqual([0n, 0n]); // 0.1 % exactly, no rounding left
    const provider = await balanceOf(w.admin, w.d.token, w.provider.wallet.account.address);
    const fund = await balanceOf(w.admin, w.d.token, INFRA);
    expect(provider).toBe(totals[0]! - fees[0]! + totals[1]! - fees[1]!);
    expect(fund).toBe(fees[0]! + fees[1]!);
  });

  it("provider statements list each settlement with its transaction, as JSON and CSV", async () => {
    const s = (await (await w.bill.request(`/v1/objects/${ch.objectId}/provider-statement`)).json()) as {
      rows: { session: string; tx: string; redeemed: string; fee: string; paid: string }[];
      totals: { redeemed: string; fee: string; paid: string };
    };
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ session: "charge-1", redeemed: chargeInvoice.total });
    const receipt = await w.admin.public.getTransactionReceipt({ hash: s.rows[0]!.tx as `0x${string}` });
    expect(receipt.status).toBe("success");
    const csv = await (
      await w.bill.request(`/v1/objects/${ch.objectId}/provider-statement?format=csv`)
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "object,session,settledAt,channel,payer,due,redeemed,fee,paid,tx,block,logIndex",
    );
    expect(csv).toContain(s.rows[0]!.tx);
    expect(csv).toContain(`TOTAL,1,,,,${chargeInvoice.total},${chargeInvoice.total}`);
  });

  it("a payer that stops sending vouchers gets its session stopped by a command the charger obeys", async () => {
    const channel = await openSession(ch.objectId, "charge-2");
    let m = w.nextUsage("charge-2", "progress");
    charger.deliver(1000);
    await m;
    expect((await payHttp(ch.objectId, "charge-2", channel)).status).toBe(200);
    m = w.nextUsage("charge-2", "progress");
    charger.deliver(1000); // on credit: the payer sends nothing from here on
    await m;
    const stopCommand = w.next((e) => e.statement.t === "command" && e.statement.name === "stop-session");
    const stopped = w.nextUsage("charge-2", "stop");
    const result = w.next((e) => e.statement.t === "command-result");
    charger.deliver(1000); // the next usage finds the previous step unpaid
    const cmd = (await stopCommand).statement as Extract<Statement, { t: "command" }>;
    expect(cmd.args).toEqual({ session: "charge-2", reason: "short-payment" });
    await stopped;
    expect((await result).statement).toMatchObject({ status: "ok" });
    expect(charger.relayOn).toBe(false);
    expect(charger.deliver(1000)).toBe(false);
    expect(await session(ch.objectId, "charge-2")).toMatchObject({ closed: true, stopped: true });
    const settledShort = (await (
      await w.bill.request(`/v1/objects/${ch.objectId}/sessions/charge-2/settle`, { method: "POST" })
    ).json()) as SettlementRecord;
    expect(BigInt(settledShort.amount)).toBe(KWH_PRICE); // the one paid kWh; the rest was never vouched
    expect(BigInt(settledShort.due)).toBe(3n * KWH_PRICE);
  });

  it("refuses a voucher for another channel and one lower than an earlier one", async () => {
    const channel = await openSession(ch.objectId, "charge-3");
    const m = w.nextUsage("charge-3", "progress");
    charger.deliver(2000);
    await m;
    const wrong = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json(await voucher(ch.objectId, "charge-3", channel + 100n, tet("1"))),
    );
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { code: string }).code).toBe("VOUCHER_WRONG_CHANNEL");
    const first = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json(await voucher(ch.objectId, "charge-3", channel, tet("0.7"))),
    );
    expect(first.status).toBe(200);
    const lower = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json(await voucher(ch.objectId, "charge-3", channel, tet("0.5"))),
    );
    expect(lower.status).toBe(409);
    expect(((await lower.json()) as { code: string }).code).toBe("VOUCHER_NOT_NEWER");
    const problem = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
    // The session and its channel are taken; a request signed by someone else than the channel's payer is refused.
    const again = await signSessionRequest({
      account: w.payerAccount,
      chainId: w.d.chainId,
      settlement: w.d.settlement,
      request: { object: ch.objectId, session: "charge-3b", channel, rater: raterDid },
    });
    const open = (session: string, signature: string) =>
      w.bill.request(
        `/v1/objects/${ch.objectId}/sessions`,
        json({ session, channel: channel.toString(), rater: raterDid, signature }),
      );
    expect(await problem(await open("charge-3", again.signature))).toEqual([409, "SESSION_EXISTS"]);
    expect(await problem(await open("charge-3b", again.signature))).toEqual([409, "CHANNEL_INVALID"]);
    const good = await voucher(ch.objectId, "charge-3", channel, tet("0.8"));
    const malformed = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json({ ...good, voucher: { ...good.voucher, cumulativeAmount: "0.8" } }),
    );
    expect(await problem(malformed)).toEqual([400, "VOUCHER_MALFORMED"]);
    const forged = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json({ ...good, signature: `${good.signature.slice(0, -4)}0000` }),
    );
    expect(await problem(forged)).toEqual([401, "VOUCHER_BAD_SIGNATURE"]);
    const unknown = await w.bill.request(
      `/v1/objects/${ch.objectId}/vouchers`,
      json({ ...good, session: "nope" }),
    );
    expect(await problem(unknown)).toEqual([404, "UNKNOWN_SESSION"]);
    const key = (await (await w.bill.request("/v1/billing/key")).json()) as { did: string };
    expect(key.did).toBe(didKeyFromPublicKey(w.billingKey.publicKey));
    const stopped = w.nextUsage("charge-3", "stop");
    const done = new Promise<SettlementRecord>((r) => w.billing.once("settled", r));
    charger.unplug();
    await stopped;
    expect((await done).amount).toBe(tet("0.7").toString()); // 2 kWh, paid in full: settled at once
  });

  it("refuses usage not signed by the object's device key and a tariff not signed by the provider", async () => {
    const stranger = nodeSigner(generatePrivateKey());
    const forged = signStatement(
      {
        v: 1,
        t: "usage",
        ts: Date.now(),
        obj: ch.obj,
        seq: 1_000,
        prev: new Uint8Array(32),
        session: "charge-x",
        phase: "start",
        unit: "kWh",
        quantity: 0,
      },
      stranger,
    );
    expect(await w.ingest.submit(ch.objectId, forged)).toEqual({ ok: false, code: "KEY_NOT_BOUND" });
    const tariff = ch.sign(
      { t: "tariff", unit: "kWh", price: 1n, payout: new Uint8Array(20).fill(1), from: Date.now() },
      stranger,
    );
    const res = await w.api.request("/v1/statements", {
      method: "POST",
      headers: { "content-type": "application/cose" },
      body: tariff as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("NOT_OWNER");
  });

  it("anchors the log's checkpoint on chain", async () => {
    await w.covered();
    const rec = await w.anchor.anchorNow();
    expect(rec).toBeDefined();
    const onChain = await latestCheckpoint(w.admin, w.d, w.ledger.log.origin);
    expect(onChain).toMatchObject({ size: BigInt(rec!.size), root: rec!.root });
    const res = await w.bill.request("/v1/log/anchor");
    expect(await res.json()).toMatchObject({ size: rec!.size, tx: rec!.tx });
    expect(await w.anchor.anchorNow()).toBeUndefined(); // nothing new: no transaction
  });

  it("a rating needs a settled session of its signer; the passport shows count, average and settlements", async () => {
    const charge1 = settled.find((r) => r.session === "charge-1")!;
    const charge2 = settled.find((r) => r.session === "charge-2")!;
    const post = (bytes: Uint8Array) =>
      w.api.request("/v1/statements", {
        method: "POST",
        headers: { "content-type": "application/cose" },
        body: bytes as Uint8Array<ArrayBuffer>,
      });
    const code = async (res: Response) => [res.status, ((await res.json()) as { code?: string }).code];
    const stranger = nodeSigner(generatePrivateKey());
    const rate = (o: typeof ch, settlement: string, score: number, by = rater) =>
      o.sign({ t: "rating", score, settlement, text: "Fast and reliable." }, by);
    expect(await code(await post(rate(ch, charge1.ref, 1, stranger)))).toEqual([403, "NOT_SETTLED"]);
    expect(await code(await post(rate(ch, `${charge1.ref.slice(0, -4)}beef`, 5)))).toEqual([
      403,
      "NOT_SETTLED",
    ]);
    expect(await code(await post(rate(dk, charge1.ref, 5)))).toEqual([403, "NOT_SETTLED"]); // another object's
    // The genuine payer, with `tet rating` against the served API.
    const keyFile = join(dir, "rater.pem");
    writeFileSync(keyFile, encodeKeyFile(raterKey), { mode: 0o600 });
    const served = await serveApi({
      ledger: w.ledger,
      rateLimit: false,
      web: false,
      port: 0,
      routes: [w.bill],
    });
    try {
      const api = `http://[::1]:${served.port}`;
      const r = await runTetInProcess([
        "rating",
        ch.objectId,
        "--score",
        "5",
        "--settlement",
        charge1.ref,
        "--key",
        keyFile,
        "--text",
        "Quick charge",
        "--api",
        api,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const again = await runTetInProcess([
        "rating",
        ch.objectId,
        "--score",
        "1",
        "--settlement",
        charge1.ref,
        "--key",
        keyFile,
        "--api",
        api,
      ]);
      expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/REPLAY/)]);
      expect(await code(await post(rate(ch, charge2.ref, 3)))).toEqual([201, undefined]);
      const passport = (await (await w.api.request(`/v1/objects/${ch.objectId}`)).json()) as {
        ratings: {
          count: number;
          average: number;
          items: { score: number; settlement: string; tx: string }[];
        };
      };
      expect(passport.ratings).toMatchObject({ count: 2, average: 4 });
      expect(passport.ratings.items.map((i) => [i.score, i.settlement, i.tx])).toEqual([
        [5, charge1.ref, charge1.tx],
        [3, charge2.ref, charge2.tx],
      ]);
      const viaRoute = (await (await w.bill.request(`/v1/objects/${ch.objectId}/ratings`)).json()) as {
        count: number;
      };
      expect(viaRoute.count).toBe(2);
      // `tet provider statement` and `tet invoice` over HTTP.
      const csv = await runTetInProcess([
        "provider",
        "statement",
        ch.objectId,
        "--format",
        "csv",
        "--api",
        api,
      ]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.text).toContain(charge1.tx);
      const inv = await runTetInProcess(["invoice", ch.objectId, "--session", "charge-1", "--api", api]);
      expect(inv.code, inv.stderr).toBe(0);
      expect((JSON.parse(inv.text) as Invoice).total).toBe(charge1.amount);
    } finally {
      await served.close();
    }
  });

  it("the payer's and provider's tet commands: tariff, voucher open, voucher pay", async () => {
    const served = await serveApi({
      ledger: w.ledger,
      rateLimit: false,
      web: false,
      port: 0,
      routes: [w.bill],
    });
    try {
      const api = `http://[::1]:${served.port}`;
      const ownerPem = join(dir, "owner.pem");
      writeFileSync(ownerPem, encodeKeyFile(ch.ownerKey), { mode: 0o600 });
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const t = await runTetInProcess([
        "tariff",
        ch.objectId,
        "--unit",
        "kWh",
        "--price",
        "0.40",
        "--payout",
        w.provider.wallet.account.address,
        "--from",
        later,
        "--key",
        ownerPem,
        "--api",
        api,
      ]);
      expect(t.code, t.stderr).toBe(0);
      const evmKey = join(dir, "payer.key");
      writeFileSync(evmKey, `${DEV[1]}\n`, { mode: 0o600 });
      const deployment = join(dir, "deployment.json");
      writeFileSync(deployment, JSON.stringify(w.d));
      const now = Number((await w.admin.public.getBlock()).timestamp);
      const channel = await openChannel(w.payer, w.d, {
        payee: w.provider.wallet.account.address,
        amount: tet("1"),
        expiry: BigInt(now + 86_400),
      });
      const common = [
        "--session",
        "charge-4",
        "--channel",
        channel.toString(),
        "--evm-key",
        evmKey,
        "--deployment",
        deployment,
        "--api",
        api,
      ];
      const started = w.nextUsage("charge-4", "start");
      const o = await runTetInProcess(["voucher", "open", ch.objectId, ...common, "--rater", raterDid]);
      expect(o.code, o.stderr).toBe(0);
      await started;
      const metered = w.nextUsage("charge-4", "progress");
      charger.deliver(1000);
      await metered;
      const p = await runTetInProcess([
        "voucher",
        "pay",
        ch.objectId,
        ...common,
        "--payee",
        w.provider.wallet.account.address,
        "--amount",
        "0.35",
      ]);
      expect(p.code, p.stderr).toBe(0);
      expect(JSON.parse(p.text)).toMatchObject({ accepted: tet("0.35").toString(), short: false });
      const done = new Promise<SettlementRecord>((r) => w.billing.once("settled", r));
      charger.unplug();
      expect((await done).amount).toBe(tet("0.35").toString()); // the old tariff: the new one starts tomorrow
    } finally {
      await served.close();
    }
  });

  it("the passport shows the last anchored checkpoint and its transaction", async () => {
    const passport = (await (await w.api.request(`/v1/objects/${dk.objectId}`)).json()) as {
      anchor?: { size: number; tx: string };
    };
    expect(passport.anchor).toMatchObject({ size: w.anchor.last!.size, tx: w.anchor.last!.tx });
  });

  it("a restarted billing service recovers sessions and accepted vouchers from its journal and the log", async () => {
    const channel = await openSession(ch.objectId, "charge-5");
    const metered = w.nextUsage("charge-5", "progress");
    charger.deliver(2000);
    await metered;
    expect((await payHttp(ch.objectId, "charge-5", channel)).status).toBe(200);
    await w.billing.close(); // the backend goes down mid-session
    const b2 = new BillingService({
      ledger: w.ledger,
      chain: w.provider,
      deployment: w.d,
      signer: w.billingKey,
      journal: w.journal,
    });
    try {
      expect(await b2.recover()).toBeGreaterThanOrEqual(6);
      const a = b2.account(ch.objectId, "charge-5");
      expect([a.due, a.accepted, a.closed]).toEqual([tet("0.7"), tet("0.7"), false]);
      expect(b2.account(ch.objectId, "charge-1").settling).toBe(true); // settled before: never again
      const done = new Promise<SettlementRecord>((r) => b2.once("settled", r));
      charger.unplug();
      expect((await done).amount).toBe(tet("0.7").toString());
    } finally {
      await b2.close();
    }
  });

  it("no background failures", () => {
    expect(w.errors).toEqual([]);
    expect(settled.map((r) => r.session)).toEqual(["charge-1", "desk-1", "charge-2", "charge-3", "charge-4"]);
  });
});
