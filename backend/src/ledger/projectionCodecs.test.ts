import { describe, expect, it } from "vitest";
import { isLedgerError } from "./ledgerError.js";
import { ObjectView } from "./objectView.js";
import { parseProjection, projectionOf, serialiseProjection } from "./projectionCodecs.js";
import type { ProjectionKind, ProjectionValues } from "./projectionRows.js";
import { parseSettlementNote, type SettlementRecord, settlementNoteText } from "./settlementNote.js";

/** One value of every kind, as `project` writes them (optional fields both present and absent). */
const samples: { [K in ProjectionKind]: ProjectionValues[K][] } = {
  object: [
    { owner: "did:key:z6Mk1", class: "desk", genesis: 0, updated: 0 },
    { owner: "did:key:z6Mk2", class: "lamp", name: "L", maker: "did:key:z6Mk3", genesis: 4, updated: 9 },
  ],
  key: [{ role: "device", since: 0 }],
  head: [
    { seq: 3, hash: "ab".repeat(32), index: 7, ts: 1_700_000_000_000 },
    { seq: 1, hash: "cd".repeat(32), index: 2 },
  ],
  state: [
    { seq: 3, ts: 1, index: 7, readings: { t: { v: 21.5, u: "Cel" }, on: { v: true }, s: { v: "x" } } },
  ],
  warranty: [
    { issuer: "did:key:z6Mk4", status: "active", issued: 3, updated: 3 },
    {
      issuer: "did:key:z6Mk4",
      accepted: false,
      status: "void",
      until: 9,
      transferable: true,
      terms: "t",
      issued: 3,
      updated: 5,
    },
  ],
  tariff: [
    { unit: "min", price: "1000", payout: "00".repeat(20), from: 0, until: 5, by: "did:key:z6Mk5", index: 4 },
  ],
  relation: [{ since: 6 }],
  settlement: [{ rater: "did:key:z6Mk6", tx: `0x${"1".repeat(64)}`, session: "s1", index: 8 }],
  rating: [
    { score: 4, by: "did:key:z6Mk6", index: 9 },
    { score: 5, text: "good", by: "did:key:z6Mk6", index: 10 },
  ],
  authority: [
    { hash: "ef".repeat(32), index: 0 },
    { hash: "ef".repeat(32), index: 3, linked: true },
  ],
  seen: [{ index: 11 }],
};

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isLedgerError(e) ? e.code : String(e);
  }
  return undefined;
};

describe("projection codecs", () => {
  it("read back exactly what they write, for every kind", () => {
    for (const kind of Object.keys(samples) as ProjectionKind[]) {
      for (const value of samples[kind]) {
        const text = serialiseProjection(value);
        expect(text).toBe(JSON.stringify(value)); // what projectionDigest hashes, unchanged
        expect(parseProjection(kind, text)).toEqual(value);
      }
    }
  });

  it("refuse malformed rows with MALFORMED_PROJECTION", () => {
    const bad: [ProjectionKind, string][] = [
      ["object", "not json"],
      ["object", "[1,2]"],
      ["object", "null"],
      ["object", JSON.stringify({ owner: "o", genesis: 0, updated: 0 })], // no class
      ["key", JSON.stringify({ role: 1, since: 0 })],
      ["head", JSON.stringify({ seq: "3", hash: "ab", index: 1 })],
      ["head", JSON.stringify({ seq: 3, hash: "ab", index: 1, ts: "now" })],
      ["state", JSON.stringify({ seq: 1, ts: 1, index: 1, readings: { t: { u: "Cel" } } })],
      ["warranty", JSON.stringify({ issuer: "i", status: "lost", issued: 1, updated: 1 })],
      ["tariff", JSON.stringify({ unit: "min", price: 1000, payout: "00", from: 0, by: "b", index: 1 })],
      ["authority", JSON.stringify({ hash: "ab", index: 1, linked: false })],
      ["seen", "{}"],
    ];
    for (const [kind, text] of bad)
      expect([kind, codeOf(() => parseProjection(kind, text))]).toEqual([kind, "MALFORMED_PROJECTION"]);
  });

  it("projectionOf reads only live rows of the kind asked; ObjectView.get refuses a malformed stored row", () => {
    const object = new Uint8Array(16);
    const row = { object, kind: "key", key: "aa", value: JSON.stringify({ role: "device", since: 2 }) };
    expect(projectionOf(row, "key")).toEqual({ role: "device", since: 2 });
    expect(projectionOf(row, "head")).toBeUndefined();
    expect(projectionOf({ ...row, value: null }, "key")).toBeUndefined();
    const view = new ObjectView(object, [row, { object, kind: "head", key: "", value: '{"seq":1}' }]);
    expect(view.get("key", "aa")?.role).toBe("device");
    expect(codeOf(() => view.get("head"))).toBe("MALFORMED_PROJECTION");
  });
});

describe("settlement notes", () => {
  const record: SettlementRecord = {
    ref: "31337:1:0xabc",
    session: "s1",
    channel: "1",
    tx: "0xabc",
    block: "12",
    rater: "did:key:z6Mk6",
    payer: "0x01",
    payee: "0x02",
    amount: "100",
    fee: "1",
    paid: "99",
    due: "100",
    at: 1_700_000_000_000,
  };

  it("round-trip, and anything else is not a settlement note", () => {
    expect(parseSettlementNote(settlementNoteText(record))).toEqual(record);
    expect(parseSettlementNote("a plain note")).toBeUndefined();
    expect(parseSettlementNote("tet-settlement/1 {not json")).toBeUndefined();
    const { fee: _, ...noFee } = record;
    expect(parseSettlementNote(`tet-settlement/1 ${JSON.stringify(noFee)}`)).toBeUndefined();
    expect(
      parseSettlementNote(`tet-settlement/1 ${JSON.stringify({ ...record, tx: "abc" })}`),
    ).toBeUndefined();
  });
});
