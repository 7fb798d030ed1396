import { didKeyFromPublicKey, type Statement, validateStatement } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeInvoice, type LoggedStatement, sameInvoice } from "./computeInvoice.js";
import { microToDecimal, slowMicro, toMicro } from "./quantity.js";

const key = (n: number) => new Uint8Array(32).fill(n);
const OWNER = key(1);
const DEVICE = key(2);
const STRANGER = key(3);
const obj = new Uint8Array(16).fill(7);
const T0 = 1_795_000_000_000;
const PRICE = 350_000_000_000_000_000n; // 0.35 TET per kWh

function log(list: [Statement | Omit<Statement, "v" | "obj">, Uint8Array][]): LoggedStatement[] {
  return list.map(([s, signer], index) => ({ index, statement: { v: 1, obj, ...s } as Statement, signer }));
}
const genesis = validateStatement({
  v: 1,
  t: "genesis",
  ts: T0,
  owner: didKeyFromPublicKey(OWNER),
  class: "ev-charger",
  deviceKeys: [DEVICE],
  nonce: new Uint8Array(8),
});
const tariff = (price = PRICE, extra = {}) =>
  ({
    t: "tariff",
    ts: T0,
    unit: "kWh",
    price,
    payout: new Uint8Array(20).fill(0xab),
    from: T0,
    ...extra,
  }) as never;
let seq = 0;
const usage = (session: string, phase: string, quantity: number, ts = T0 + 1000) =>
  ({ t: "usage", ts, seq: ++seq, prev: new Uint8Array(32), session, phase, unit: "kWh", quantity }) as never;

describe("computeInvoice", () => {
  it("bills a session at the tariff in force, citing every log index, rounding once per line", () => {
    const s = log([
      [genesis, OWNER],
      [tariff(), OWNER],
      [usage("s1", "start", 0), DEVICE],
      [usage("s1", "progress", 1.5), DEVICE],
      [usage("s1", "progress", 0.1), DEVICE],
      [usage("s1", "stop", 0.2), DEVICE],
    ]);
    const inv = computeInvoice(obj, s, { session: "s1" });
    expect(inv.lines).toHaveLength(1);
    expect(inv.lines[0]).toMatchObject({ quantity: "1.8", tariff: 1, usage: [2, 3, 4, 5], status: "closed" });
    expect(inv.total).toBe(((18n * PRICE) / 10n).toString());
    expect(sameInvoice(JSON.parse(JSON.stringify(inv)), inv)).toBe(true);
    expect(sameInvoice({ ...inv, total: "1" }, inv)).toBe(false);
  });

  it("refuses a tariff not signed by the provider and usage not signed by a device key", () => {
    const s = log([
      [genesis, OWNER],
      [tariff(), OWNER],
      [tariff(1n), STRANGER],
      [usage("s1", "start", 0), DEVICE],
      [usage("s1", "progress", 100), STRANGER],
      [usage("s1", "stop", 1), DEVICE],
    ]);
    const inv = computeInvoice(obj, s, { session: "s1" });
    expect(inv.excluded.map((e) => e.code)).toEqual(["TARIFF_NOT_BY_PROVIDER", "USAGE_NOT_BY_DEVICE"]);
    expect(inv.lines[0]!.price).toBe(PRICE.toString());
    expect(inv.total).toBe(PRICE.toString());
  });

  it("a tariff logged after the session started does not reprice it; a period bills closed sessions", () => {
    const s = log([
      [genesis, OWNER],
      [tariff(), OWNER],
      [usage("s1", "start", 0, T0 + 10), DEVICE],
      [tariff(1n), OWNER],
      [usage("s1", "stop", 2, T0 + 20), DEVICE],
      [usage("s2", "start", 0, T0 + 30), DEVICE],
    ]);
    const inv = computeInvoice(obj, s, { period: { from: T0, to: T0 + 100 } });
    expect(inv.lines.map((l) => l.session)).toEqual(["s1"]);
    expect(inv.total).toBe((2n * PRICE).toString());
  });

  it("property: the amount depends on the session total, not on how it is split", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }), (wh) => {
        seq = 0;
        const parts = wh.map((w) => w / 1000);
        const split = log([
          [genesis, OWNER],
          [tariff(), OWNER],
          ...parts.map((q, i): [never, Uint8Array] => [
            usage("s", i === parts.length - 1 ? "stop" : "progress", q),
            DEVICE,
          ]),
        ]);
        const whole = log([
          [genesis, OWNER],
          [tariff(), OWNER],
          [usage("s", "stop", wh.reduce((a, b) => a + b, 0) / 1000), DEVICE],
        ]);
        const total = BigInt(wh.reduce((a, b) => a + b, 0));
        const expected = (total * PRICE) / 1000n;
        expect(computeInvoice(obj, split, { session: "s" }).total).toBe(expected.toString());
        expect(computeInvoice(obj, whole, { session: "s" }).total).toBe(expected.toString());
      }),
    );
  });

  it("property: the fast micro-unit path equals the decimal-string rule", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 2 ** 34, noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: 0, max: 10 ** 9 }).map((n) => n / 1000),
          fc.integer({ min: 0, max: 10 ** 12 }).map((n) => n / 10 ** 7),
        ),
        (q) => {
          expect(toMicro(q)).toBe(slowMicro(q));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("quantities convert to exact micro-units", () => {
    expect(toMicro(0.1)).toBe(100_000n);
    expect(toMicro(12.3)).toBe(12_300_000n);
    expect(toMicro(1e-7)).toBe(0n);
    expect(toMicro(5e-7)).toBe(1n);
    expect(toMicro(1.5e21)).toBe(1_500_000_000_000_000_000_000_000_000n);
    expect(microToDecimal(95_000_000n)).toBe("95");
  });
});
