// Usage billing end to end (issue 7): a simulated EV charger and a coworking desk with real agents
// over the embedded broker, the real ledger, Anvil with the contracts; a payer opens channels, sends
// EIP-712 vouchers (HTTP, and MQTT under its own payer login) as usage is metered, the provider settles, 0.1 % goes to the
// infrastructure fund, and the invoices verify from exported bundles. Refusals, anchoring, the tet
// commands and a restart are in billingOperations.test.ts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Invoice, SettlementRecord } from "@tet/backend";
import { serveApi, servePayTopics, voucherMessageJson } from "@tet/backend";
import { runTetInProcess } from "@tet/backend/test-support";
import { signVoucher } from "@tet/contracts";
import { encodeKeyFile, generatePrivateKey, type Statement } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { generatePrivateKey as generateEvmKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  ch,
  charger,
  desk,
  dir,
  dk,
  exportAndVerify,
  KWH_PRICE,
  mqttWallet,
  openSession,
  payHttp,
  rater,
  raterDid,
  raterKey,
  session,
  settled,
  tet,
  useBillingWorld,
  voucher,
  w,
} from "./billingSession.js";
import { balanceOf, INFRA } from "./billingWorld.js";

useBillingWorld();

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
    const wallet = await mqttWallet(w.payerAccount);
    const stranger = await mqttWallet(privateKeyToAccount(generateEvmKey()));
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

  it("no background failures", () => {
    expect(w.errors).toEqual([]);
    expect(settled.map((r) => r.session)).toEqual(["charge-1", "desk-1", "charge-2"]);
  });
});
