import { keccak256, parseUnits, stringToHex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reserveAbi, tETTokenAbi } from "../artifacts.js";
import { type DevChain, startDevChain } from "../test-support/devChain.js";
import { expectReserveInvariants } from "../test-support/invariants.js";
import { transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { readLot, readLotsOf } from "./lots.js";
import { deposit, listFund, readReserve, recapitalize, redeem, setRate } from "./reserve.js";

const tet = (n: string | number) => parseUnits(String(n), 18);
const rub = (n: number) => BigInt(n) * 100n; // kopecks
const usd = (n: number) => BigInt(n) * 100n; // cents
let ref = 0;
const att = () => keccak256(stringToHex(`attestation ${++ref}`));

let c: DevChain;
let base: `0x${string}`;
beforeAll(async () => {
  c = await startDevChain();
  // A USD fund at 50 RUB, bounds 10..200 RUB, and the first RUB deposit.
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: tet(10),
    maxRate: tet(200),
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const state = () => readReserve(c.admin, c.d);
const fund = async (code: string) => (await state()).funds.find((f) => f.currency === code)!;
const balance = (who: `0x${string}`) =>
  c.admin.public.readContract({
    address: c.d.token,
    abi: tETTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });
const alice = () => c.alice.wallet.account.address;

describe("deposit", () => {
  it("mints at the current rate, keeps the buffer ratio and records a lot", async () => {
    const r = await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: rub(1_000_000),
      buyer: alice(),
      attestation: att(),
    });
    expect(r).toMatchObject({ lotId: 1n, minted: tet(980_000), toBuffer: tet(20_000) });
    expect(await balance(alice())).toBe(tet(980_000));
    const v = await expectReserveInvariants(c.admin, c.d);
    expect([v.circulating, v.buffers, v.frozen, v.backing]).toEqual([
      tet(980_000),
      tet(20_000),
      0n,
      tet(1_000_000),
    ]);
    const u = await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100_000),
      buyer: alice(),
      attestation: att(),
    });
    expect(u.minted).toBe(tet(4_900_000));
    const lots = await Promise.all([1n, 2n].map((id) => readLot(c.admin, c.d, id)));
    expect(lots.map((l) => [l.fund, l.amount, l.firstSerial, l.origin])).toEqual([
      [currencyId("RUB"), tet(980_000), 1n, alice()],
      [currencyId("USD"), tet(4_900_000), tet(980_000) + 1n, alice()],
    ]);
    expect(lots[1]?.rate).toBe(tet(50));
    expect(await readLotsOf(c.admin, c.d, alice())).toEqual([
      { lot: 1n, amount: tet(980_000) },
      { lot: 2n, amount: tet(4_900_000) },
    ]);
  });

  it("stops topping up the buffer once the fund holds its minimum ratio", async () => {
    await deposit(c.admin, c.d, { currency: "RUB", amount: rub(1_000), buyer: alice(), attestation: att() });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(50) });
    await deposit(c.admin, c.d, { currency: "USD", amount: usd(100), buyer: alice(), attestation: att() });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) }); // buffer 100 + 500 ≫ 2 %
    const r = await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100),
      buyer: alice(),
      attestation: att(),
    });
    expect(r.toBuffer).toBe(0n);
    expect(r.minted).toBe(tet(5_500));
    await expectReserveInvariants(c.admin, c.d);
  });

  it("rounds down: a fraction of a TET wei is never minted", async () => {
    await setRate(c.admin, c.d, { currency: "USD", quote: 50_000_000_000_000_000_333n });
    const r = await deposit(c.admin, c.d, {
      currency: "USD",
      amount: 7n,
      buyer: alice(),
      attestation: att(),
    });
    const v = (7n * 50_000_000_000_000_000_333n) / 100n; // 3.5000…023 TET, floor
    expect(r.minted + r.toBuffer).toBe(v);
    await expectReserveInvariants(c.admin, c.d);
  });

  it("refuses strangers, unknown funds, reused attestations, stale rates and dust", async () => {
    const a = att();
    await deposit(c.admin, c.d, { currency: "RUB", amount: rub(10), buyer: alice(), attestation: a });
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => deposit(c.alice, c.d, { currency: "RUB", amount: 1n, buyer: alice(), attestation: att() }),
        "AccessControlUnauthorizedAccount",
      ],
      [
        () => deposit(c.admin, c.d, { currency: "EUR", amount: 1n, buyer: alice(), attestation: att() }),
        "UnknownFund",
      ],
      [
        () => deposit(c.admin, c.d, { currency: "RUB", amount: 1n, buyer: alice(), attestation: a }),
        "AttestationReused",
      ],
      [
        () =>
          deposit(c.admin, c.d, {
            currency: "RUB",
            amount: 1n,
            buyer: "0x0000000000000000000000000000000000000000",
            attestation: att(),
          }),
        "ZeroAddress",
      ],
      [
        () => deposit(c.admin, c.d, { currency: "RUB", amount: 0n, buyer: alice(), attestation: att() }),
        "DepositTooSmall",
      ],
    ];
    for (const [f, name] of cases)
      await expect(f()).rejects.toMatchObject({ code: "CONTRACT_REVERTED", revertName: name });
    await c.advance(86_401);
    await expect(
      deposit(c.admin, c.d, { currency: "USD", amount: usd(1), buyer: alice(), attestation: att() }),
    ).rejects.toMatchObject({ revertName: "StaleRate" });
    // The peg fund's rate is exact by definition and never stale.
    await deposit(c.admin, c.d, { currency: "RUB", amount: rub(1), buyer: alice(), attestation: att() });
  });
});

describe("rates and FX moves", () => {
  it("a rise moves TET from the frozen pool into the fund's buffer, a fall moves it back", async () => {
    await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100_000),
      buyer: alice(),
      attestation: att(),
    });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) });
    expect((await fund("USD")).buffer).toBe(tet(600_000));
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(50) });
    const v = await expectReserveInvariants(c.admin, c.d);
    expect([v.buffers, v.frozen, v.totalSupply]).toEqual([tet(100_000), tet(500_000), tet(5_500_000)]);
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(52) }); // the frozen pool is used first
    const w = await expectReserveInvariants(c.admin, c.d);
    expect([w.buffers, w.frozen, w.totalSupply]).toEqual([tet(300_000), tet(300_000), tet(5_500_000)]);
  });

  it("covers a fall larger than the fund's buffer from other funds' buffers, in peg value", async () => {
    await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: rub(1_000_000),
      buyer: alice(),
      attestation: att(),
    });
    await deposit(c.admin, c.d, { currency: "USD", amount: usd(10_000), buyer: alice(), attestation: att() });
    // RUB buffer 20,000; USD buffer 10,000. USD −5 %: a loss of 25,000.
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(47.5) });
    const v = await expectReserveInvariants(c.admin, c.d);
    expect(v.funds.map((f) => [f.currency, f.buffer])).toEqual([
      ["RUB", tet(5_000)],
      ["USD", 0n],
    ]);
    expect([v.frozen, v.deficit]).toEqual([tet(25_000), 0n]);
  });

  it("enters an explicit deficit when every buffer is exhausted, halts issuance, and recovers", async () => {
    await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100_000),
      buyer: alice(),
      attestation: att(),
    });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(45) }); // loss 500,000 > buffer 100,000
    let v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, v.buffers]).toEqual([tet(400_000), 0n]);
    const shortfall = await c.admin.public.readContract({
      address: c.d.reserve,
      abi: reserveAbi,
      functionName: "shortfall",
    });
    expect(shortfall).toBe(tet(400_000));
    await expect(
      deposit(c.admin, c.d, { currency: "RUB", amount: rub(1), buyer: alice(), attestation: att() }),
    ).rejects.toMatchObject({ revertName: "IssuanceHalted", revertArgs: [tet(400_000)] });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(48) }); // +300,000 clears part of it
    v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, v.buffers]).toEqual([tet(100_000), 0n]);
    await recapitalize(c.admin, c.d, { currency: "RUB", amount: rub(150_000), attestation: att() });
    v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, (await fund("RUB")).buffer]).toEqual([0n, tet(50_000)]);
    await deposit(c.admin, c.d, { currency: "RUB", amount: rub(1), buyer: alice(), attestation: att() });
  });

  it("refuses strangers, the peg, old, future, stale and out-of-bounds rates", async () => {
    const now = await c.now();
    const q = (quote: bigint, observedAt?: number, who = c.admin, currency = "USD") =>
      setRate(who, c.d, observedAt === undefined ? { currency, quote } : { currency, quote, observedAt });
    await expect(q(tet(50), undefined, c.alice)).rejects.toMatchObject({
      revertName: "AccessControlUnauthorizedAccount",
    });
    await expect(q(tet(1), undefined, c.admin, "RUB")).rejects.toMatchObject({ revertName: "IsPegFund" });
    await expect(q(tet(50), now - 10)).rejects.toMatchObject({ revertName: "RateNotNewer" });
    await expect(q(tet(50), now + 3600)).rejects.toMatchObject({ revertName: "RateNotNewer" });
    await expect(q(tet(61))).rejects.toMatchObject({ revertName: "RateOutOfBounds" }); // +22 % in one step
    await c.advance(100_000);
    await expect(q(tet(50), now + 1)).rejects.toMatchObject({ revertName: "StaleRate" });
    await transact(c.admin, "setRateBounds", () =>
      c.admin.wallet.writeContract({
        address: c.d.reserve,
        abi: reserveAbi,
        functionName: "setRateBounds",
        args: [currencyId("USD"), tet(10), tet(55)],
      }),
    );
    await q(tet(55));
    await expect(q(tet(56))).rejects.toMatchObject({ revertName: "RateOutOfBounds" }); // above maxRate
  });
});

describe("redeem", () => {
  it("burns TET and emits a payout instruction, rounded down", async () => {
    await deposit(c.admin, c.d, { currency: "USD", amount: usd(1_000), buyer: alice(), attestation: att() });
    const r = await redeem(c.alice, c.d, { currency: "USD", tet: tet("123.456789"), payoutRef: att() });
    expect(r).toMatchObject({ redemptionId: 1n, payout: 246n }); // 2.469… USD → 246 cents
    expect(await balance(alice())).toBe(tet(49_000) - tet("123.456789"));
    const v = await expectReserveInvariants(c.admin, c.d);
    expect((await fund("USD")).amount).toBe(usd(1_000) - 246n);
    expect(v.redeemed).toBe(tet("123.456789"));
  });

  it("refuses zero, dust, more than the fund can pay, and more than the holder has", async () => {
    await deposit(c.admin, c.d, { currency: "USD", amount: usd(10), buyer: alice(), attestation: att() });
    await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: rub(1_000),
      buyer: c.bob.wallet.account.address,
      attestation: att(),
    });
    const r = (who: DevChain["alice"], currency: string, n: bigint) =>
      redeem(who, c.d, { currency, tet: n, payoutRef: att() });
    await expect(r(c.alice, "USD", 0n)).rejects.toMatchObject({ revertName: "ZeroAmount" });
    await expect(r(c.alice, "USD", tet("0.1"))).rejects.toMatchObject({ revertName: "RedemptionTooSmall" });
    await expect(r(c.bob, "USD", tet(491))).rejects.toMatchObject({
      revertName: "InsufficientFundLiquidity",
    });
    await expect(r(c.alice, "RUB", tet(491))).rejects.toMatchObject({
      revertName: "ERC20InsufficientBalance",
    });
    await r(c.bob, "USD", tet(490)); // a holder may redeem into any fund
    await expectReserveInvariants(c.admin, c.d);
  });

  it("in deficit pays every holder the same haircut, which shrinks the shortfall", async () => {
    await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100_000),
      buyer: alice(),
      attestation: att(),
    });
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(45) });
    // circulating 4,900,000, backing 4,500,000: 1,000 TET is worth 918.367… TET of backing.
    const r = await redeem(c.alice, c.d, { currency: "USD", tet: tet(1_000), payoutRef: att() });
    const worth = (tet(1_000) * tet(4_500_000)) / tet(4_900_000);
    expect(r.payout).toBe((worth * 100n) / tet(45));
    const v = await expectReserveInvariants(c.admin, c.d);
    expect(v.deficit < tet(400_000)).toBe(true);
  });
});

describe("governance functions", () => {
  it("switches the peg and keeps every value", async () => {
    await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: rub(1_000_000),
      buyer: alice(),
      attestation: att(),
    });
    await deposit(c.admin, c.d, {
      currency: "USD",
      amount: usd(100_000),
      buyer: alice(),
      attestation: att(),
    });
    const before = await expectReserveInvariants(c.admin, c.d);
    await transact(c.admin, "setPeg", () =>
      c.admin.wallet.writeContract({
        address: c.d.reserve,
        abi: reserveAbi,
        functionName: "setPeg",
        args: [currencyId("USD")],
      }),
    );
    const after = await expectReserveInvariants(c.admin, c.d);
    expect({ ...after, pegFund: 0, tetPerPeg: 0, funds: 0 }).toEqual({
      ...before,
      pegFund: 0,
      tetPerPeg: 0,
      funds: 0,
    });
    expect([after.pegFund, after.tetPerPeg]).toEqual([currencyId("USD"), tet(50)]);
    expect(after.funds.map((f) => f.value)).toEqual(before.funds.map((f) => f.value));
    // Quotes are now in USD: RUB at 0.02 USD is still 1 TET per rouble; USD is fixed.
    await setRate(c.admin, c.d, { currency: "RUB", quote: tet("0.021") });
    expect((await fund("RUB")).rate).toBe(tet("1.05"));
    await expect(setRate(c.admin, c.d, { currency: "USD", quote: tet(1) })).rejects.toMatchObject({
      revertName: "IsPegFund",
    });
    await expectReserveInvariants(c.admin, c.d);
  });

  it("lists and delists currencies; refuses duplicates, the peg and non-empty funds", async () => {
    const gov = (functionName: "delistFund" | "setPeg", id: `0x${string}`, who = c.admin) =>
      transact(who, functionName, () =>
        who.wallet.writeContract({ address: c.d.reserve, abi: reserveAbi, functionName, args: [id] }),
      );
    const token = "0x00000000000000000000000000000000000000aa";
    await listFund(c.admin, c.d, {
      currency: token,
      decimals: 6,
      quote: tet(1),
      minRate: 1n,
      maxRate: tet(10),
    });
    await expect(
      listFund(c.admin, c.d, {
        currency: "USD",
        decimals: 2,
        quote: tet(50),
        minRate: 1n,
        maxRate: tet(100),
      }),
    ).rejects.toMatchObject({ revertName: "FundAlreadyListed" });
    await expect(
      listFund(c.alice, c.d, {
        currency: "EUR",
        decimals: 2,
        quote: tet(50),
        minRate: 1n,
        maxRate: tet(100),
      }),
    ).rejects.toMatchObject({ revertName: "AccessControlUnauthorizedAccount" });
    await deposit(c.admin, c.d, { currency: "USD", amount: usd(1), buyer: alice(), attestation: att() });
    await expect(gov("delistFund", currencyId("USD"))).rejects.toThrow(/FundNotEmpty/);
    await expect(gov("delistFund", currencyId("RUB"))).rejects.toThrow(/IsPegFund/);
    await expect(gov("setPeg", currencyId("RUB"))).rejects.toThrow(/IsPegFund/);
    await gov("delistFund", currencyId(token));
    expect((await state()).funds.map((f) => f.currency)).toEqual(["RUB", "USD"]);
  });
});
