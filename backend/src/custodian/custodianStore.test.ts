import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, expect, it } from "vitest";
import { classifyEntry, type FundInfo } from "./classifyEntry.js";
import { csvPayoutWriter } from "./csvPayoutWriter.js";
import { CustodianStore } from "./custodianStore.js";
import { fundCustody } from "./fundCustody.js";
import { verifyJournal } from "./journalEntry.js";
import type { PayoutOrder } from "./payoutAdapter.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tet-custodian-store-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = privateKeyToAccount(generatePrivateKey());
async function storeWithEntries(n: number) {
  const store = new CustodianStore(join(dir, "custodian.db"), key);
  for (let i = 1; i <= n; i++)
    await store.record(() => ({
      entries: [{ kind: "note", body: { i, text: `entry ${i}` } }],
      apply: () => undefined,
    }));
  return store;
}

it("chains and signs every journal entry; the database refuses edits and a second process", async () => {
  const store = await storeWithEntries(3);
  const journal = store.journal();
  expect(journal.map((e) => e.seq)).toEqual([1, 2, 3]);
  expect(journal[1]?.prev).toBe(journal[0]?.hash);
  expect(await verifyJournal(journal, { signers: new Set([key.address.toLowerCase()]) })).toBe(undefined);
  expect(() => store.db.prepare("UPDATE journal SET body = '{}' WHERE seq = 2").run()).toThrow(/append-only/);
  expect(() => store.db.prepare("DELETE FROM journal WHERE seq = 3").run()).toThrow(/append-only/);
  expect(() =>
    new Database(join(dir, "custodian.db"), { timeout: 1 }).prepare("SELECT count(*) FROM journal").get(),
  ).toThrow(/locked/);
  store.close();
});

it("finds an edited, missing or re-signed entry, or a signer not of the set", async () => {
  const store = await storeWithEntries(4);
  const good = store.journal();
  const other = privateKeyToAccount(generatePrivateKey());
  const edited = good.map((e) => (e.seq === 2 ? { ...e, body: { ...e.body, text: "changed" } } : e));
  expect(await verifyJournal(edited)).toEqual({ seq: 2, why: "the hash does not match the entry" });
  expect(await verifyJournal([good[0], good[2]].filter((e) => e !== undefined))).toMatchObject({ seq: 3 });
  const resigned = await Promise.all(
    good.map(async (e) =>
      e.seq === 4 ? { ...e, signature: await other.signMessage({ message: { raw: e.hash } }) } : e,
    ),
  );
  expect(await verifyJournal(resigned)).toEqual({ seq: 4, why: "the signature is not the signer's" });
  expect(await verifyJournal(good, { signers: new Set([other.address.toLowerCase()]) })).toMatchObject({
    seq: 1,
  });
  // The next entries verify from the last one checked, without reading the journal again.
  expect(
    await verifyJournal(good.slice(2), { after: { seq: 2, hash: good[1]?.hash as `0x${string}` } }),
  ).toBe(undefined);
  store.close();
});

it("a journal change and its state change commit together or not at all", async () => {
  const store = await storeWithEntries(1);
  await expect(
    store.record(() => ({
      entries: [{ kind: "note", body: { i: 2 } }],
      apply: () => {
        store.db.prepare("INSERT INTO cursor VALUES ('x', 1)").run();
        throw new Error("disk full");
      },
    })),
  ).rejects.toThrow("disk full");
  expect([store.head().seq, store.journal().length, store.cursor("x")]).toEqual([1, 1, undefined]);
  await store.record(() => ({ entries: [{ kind: "note", body: { i: 2 } }], apply: () => undefined }));
  expect(await verifyJournal(store.journal())).toBe(undefined);
  store.close();
});

const order = (id: number): PayoutOrder => ({
  redemptionId: id,
  currency: "USD",
  amount: "10.00",
  beneficiary: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  name: 'Ostrova "Coworking", LLC',
  iban: "DE89370400440532013000",
  payoutRef: `0x${"ab".repeat(32)}`,
  remittance: `TET-PAYOUT-${id}`,
  instructionTx: `0x${"cd".repeat(32)}`,
});

it("the CSV payout writer orders each redemption once, also after a torn last line", async () => {
  const w = csvPayoutWriter(dir);
  const one = await w.order(order(1));
  await w.order(order(2));
  expect(await w.order(order(1))).toEqual(one);
  const [file] = [...w.ordered().values()].map((r) => r.split("#")[0] as string);
  const path = join(dir, file as string);
  expect(readFileSync(path, "utf8").split("\n")).toHaveLength(4); // header, 2 orders, final newline
  expect(readFileSync(path, "utf8")).toContain('"Ostrova ""Coworking"", LLC"');
  appendFileSync(path, "3,USD,10.0"); // a crash in the middle of writing order 3
  const after = csvPayoutWriter(dir);
  expect([...after.ordered().keys()]).toEqual([1, 2]);
  await after.order(order(3));
  await after.order(order(2));
  const lines = readFileSync(path, "utf8").trim().split("\n");
  expect(lines.map((l) => l.split(",")[0])).toEqual(["redemption_id", "1", "2", "3"]);
  writeFileSync(join(dir, "notes.txt"), "not an order file");
  expect([...csvPayoutWriter(dir).ordered().keys()]).toEqual([1, 2, 3]);
});

it("a crypto fund's currency is never attested: such funds need no custodian", () => {
  const funds = new Map<string, FundInfo>([
    [
      "USD",
      { id: "0x01", currency: "USD", decimals: 2, token: "0x0000000000000000000000000000000000000000" },
    ],
    [
      "USC",
      { id: "0x02", currency: "USC", decimals: 6, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
    ],
  ]);
  const entry = (
    currency: string,
    amount: string,
    remittance = "TET 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  ) => ({
    account: "A",
    reference: "R",
    bookingDate: "2026-12-01",
    direction: "credit" as const,
    amount,
    currency,
    remittance,
    counterparty: "",
  });
  expect(classifyEntry(entry("USC", "5.00"), funds)).toMatchObject({ kind: "refused", code: "CRYPTO_FUND" });
  expect([...funds.values()].map(fundCustody).map((f) => [f.currency, f.kind, f.says.split(":")[0]])).toEqual(
    [
      ["USD", "fiat", "fiat fund"],
      ["USC", "crypto", "crypto fund"],
    ],
  );
  expect(classifyEntry(entry("EUR", "5.00"), funds)).toMatchObject({ code: "UNKNOWN_FUND" });
  expect(classifyEntry(entry("USD", "5.001"), funds)).toMatchObject({ code: "AMOUNT_PRECISION" });
  expect(classifyEntry(entry("USD", "5.000"), funds)).toMatchObject({ kind: "credit", amount: 500n });
  const two = "TET 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 or 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  expect(classifyEntry(entry("USD", "5.00", two), funds)).toMatchObject({
    code: "NO_BUYER",
    detail: "R: several addresses",
  });
});
