import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deposit, redeem } from "@tet/contracts";
import { keccak256, stringToHex } from "viem";
import { afterAll, expect, it } from "vitest";
import { orderLines, startCustodianPair, wad } from "../test-support/index.js";
import { attestationRef } from "./classifyEntry.js";
import { verifyJournal } from "./journalEntry.js";

// Issue 17, custodian: two custodian processes (2-of-2) attest the deposits of a bank statement,
// exchanging signatures over HTTP; a statement imported twice changes nothing; a reference used twice
// is refused, here and by the contract; redemptions are queued, ordered and confirmed once; on a real
// Anvil.
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
// One chain and a 2-of-2 pair of custodians for the whole file (top-level await: collected once).
const { rig, a, b } = await startCustodianPair();
const c = rig.c;
const deposits = () => rig.deposits();
afterAll(() => rig.stop());

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
  const fresh = await rig.custodian(0);
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
  const confirmed = await (await fetch(`${a.url}/v1/custodian/payouts?status=confirmed`)).json();
  expect(confirmed.payouts.map((p: { redemptionId: number }) => p.redemptionId)).toEqual([1, 2]);
  const bad = await fetch(`${a.url}/v1/custodian/payouts?status=paid`);
  expect([bad.status, (await bad.json()).code]).toEqual([400, "BAD_QUERY"]);
  expect(orderLines(a.orders)).toHaveLength(3); // more rounds wrote nothing more
});
