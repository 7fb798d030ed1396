import { parseEventLogs } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reserveAbi } from "../../generated/artifacts.js";
import {
  att,
  balanceOf,
  cents,
  type DevChain,
  expectReserveInvariants,
  fundView,
  reserveCall,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { deposit, recapitalize } from "./custodians.js";
import { readLot } from "./lots.js";
import { setRate } from "./oracle.js";
import { listFund, readReserve, redeem } from "./reserve.js";

// Issuance, redemption and FX moves on a real reserve: RUB is the peg (no FX risk, no buffer), USD is
// listed at 50 RUB with a 2 % FX-risk buffer and bounds 10..200 RUB.
let c: DevChain;
let base: `0x${string}`;
beforeAll(async () => {
  c = await startDevChain();
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: tet(10),
    maxRate: tet(200),
    bufferBps: 200,
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const alice = () => c.alice.wallet.account.address;
const buy = (currency: string, amount: bigint, extra: { minOut?: bigint } = {}) =>
  deposit(c.admin, c.d, { currency, amount, buyer: alice(), attestation: att(), ...extra });
/** Lets `seconds` pass so the per-time rate limit allows the next move. */
const later = (seconds = 60) => c.advance(seconds);

describe("deposit", () => {
  it("issues the peg at par with no buffer, a foreign currency at its rate less its FX-risk buffer", async () => {
    const r = await buy("RUB", cents(1_000_000));
    expect(r).toMatchObject({ lotId: 1n, minted: tet(1_000_000), toBuffer: 0n });
    const u = await buy("USD", cents(100_000));
    expect(u).toMatchObject({ minted: tet(4_900_000), toBuffer: tet(100_000) });
    const lot = await readLot(c.admin, c.d, 2n);
    expect([lot.fund, lot.rate, lot.amount, lot.firstSerial]).toEqual([
      currencyId("USD"),
      tet(50),
      tet(4_900_000),
      tet(1_000_000) + 1n,
    ]);
    const v = await expectReserveInvariants(c.admin, c.d);
    expect([v.circulating, v.buffers, v.backing]).toEqual([tet(5_900_000), tet(100_000), tet(6_000_000)]);
  });

  it("states the cost in the quote, honours minOut, and stops buffering once the buffer is full", async () => {
    const quote = (fund: string, amount: bigint) =>
      c.admin.public.readContract({
        address: c.d.reserve,
        abi: reserveAbi,
        functionName: "quoteDeposit",
        args: [currencyId(fund), amount],
      });
    expect(await quote("RUB", cents(100_000))).toEqual([tet(100_000), 0n, tet(100_000)]);
    expect(await quote("USD", cents(100))).toEqual([tet(4_900), tet(100), tet(5_000)]);
    await expect(buy("USD", cents(100), { minOut: tet(4_901) })).rejects.toMatchObject({
      revertName: "BelowMinimum",
      revertArgs: [tet(4_900), tet(4_901)],
    });
    await buy("USD", cents(100), { minOut: tet(4_900) });
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) }); // buffer 100 + 500 ≫ 2 %
    expect(await quote("USD", cents(100))).toEqual([tet(5_500), 0n, tet(5_500)]);
    expect((await buy("USD", cents(100))).minted).toBe(tet(5_500));
    await expectReserveInvariants(c.admin, c.d);
  });

  it("rounds down: a fraction of a TET wei is never issued", async () => {
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: 50_000_000_000_000_000_333n });
    const r = await buy("USD", 7n);
    expect(r.minted + r.toBuffer).toBe((7n * 50_000_000_000_000_000_333n) / 100n);
    await expectReserveInvariants(c.admin, c.d);
  });

  it("refuses strangers, unknown funds, reused attestations, expired ones, no buyer and dust", async () => {
    const a = att();
    await deposit(c.admin, c.d, { currency: "RUB", amount: cents(10), buyer: alice(), attestation: a });
    const direct = transact(c.admin, "reserve.deposit", () =>
      c.admin.wallet.writeContract({
        address: c.d.reserve,
        abi: reserveAbi,
        functionName: "deposit",
        args: [currencyId("RUB"), 1n, alice(), att(), 0n],
      }),
    );
    await expect(direct).rejects.toMatchObject({ revertName: "Unauthorized" });
    const cases: [Parameters<typeof deposit>[2], string][] = [
      [
        {
          currency: "RUB",
          amount: 1n,
          buyer: alice(),
          attestation: att(),
          signers: [c.alice.wallet.account],
        },
        "UnknownSigner",
      ],
      [{ currency: "EUR", amount: 1n, buyer: alice(), attestation: att() }, "UnknownFund"],
      [{ currency: "RUB", amount: 1n, buyer: alice(), attestation: a }, "AttestationReused"],
      [{ currency: "RUB", amount: 1n, buyer: alice(), attestation: att(), deadline: 1n }, "Expired"],
      [
        {
          currency: "RUB",
          amount: 1n,
          buyer: "0x0000000000000000000000000000000000000000",
          attestation: att(),
        },
        "ZeroAddress",
      ],
      [{ currency: "RUB", amount: 0n, buyer: alice(), attestation: att() }, "DepositTooSmall"],
    ];
    for (const [args, name] of cases)
      await expect(deposit(c.admin, c.d, args), name).rejects.toMatchObject({
        code: "CONTRACT_REVERTED",
        revertName: name,
      });
  });
});

describe("redeem", () => {
  it("a 100,000 RUB round trip returns 100,000 RUB: buying and selling the peg cost nothing", async () => {
    const bought = await buy("RUB", cents(100_000));
    expect(bought.minted).toBe(tet(100_000));
    const quote = await c.admin.public.readContract({
      address: c.d.reserve,
      abi: reserveAbi,
      functionName: "quoteRedeem",
      args: [currencyId("RUB"), tet(100_000)],
    });
    expect(quote).toEqual([cents(100_000), tet(100_000)]);
    const r = await redeem(c.alice, c.d, { currency: "RUB", tet: tet(100_000), payoutRef: att() });
    expect(r.payout).toBe(cents(100_000));
    const [ev] = parseEventLogs({ abi: reserveAbi, logs: r.receipt.logs, eventName: "PayoutInstruction" });
    expect(ev?.args).toMatchObject({ holder: alice(), to: alice(), burned: tet(100_000) });
    expect(await balanceOf(c, alice())).toBe(0n);
    expect((await fundView(c, "RUB")).amount).toBe(0n);
    await expectReserveInvariants(c.admin, c.d);
  });

  it("burns TET and instructs a payout rounded down, at least minPayout", async () => {
    await buy("USD", cents(1_000));
    await expect(
      redeem(c.alice, c.d, { currency: "USD", tet: tet("123.456789"), payoutRef: att(), minPayout: 247n }),
    ).rejects.toMatchObject({ revertName: "BelowMinimum", revertArgs: [246n, 247n] });
    const r = await redeem(c.alice, c.d, {
      currency: "USD",
      tet: tet("123.456789"),
      payoutRef: att(),
      minPayout: 246n,
    });
    expect(r).toMatchObject({ redemptionId: 1n, payout: 246n }); // 2.469… USD → 246 cents
    expect(await balanceOf(c, alice())).toBe(tet(49_000) - tet("123.456789"));
    expect((await fundView(c, "USD")).amount).toBe(cents(1_000) - 246n);
    await expectReserveInvariants(c.admin, c.d);
  });

  it("refuses zero, dust, more than the fund can pay (its buffer stays), and more than the holder has", async () => {
    await buy("USD", cents(10)); // 490 TET to alice, 10 in the USD buffer
    await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: cents(1_000),
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
    await r(c.bob, "USD", tet(490)); // backing is pooled: a RUB lot may be paid out of the USD fund
    await expectReserveInvariants(c.admin, c.d);
  });
});

describe("rates and FX moves", () => {
  it("a rise moves TET from the frozen pool into the fund's buffer, a fall moves it back", async () => {
    await buy("USD", cents(100_000));
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) });
    expect((await fundView(c, "USD")).buffer).toBe(tet(600_000));
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(50) });
    const v = await expectReserveInvariants(c.admin, c.d);
    expect([v.buffers, v.frozen, v.totalSupply]).toEqual([tet(100_000), tet(500_000), tet(5_500_000)]);
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(52) }); // the frozen pool is used first
    const w = await expectReserveInvariants(c.admin, c.d);
    expect([w.buffers, w.frozen, w.totalSupply]).toEqual([tet(300_000), tet(300_000), tet(5_500_000)]);
  });

  it("covers a fall larger than the fund's buffer from other funds' buffers, in peg value", async () => {
    await buy("USD", cents(10_000)); // USD buffer 10,000
    await buy("RUB", cents(100_000));
    await recapitalize(c.admin, c.d, { currency: "RUB", amount: cents(20_000), attestation: att() }); // RUB buffer 20,000
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(47.5) }); // a loss of 25,000
    const v = await expectReserveInvariants(c.admin, c.d);
    expect(v.funds.map((f) => [f.currency, f.buffer])).toEqual([
      ["RUB", tet(5_000)],
      ["USD", 0n],
    ]);
    expect([v.frozen, v.deficit]).toEqual([tet(25_000), 0n]);
  });

  it("enters an explicit deficit when every buffer is exhausted, halts issuance, and recovers", async () => {
    await buy("USD", cents(100_000));
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(45) }); // loss 500,000 > buffer 100,000
    let v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, v.buffers]).toEqual([tet(400_000), 0n]);
    await expect(buy("RUB", cents(1))).rejects.toMatchObject({
      revertName: "IssuanceHalted",
      revertArgs: [tet(400_000)],
    });
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(48) }); // +300,000 clears part of it
    v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, v.buffers]).toEqual([tet(100_000), 0n]);
    await recapitalize(c.admin, c.d, { currency: "RUB", amount: cents(150_000), attestation: att() });
    v = await expectReserveInvariants(c.admin, c.d);
    expect([v.deficit, (await fundView(c, "RUB")).buffer]).toEqual([0n, tet(50_000)]);
    await buy("RUB", cents(1));
  });

  it("in deficit pays every holder the same haircut, which shrinks the shortfall", async () => {
    await buy("USD", cents(100_000));
    await later();
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(45) });
    // circulating 4,900,000, backing 4,500,000: 1,000 TET is worth 918.367… TET of backing.
    const r = await redeem(c.alice, c.d, { currency: "USD", tet: tet(1_000), payoutRef: att() });
    const worth = (tet(1_000) * tet(4_500_000)) / tet(4_900_000);
    expect(r.payout).toBe((worth * 100n) / tet(45));
    const v = await expectReserveInvariants(c.admin, c.d);
    expect(v.deficit < tet(400_000)).toBe(true);
  });

  it("refuses the peg, old, future, stale, out-of-bounds rates and moves faster than the limit", async () => {
    const now = await c.now();
    const q = (quote: bigint, observedAt?: number, currency = "USD") =>
      setRate(c.admin, c.d, observedAt === undefined ? { currency, quote } : { currency, quote, observedAt });
    await expect(q(tet(1), undefined, "RUB")).rejects.toMatchObject({ revertName: "IsPegFund" });
    await expect(q(tet(50), now - 10)).rejects.toMatchObject({ revertName: "RateNotNewer" });
    await expect(q(tet(50), now + 3600)).rejects.toMatchObject({ revertName: "RateNotNewer" });
    // 20 % per minute, linear in the time since the last observation: +10 % needs 30 s.
    await expect(q(tet(55))).rejects.toMatchObject({ revertName: "RateMoveTooFast" });
    await c.advance(30);
    await q(tet(55));
    await c.advance(100_000);
    const old = (await fundView(c, "USD")).rateUpdatedAt + 1; // newer than the last, older than a day
    await expect(q(tet(55), old)).rejects.toMatchObject({ revertName: "StaleRate" });
    await reserveCall(c, "setRateBounds", [currencyId("USD"), tet(10), tet(56)]);
    await expect(q(tet(57))).rejects.toMatchObject({ revertName: "RateOutOfBounds" }); // above maxRate
    await q(tet(56));
    expect((await readReserve(c.admin, c.d)).funds[1]?.rate).toBe(tet(56));
  });
});
