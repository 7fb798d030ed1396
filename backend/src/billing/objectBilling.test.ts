import { type CborValue, didKeyFromPublicKey, validateStatement } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import type { LoggedStatement } from "./computeInvoice.js";
import { objectBilling } from "./objectBilling.js";
import { providerStatement, providerStatementCsv } from "./providerStatement.js";
import { type SettlementRecord, settlementNoteText, settlementRef } from "./settlementNote.js";

const key = (n: number) => new Uint8Array(32).fill(n);
const OWNER = key(1);
const BILLING = key(2);
const PAYER = key(3);
const OTHER = key(4);
const obj = new Uint8Array(16).fill(9);
const T0 = 1_795_000_000_000;
const tx = `0x${"ab".repeat(32)}` as const;
const record: SettlementRecord = {
  ref: settlementRef(31337, 5n, tx),
  session: "s1",
  channel: "5",
  tx,
  block: "12",
  rater: didKeyFromPublicKey(PAYER),
  payer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  payee: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  amount: "4305000000000000000",
  fee: "4305000000000000",
  paid: "4300695000000000000",
  due: "4305000000000000000",
  at: T0 + 1000,
};
/** Each body as a checked version 1 statement (about `obj` unless a genesis) (validateStatement: no cast, and a typo fails). */
const log = (list: [Record<string, CborValue>, Uint8Array][]): LoggedStatement[] =>
  list.map(([s, signer], index) => ({
    index,
    statement: validateStatement({ v: 1, ts: T0, ...(s.t === "genesis" ? {} : { obj }), ...s }),
    signer,
  }));
const genesis = {
  t: "genesis",
  owner: didKeyFromPublicKey(OWNER),
  class: "x",
  deviceKeys: [],
  nonce: new Uint8Array(8),
};
const delegate = { t: "key", action: "add", key: BILLING, role: "delegate" };
const note = (r: SettlementRecord) => ({ t: "event", event: "note", text: settlementNoteText(r) });
const rating = (score: number, settlement = record.ref) => ({ t: "rating", score, settlement, text: "ok" });

describe("objectBilling", () => {
  it("counts a rating only from the payer of the settled session it cites, once per settlement", () => {
    const b = objectBilling(
      log([
        [genesis, OWNER],
        [delegate, OWNER],
        [rating(1), PAYER], // before the settlement: not counted
        [note(record), BILLING],
        [rating(2), OTHER], // not the payer
        [rating(5, settlementRef(31337, 6n, tx)), PAYER], // cites no settlement
        [rating(4), PAYER],
        [rating(3), PAYER], // a second rating of the same settlement
      ]),
    );
    expect(b.settlements.map((s) => s.index)).toEqual([3]);
    expect(b.ratings.map((r) => [r.index, r.score, r.tx])).toEqual([[6, 4, tx]]);
    expect([b.count, b.average]).toEqual([1, 4]);
  });

  it("ignores a settlement note not signed by the provider", () => {
    const b = objectBilling(
      log([
        [genesis, OWNER],
        [note(record), OTHER],
        [rating(5), PAYER],
      ]),
    );
    expect([b.settlements.length, b.count, b.average]).toEqual([0, 0, null]);
  });
});

describe("provider statements", () => {
  it("list settlements in the period with totals, as JSON and RFC 4180 CSV", () => {
    const later = { ...record, session: 's,"2"', at: T0 + 5000, tx: `0x${"cd".repeat(32)}` as const };
    const s = providerStatement(
      [
        { ...later, index: 9, object: "o1" },
        { ...record, index: 4, object: "o1" },
        { ...record, at: T0 + 99_999, index: 11, object: "o1" },
      ],
      { from: T0, to: T0 + 10_000 },
    );
    expect(s.rows.map((r) => r.logIndex)).toEqual([4, 9]);
    expect(s.totals).toEqual({
      due: "8610000000000000000",
      redeemed: "8610000000000000000",
      fee: "8610000000000000",
      paid: "8601390000000000000",
      sessions: 2,
    });
    const csv = providerStatementCsv(s).split("\r\n");
    expect(csv).toHaveLength(5); // header, 2 rows, total, final CRLF
    expect(csv[2]).toContain('"s,""2"""');
    expect(csv[3]).toBe(
      "TOTAL,2,,,,8610000000000000000,8610000000000000000,8610000000000000,8601390000000000000,,,",
    );
  });
});
