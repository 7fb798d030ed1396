// Usage billing, the operations around the money flow of billing.test.ts, in a world of their own:
// refused vouchers, sessions, usage and tariffs; the log's checkpoint anchored on chain and shown on
// the passport; the payer's and provider's tet commands; a billing service restarted mid-session.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SettlementRecord } from "@tet/backend";
import { BillingService, serveApi, signSessionRequest } from "@tet/backend";
import { runTetInProcess } from "@tet/backend/test-support";
import { latestCheckpoint, openChannel } from "@tet/contracts";
import { didKeyFromPublicKey, encodeKeyFile, generatePrivateKey, signStatement } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { describe, expect, it } from "vitest";
import {
  ch,
  charger,
  dir,
  dk,
  json,
  openSession,
  payHttp,
  raterDid,
  settled,
  tet,
  useBillingWorld,
  voucher,
  w,
} from "./billingSession.js";
import { DEV } from "./billingWorld.js";

useBillingWorld();

describe("usage billing: refusals, anchoring, the tet commands, a restart", () => {
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
      expect(await b2.recover()).toBe(3); // charge-3, charge-4 and charge-5: every session this world journaled;
      const a = b2.account(ch.objectId, "charge-5");
      expect([a.due, a.accepted, a.closed]).toEqual([tet("0.7"), tet("0.7"), false]);
      expect(b2.account(ch.objectId, "charge-3").settling).toBe(true); // settled before: never again
      const done = new Promise<SettlementRecord>((r) => b2.once("settled", r));
      charger.unplug();
      expect((await done).amount).toBe(tet("0.7").toString());
    } finally {
      await b2.close();
    }
  });

  it("no background failures", () => {
    expect(w.errors).toEqual([]);
    expect(settled.map((r) => r.session)).toEqual(["charge-3", "charge-4"]);
  });
});
