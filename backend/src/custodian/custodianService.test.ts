import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deposit, redeem, reserveAbi } from "@tet/contracts";
import { Hono } from "hono";
import { keccak256, stringToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listenHttp } from "../server/index.js";
import { type EconomyChain, startEconomyChain, wad } from "../test-support/index.js";
import { attestationToJson } from "./attestationWire.js";
import { attestationRef } from "./classifyEntry.js";
import { csvPayoutWriter } from "./csvPayoutWriter.js";
import { custodianRoutes } from "./custodianRoutes.js";
import { CustodianService } from "./custodianService.js";
import { CustodianStore } from "./custodianStore.js";
import { depositMessage, signDeposit } from "./depositAttestation.js";
import { verifyJournal } from "./journalEntry.js";
import { splitCsv } from "./parseCsvStatement.js";
import { signWebhook } from "./webhookRoute.js";

// Issue 17, custodian: two custodian processes (2-of-2) attest the deposits of a bank statement,
// exchanging signatures over HTTP; a statement imported twice changes nothing; a reference used twice
// is refused, here and by the contract; on a real Anvil.
let c: EconomyChain;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

async function custodian(i: number, o: { beneficiaries?: string; confirmations?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `tet-custodian-${i}-`));
  dirs.push(dir);
  const inbox = join(dir, "inbox");
  mkdirSync(inbox);
  const signer = c.custodians[i] as (typeof c.custodians)[number];
  const store = new CustodianStore(join(dir, "custodian.db"), signer);
  const orders = join(dir, "orders");
  const service = new CustodianService({
    clients: c.sender,
    deployment: c.d,
    signers: [signer],
    store,
    inbox,
    adapter: csvPayoutWriter(orders),
    ...o,
  });
  const http = await listenHttp(custodianRoutes(service), 0);
  closers.push(async () => {
    await http.close();
    store.close();
  });
  return { dir, inbox, orders, store, service, url: `http://127.0.0.1:${http.port}` };
}

const deposits = async () =>
  (
    await c.admin.public.getContractEvents({
      address: c.d.reserve,
      abi: reserveAbi,
      eventName: "Deposited",
      fromBlock: 0n,
    })
  ).length;

let a: Awaited<ReturnType<typeof custodian>>;
let b: Awaited<ReturnType<typeof custodian>>;
beforeAll(async () => {
  c = await startEconomyChain({ custodians: 2, custodianThreshold: 2 });
  a = await custodian(0);
  b = await custodian(1);
  a.service.o.peers = [b.url];
  b.service.o.peers = [a.url];
});
afterAll(async () => {
  for (const close of closers) await close();
  await c?.anvil.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it("attests each credit of a statement with 2-of-2 signatures, and a second import of the file changes nothing", async () => {
  for (const x of [a, b])
    copyFileSync(fixture("statement-usd-2026-12-01.csv"), join(x.inbox, "2026-12-01.csv"));
  await a.service.tick(); // imports, signs with its key; B has nothing to offer yet
  expect(a.store.credits("pending")).toHaveLength(3); // 000193 names no buyer; the fee is no credit
  expect(await deposits()).toBe(0); // one signature of two: nothing submitted
  await b.service.tick(); // imports, signs, collects A's signature, submits
  await a.service.tick(); // sees the reserve used the references: attested, by B
  expect(await deposits()).toBe(3);
  for (const x of [a, b]) {
    const credits = x.store.credits();
    expect(credits.map((k) => [k.bankRef, k.status, k.amount])).toEqual([
      ["BK20261201-000187", "attested", "150000"],
      ["BK20261201-000188", "attested", "25050"],
      ["BK20261201-000204", "attested", "9999"],
    ]);
    expect(
      await verifyJournal(x.store.journal(), { signers: new Set([x.store.signer.address.toLowerCase()]) }),
    ).toBe(undefined);
  }
  expect(a.store.credit(attestationRef("DE89370400440532013000", "BK20261201-000188"))?.buyer).toBe(
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  );
  expect(
    (await a.service.metrics.registry.getSingleMetricAsString("tet_custodian_refusals_total")).trim(),
  ).toMatch(/code="NO_BUYER"} 1$/m);

  // Again: the same bytes under another name, and directly. Nothing changes, here or on chain.
  const head = a.store.head();
  copyFileSync(fixture("statement-usd-2026-12-01.csv"), join(a.inbox, "2026-12-01 (copy).csv"));
  await a.service.tick();
  const again = await a.service.importStatement(
    readFileSync(fixture("statement-usd-2026-12-01.csv")),
    "again.csv",
  );
  expect(again).toMatchObject({ repeat: true, credits: 0 });
  await b.service.tick();
  expect(a.store.head()).toEqual(head);
  expect(await deposits()).toBe(3);
  expect(await a.service.metrics.registry.getSingleMetricAsString("tet_custodian_imports_total")).toMatch(
    /result="repeat"} 2/,
  );
});

it("refuses a reference used twice: in an overlapping camt.053 statement, and on chain after the data was lost", async () => {
  // The camt.053 statement of the same day repeats booking 000187 and adds a batch of two.
  const camt = readFileSync(fixture("statement-usd-2026-12-01.camt053.xml"));
  const r = await a.service.importStatement(camt, "2026-12-01.xml");
  expect(r.credits).toBe(2);
  expect(r.refused).toEqual([
    {
      reference: "BK20261201-000187",
      code: "DUPLICATE_REFERENCE",
      detail: "BK20261201-000187 was imported before",
    },
  ]);
  await b.service.importStatement(camt, "2026-12-01.xml");
  await a.service.tick();
  await b.service.tick();
  expect(await deposits()).toBe(5);

  // A custodian whose database was lost imports the first statement again: the contract's record of
  // used references makes it attested without a second deposit.
  const fresh = await custodian(0);
  copyFileSync(fixture("statement-usd-2026-12-01.csv"), join(fresh.inbox, "s.csv"));
  await fresh.service.tick();
  expect(fresh.store.credits().map((k) => k.status)).toEqual(["attested", "attested", "attested"]);
  expect(await deposits()).toBe(5);
  // And the board refuses the same reference outright.
  await expect(
    deposit(c.sender, c.d, {
      currency: "USD",
      amount: 150000n,
      buyer: c.sender.wallet.account.address,
      attestation: attestationRef("DE89370400440532013000", "BK20261201-000187"),
      signers: c.custodians,
    }),
  ).rejects.toMatchObject({ revertName: "AttestationReused" });
});

it("says which funds need a custodian: fiat funds do, crypto funds do not", async () => {
  const status = (await (await fetch(`${a.url}/v1/custodian/status`)).json()) as {
    funds: { currency: string; kind: string; says: string }[];
  };
  expect(status.funds.find((f) => f.currency === "USD")).toMatchObject({ kind: "fiat" });
  const ready = await fetch(`${a.url}/readyz`);
  expect(ready.status).toBe(200);
});

const orderLines = (dir: string) =>
  readdirSync(dir).flatMap((f) =>
    splitCsv(readFileSync(join(dir, f), "utf8"), ",")
      .slice(1)
      .map((r) => r.fields),
  );

it("queues each redemption once, orders it once, and the bank's debit line confirms it (who confirmed: the key)", async () => {
  for (const i of [1, 2, 3])
    await redeem(c.sender, c.d, {
      currency: "USD",
      tet: wad(900),
      payoutRef: keccak256(stringToHex(`payout ${i}`)),
    });
  delete b.service.o.adapter; // B journals the queue; only A pays from the bank account
  await a.service.tick();
  await a.service.tick();
  await b.service.tick();
  const lines = orderLines(a.orders);
  expect(lines.map((l) => [l[0], l[1], l[2], l[5], l[6]])).toEqual(
    [1, 2, 3].map((i) => [String(i), "USD", "10.00", c.sender.wallet.account.address, `TET-PAYOUT-${i}`]),
  );
  expect(a.store.payouts().map((p) => p.status)).toEqual(["ordered", "ordered", "ordered"]);
  expect(b.store.payouts().map((p) => p.status)).toEqual(["queued", "queued", "queued"]);

  // The bank executed 1 and 2; a debit naming 3 with another amount is not taken as its execution.
  const statement = [
    "account,booking_date,amount,currency,reference,remittance",
    "DE89370400440532013000,2026-12-02,-10.00,USD,BK20261202-000011,TET-PAYOUT-1",
    "DE89370400440532013000,2026-12-02,-10.00,USD,BK20261202-000012,SEPA CT TET-PAYOUT-2 /ROC/",
    "DE89370400440532013000,2026-12-02,-10.01,USD,BK20261202-000013,TET-PAYOUT-3",
  ].join("\n");
  const r = await a.service.importStatement(new TextEncoder().encode(statement), "2026-12-02.csv");
  expect(r.confirmations).toBe(2);
  expect(r.refused.map((x) => x.code)).toEqual(["PAYOUT_MISMATCH"]);
  const paid = a.store.payouts();
  expect(paid.map((p) => [p.status, p.confirmedBy, p.bankRef])).toEqual([
    ["confirmed", a.store.signer.address, "BK20261202-000011"],
    ["confirmed", a.store.signer.address, "BK20261202-000012"],
    ["ordered", null, null],
  ]);
  const journal = a.store.journal();
  expect(journal.filter((e) => e.body.redemptionId === 1).map((e) => e.kind)).toEqual([
    "payout.instructed",
    "payout.ordered",
    "payout.confirmed",
  ]);
  expect(await verifyJournal(journal)).toBe(undefined);
  expect(orderLines(a.orders)).toHaveLength(3); // more rounds wrote nothing more
});

const SECRET = "whsec_test_0123456789abcdef";

it("takes a provider's webhook once: HMAC-checked, size-limited; each custodian must receive it", async () => {
  const routes = [a, b].map((x) => custodianRoutes(x.service, { webhookSecret: SECRET }));
  const event = (reference: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: `evt_${reference}`,
      type: "payment.succeeded",
      data: {
        account: "acme-pay:merchant-42",
        reference,
        amount: "42.00",
        currency: "USD",
        booked: "2026-12-03",
        remittance: `TET ${c.sender.wallet.account.address}`,
        ...extra,
      },
    });
  const post = (i: number, body: string, signature = signWebhook(SECRET, body)) =>
    (routes[i] as (typeof routes)[number]).request("/v1/custodian/webhook", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "tet-signature": signature },
    });
  const body = event("pay_001");
  const first = await post(0, body);
  expect([first.status, await first.json()]).toEqual([200, { credits: 1, refused: [], duplicate: false }]);
  const head = a.store.head();
  const retry = await post(0, body); // the provider retries the delivery
  expect(await retry.json()).toMatchObject({ credits: 0, duplicate: true });
  expect(a.store.head()).toEqual(head);

  const refusals: [number, string][] = [];
  for (const [res, want] of [
    [await post(0, body, signWebhook("another secret", body)), "WEBHOOK_UNAUTHORIZED"],
    [
      await post(0, body, signWebhook(SECRET, body, Math.floor(Date.now() / 1000) - 3_600)),
      "WEBHOOK_UNAUTHORIZED",
    ],
    [await post(0, body, "v1=deadbeef"), "WEBHOOK_UNAUTHORIZED"],
    [await post(0, event("pay_002", { pad: "x".repeat(70_000) })), "TOO_LARGE"],
    [await post(0, "{not json"), "WEBHOOK_MALFORMED"],
    [await post(0, event("pay_003", { amount: 42 })), "WEBHOOK_MALFORMED"],
    [await post(0, event("pay_004", { booked: "03.12.2026" })), "BAD_DATE"],
  ] as const) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe(want);
    refusals.push([res.status, want]);
  }
  expect(refusals.map(([s]) => s)).toEqual([401, 401, 401, 413, 400, 400, 422]);
  expect(a.store.head()).toEqual(head); // nothing refused was stored
  expect((await post(0, JSON.stringify({ type: "payout.paid" }))).status).toBe(202);

  await a.service.tick();
  expect(await deposits()).toBe(5); // one of two custodians saw the payment: not attested
  await post(1, body);
  await b.service.tick();
  await a.service.tick();
  expect(await deposits()).toBe(6);
  expect(a.store.credit(attestationRef("provider:acme-pay:merchant-42", "pay_001"))?.status).toBe("attested");
});

it("counts for nothing a peer's signature over other terms, by a key not on the board, or malformed", async () => {
  const line =
    "DE89370400440532013000,2026-12-03,77.00,USD,BK20261203-000300,TET 0x90F79bf6EB2c4f870365E785982E1f101E93b906";
  const statement = new TextEncoder().encode(
    `account,booking_date,amount,currency,reference,remittance\n${line}\n`,
  );
  await a.service.importStatement(statement, "2026-12-03.csv");
  const [credit] = a.store.credits("pending");
  if (!credit) throw new Error("no pending credit");
  const terms = depositMessage(credit);
  const other = { ...terms, amount: terms.amount * 10n };
  const stranger = privateKeyToAccount(generatePrivateKey());
  const b0 = c.custodians[1] as (typeof c.custodians)[number];
  const served = [
    attestationToJson(other, b0.address, await signDeposit(b0, c.d, other)),
    attestationToJson(terms, stranger.address, await signDeposit(stranger, c.d, terms)),
    { ...attestationToJson(terms, b0.address, await signDeposit(b0, c.d, terms)), signer: stranger.address },
    { ref: credit.ref, amount: "1" },
  ];
  const fake = await listenHttp(
    new Hono().get("/v1/custodian/attestations", (x) => x.json({ attestations: served })),
    0,
  );
  closers.push(fake.close);
  a.service.o.peers = [`http://127.0.0.1:${fake.port}`];
  const before = await deposits();
  await a.service.tick();
  expect(a.store.signatures(credit.ref).map((s) => s.signer)).toEqual([a.store.signer.address]);
  expect(await deposits()).toBe(before);
  const refusals = await a.service.metrics.registry.getSingleMetricAsString("tet_custodian_refusals_total");
  expect(refusals).toMatch(/code="PEER_DISAGREES"} 1/);
  expect(refusals).toMatch(/code="BAD_PEER_ATTESTATION"} 3/);
  // The real peer's signature over the same terms attests it.
  a.service.o.peers = [b.url];
  await b.service.importStatement(statement, "2026-12-03.csv");
  await b.service.tick();
  expect(await deposits()).toBe(before + 1);
});

it("holds a payout whose beneficiary has no bank details, and orders it once they are known", async () => {
  const file = join(a.dir, "beneficiaries.csv");
  writeFileSync(
    file,
    "address,name,iban\n0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC,Ivan Petrov,DE02 1203 0000 0000 2020 51\n",
  );
  const x = await custodian(0, { beneficiaries: file });
  await x.service.tick(); // a fresh store: the three payouts of the chain are queued again here
  expect(x.store.payouts().map((p) => [p.status, p.error])).toEqual(
    Array.from({ length: 3 }, () => ["held", "NO_BENEFICIARY"]),
  );
  expect(existsSync(x.orders) ? readdirSync(x.orders) : []).toEqual([]);
  writeFileSync(
    file,
    `address,name,iban\n${c.sender.wallet.account.address},Ostrova Coworking LLC,DE89 3704 0044 0532 0130 00\n`,
  );
  await x.service.tick();
  expect(x.store.payouts().map((p) => p.status)).toEqual(["ordered", "ordered", "ordered"]);
  expect(orderLines(x.orders).map((l) => [l[3], l[4]])).toEqual(
    Array.from({ length: 3 }, () => ["Ostrova Coworking LLC", "DE89370400440532013000"]),
  );
  expect(x.store.journal().filter((e) => e.kind === "payout.held")).toHaveLength(3); // once each, not per round
});

it("queues a redemption only once it is buried under custodian_confirmations blocks", async () => {
  const x = await custodian(1, { confirmations: 2 });
  const r = await redeem(c.sender, c.d, {
    currency: "USD",
    tet: wad(90),
    payoutRef: keccak256(stringToHex("late")),
  });
  await x.service.tick();
  const ids = () => x.store.payouts().map((p) => p.redemptionId);
  expect(ids()).not.toContain(Number(r.redemptionId));
  await c.advance(1);
  await x.service.tick();
  expect(ids()).not.toContain(Number(r.redemptionId)); // one block on top: not yet
  await c.advance(1);
  await x.service.tick();
  expect(ids()).toContain(Number(r.redemptionId));
});
