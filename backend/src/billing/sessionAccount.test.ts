import type { StatementOf } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import type { LoggedTariff } from "./computeInvoice.js";
import { SessionAccount } from "./sessionAccount.js";

const obj = new Uint8Array(16);
const T0 = 1_795_000_000_000;
const PRICE = 350_000_000_000_000_000n;
const tariffs: LoggedTariff[] = [
  {
    index: 1,
    s: { v: 1, t: "tariff", ts: T0, obj, unit: "kWh", price: PRICE, payout: new Uint8Array(20), from: T0 },
  },
];
const usage = (phase: "start" | "progress" | "stop", quantity: number): StatementOf<"usage"> => ({
  v: 1,
  t: "usage",
  ts: T0 + 1,
  obj,
  seq: 1,
  prev: new Uint8Array(32),
  session: "s",
  phase,
  unit: "kWh",
  quantity,
});
const account = () =>
  new SessionAccount({
    object: "o",
    session: "s",
    channel: 1n,
    payee: "0x",
    payerAddress: "0x",
    rater: "did:key:z6Mk",
    deposit: 10n ** 19n,
    channelExpiry: 2n ** 40n,
  });
const pay = (a: SessionAccount, amount: bigint) =>
  a.accept({
    voucher: {
      channel: 1n,
      payee: "0x0000000000000000000000000000000000000001",
      cumulativeAmount: amount,
      expiry: 1n,
    },
    signature: "0x",
  });

describe("SessionAccount", () => {
  it("puts the step just metered on credit: short only when the previous step is unpaid", () => {
    const a = account();
    expect(a.meter(2, usage("start", 0), tariffs)).toBe(false);
    expect(a.meter(3, usage("progress", 1), tariffs)).toBe(false); // 1 kWh on credit
    expect([a.due, a.required]).toEqual([PRICE, 0n]);
    pay(a, PRICE);
    expect(a.meter(4, usage("progress", 1), tariffs)).toBe(false);
    expect(a.meter(5, usage("progress", 1), tariffs)).toBe(true); // the second kWh was never paid
    expect([a.due, a.required, a.accepted]).toEqual([3n * PRICE, 2n * PRICE, PRICE]);
  });

  it("is paid in full once closed and vouched up to the due amount", () => {
    const a = account();
    a.meter(2, usage("start", 0), tariffs);
    a.meter(3, usage("progress", 0.5), tariffs);
    a.meter(4, usage("stop", 0.25), tariffs);
    expect([a.closed, a.due, a.paidInFull]).toEqual([true, (3n * PRICE) / 4n, false]);
    pay(a, (3n * PRICE) / 4n);
    expect(a.paidInFull).toBe(true);
    expect(a.meter(5, usage("progress", 9), tariffs)).toBe(false); // nothing after the stop counts
    expect(a.due).toBe((3n * PRICE) / 4n);
    expect(a.usage).toEqual([2, 3, 4]);
  });
});
