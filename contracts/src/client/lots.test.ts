import { type Address, keccak256, parseEventLogs, parseUnits, toHex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tETTokenAbi } from "../../generated/artifacts.js";
import { type DevChain, expectReserveInvariants, startDevChain } from "../test-support/index.js";
import { currencyId } from "./currencyId.js";
import { deposit } from "./custodians.js";
import { readLot, readLotsOf, transferTet } from "./lots.js";
import { listFund, redeem } from "./reserve.js";

// Tokens carry their lot (issue 16, promise 2): balances are lists of lot pieces that move oldest first
// with transfers and burns, or as named; a full account merges same-fund pieces into one merge lot.
const tet = (n: number | string) => parseUnits(String(n), 18);
const INFRA = "0x00000000000000000000000000000000000001f0" as const;
const MIXED = `0x${"0".repeat(64)}` as const;
let c: DevChain;
let base: `0x${string}`;
let n = 0;
const who = (x: DevChain["alice"]) => x.wallet.account.address;
const buy = (to: Address, rub: number, currency = "RUB") =>
  deposit(c.admin, c.d, {
    currency,
    amount: BigInt(rub) * 100n,
    buyer: to,
    attestation: keccak256(toHex(`lots ${++n}`)),
  });
const lotsOf = (a: Address) => readLotsOf(c.admin, c.d, a);
const outstanding = (fund: `0x${string}`) =>
  c.admin.public.readContract({
    address: c.d.token,
    abi: tETTokenAbi,
    functionName: "outstanding",
    args: [fund],
  });

beforeAll(async () => {
  c = await startDevChain({ infrastructureFund: INFRA });
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: 1n,
    maxRate: tet(1000),
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

describe("lots follow the tokens", () => {
  it("through a chain of transfers (oldest first, fee from the oldest piece) and burns", async () => {
    const [alice, bob, carol] = [who(c.alice), who(c.bob), who(c.carol)];
    await buy(alice, 1_000); // lot 1: 1,000 TET of RUB
    await buy(alice, 100, "USD"); // lot 2: 5,000 TET of USD at 50
    expect((await readLot(c.admin, c.d, 2n)).fund).toBe(currencyId("USD"));
    // 2,000 TET: fee 2 TET from lot 1, then 998 of lot 1 and 1,000 of lot 2 to bob.
    const t = await transferTet(c.alice, c.d, { to: bob, amount: tet(2_000) });
    expect([t.fee, t.received]).toEqual([tet(2), tet(1_998)]);
    expect(await lotsOf(alice)).toEqual([{ lot: 2n, amount: tet(4_000) }]);
    expect(await lotsOf(bob)).toEqual([
      { lot: 1n, amount: tet(998) },
      { lot: 2n, amount: tet(1_000) },
    ]);
    expect(await lotsOf(INFRA)).toEqual([{ lot: 1n, amount: tet(2) }]);
    // bob → carol 1,000: fee 1 of lot 1, 997 of lot 1 and 2 of lot 2 to carol.
    await transferTet(c.bob, c.d, { to: carol, amount: tet(1_000) });
    expect(await lotsOf(carol)).toEqual([
      { lot: 1n, amount: tet(997) },
      { lot: 2n, amount: tet(2) },
    ]);
    expect(await lotsOf(INFRA)).toEqual([{ lot: 1n, amount: tet(3) }]);
    // carol redeems 998 TET into RUB: her oldest lots burn, all of lot 1 then 1 of lot 2.
    await redeem(c.carol, c.d, { currency: "RUB", tet: tet(998), payoutRef: keccak256("0x0c") });
    expect(await lotsOf(carol)).toEqual([{ lot: 2n, amount: tet(1) }]);
    expect(await outstanding(currencyId("RUB"))).toBe(tet(1_000 - 997));
    expect(await outstanding(currencyId("USD"))).toBe(tet(5_000 - 1));
    await expectReserveInvariants(c.admin, c.d);
  });

  it("as named: a transfer and a redemption that pick lots", async () => {
    const [alice, bob] = [who(c.alice), who(c.bob)];
    await buy(alice, 1_000);
    await buy(alice, 100, "USD");
    await transferTet(c.alice, c.d, {
      to: bob,
      amount: 0n,
      lots: [{ lot: 2n, amount: tet(2_000) }],
    });
    expect(await lotsOf(bob)).toEqual([{ lot: 2n, amount: tet(1_998) }]);
    expect(await lotsOf(INFRA)).toEqual([{ lot: 2n, amount: tet(2) }]);
    expect(await lotsOf(alice)).toEqual([
      { lot: 1n, amount: tet(1_000) },
      { lot: 2n, amount: tet(3_000) },
    ]);
    const r = await redeem(c.alice, c.d, {
      currency: "USD",
      tet: 0n,
      payoutRef: keccak256("0x0a"),
      lots: [{ lot: 2n, amount: tet(500) }],
    });
    expect(r.payout).toBe(1_000n); // 500 TET at 50 RUB/USD = 10.00 USD
    expect(await lotsOf(alice)).toEqual([
      { lot: 1n, amount: tet(1_000) },
      { lot: 2n, amount: tet(2_500) },
    ]);
    const refusals: [{ lot: bigint; amount: bigint }[], string][] = [
      [[{ lot: 1n, amount: tet(1_001) }], "NotHeld"],
      [[{ lot: 3n, amount: 1n }], "NotHeld"],
      [[{ lot: 1n, amount: 0n }], "NotHeld"],
    ];
    for (const [lots, name] of refusals)
      await expect(transferTet(c.alice, c.d, { to: bob, amount: 0n, lots })).rejects.toMatchObject({
        revertName: name,
      });
    await expectReserveInvariants(c.admin, c.d);
  });
});

describe("at most MAX_HOLDINGS lots per account", () => {
  it("merges a piece for a full account into its merge lot of the same fund, then MIXED", async () => {
    const [alice, bob] = [who(c.alice), who(c.bob)];
    for (let i = 0; i < 16; i++) await buy(bob, 10); // bob: lots 1..16 of RUB
    await buy(alice, 1_000); // lot 17
    const t = await transferTet(c.alice, c.d, { to: bob, amount: tet(100) });
    const merged = parseEventLogs({ abi: tETTokenAbi, logs: t.receipt.logs, eventName: "LotMerged" });
    // Bob's newest RUB holding (lot 16) became merge lot 18, and the 99.9 TET of lot 17 joined it.
    expect(merged.map((e) => [e.args.into, e.args.piece, e.args.amount])).toEqual([
      [18n, 16n, tet(10)],
      [18n, 17n, tet("99.9")],
    ]);
    const m = await readLot(c.admin, c.d, 18n);
    expect([m.fund, m.amount, m.firstSerial, m.origin]).toEqual([currencyId("RUB"), 0n, 0n, bob]);
    let held = await lotsOf(bob);
    expect(held).toHaveLength(16);
    expect(held[15]).toEqual({ lot: 18n, amount: tet("109.9") });
    // The next piece joins the same merge lot: no new lot.
    await transferTet(c.alice, c.d, { to: bob, amount: tet(10) });
    expect((await lotsOf(bob))[15]).toEqual({ lot: 18n, amount: tet("119.89") });
    // A USD piece, with nothing of USD held: the newest holding becomes bob's MIXED merge lot.
    await buy(alice, 10, "USD"); // lot 19
    const rubBefore = await outstanding(currencyId("RUB"));
    await transferTet(c.alice, c.d, { to: bob, amount: 0n, lots: [{ lot: 19n, amount: tet(100) }] });
    held = await lotsOf(bob);
    expect(held).toHaveLength(16);
    expect(held[15]).toEqual({ lot: 20n, amount: tet("119.89") + tet("99.9") });
    expect((await readLot(c.admin, c.d, 20n)).fund).toBe(MIXED);
    expect(await outstanding(MIXED)).toBe(tet("119.89") + tet("99.9"));
    expect(await outstanding(currencyId("RUB"))).toBe(rubBefore - tet("119.89"));
    await expectReserveInvariants(c.admin, c.d);
  });
});
