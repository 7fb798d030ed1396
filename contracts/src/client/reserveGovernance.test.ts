import { parseEventLogs } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reserveAbi } from "../../generated/artifacts.js";
import {
  att,
  cents,
  type DevChain,
  expectReserveInvariants,
  fundView,
  reserveCall,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { currencyId } from "./currencyId.js";
import { deposit } from "./custodians.js";
import { setRate } from "./oracle.js";
import { listFund, readReserve, redeem } from "./reserve.js";

// What governance may do to the reserve (the deployer plays governance here; governance.test.ts drives
// the same calls through a vote): list, delist a used fund, move buffers, set policies, switch the peg.
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
const buy = (currency: string, amount: bigint) =>
  deposit(c.admin, c.d, { currency, amount, buyer: alice(), attestation: att() });

describe("delisting", () => {
  it("a used fund whose buffer was filled is delisted once it backs no circulating TET", async () => {
    await buy("RUB", cents(1_000_000));
    await buy("USD", cents(10_000)); // 490,000 TET + 10,000 buffer
    await c.advance(60);
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) }); // buffer 60,000
    await expect(reserveCall(c, "delistFund", [currencyId("USD"), alice(), att()])).rejects.toMatchObject({
      revertName: "FundNotEmpty",
    });
    // Holders redeem everything the USD fund backs beyond its buffer (pooled: RUB lots too).
    const usd = await fundView(c, "USD");
    await redeem(c.alice, c.d, { currency: "USD", tet: usd.value - usd.buffer, payoutRef: att() });
    const left = await fundView(c, "USD");
    expect(left.value).toBe(left.buffer);
    const before = await readReserve(c.admin, c.d);
    const r = await reserveCall(c, "delistFund", [currencyId("USD"), c.carol.wallet.account.address, att()]);
    const [ev] = parseEventLogs({ abi: reserveAbi, logs: r.logs, eventName: "FundDelisted" });
    expect(ev?.args).toMatchObject({ amount: left.amount, releasedBuffer: left.buffer });
    const [pay] = parseEventLogs({ abi: reserveAbi, logs: r.logs, eventName: "PayoutInstruction" });
    expect(pay?.args).toMatchObject({ payout: left.amount, to: c.carol.wallet.account.address });
    const after = await expectReserveInvariants(c.admin, c.d);
    expect(after.funds.map((f) => f.currency)).toEqual(["RUB"]);
    expect(after.circulating).toBe(before.circulating); // nobody's TET lost its backing
    expect(after.totalSupply).toBe(before.totalSupply - left.buffer);
  });

  it("refuses strangers, the peg, and a fund that still backs TET", async () => {
    await buy("USD", cents(1));
    await expect(
      reserveCall(c, "delistFund", [currencyId("USD"), alice(), att()], c.bob),
    ).rejects.toMatchObject({
      revertName: "Unauthorized",
    });
    await expect(reserveCall(c, "delistFund", [currencyId("RUB"), alice(), att()])).rejects.toMatchObject({
      revertName: "IsPegFund",
    });
    await expect(reserveCall(c, "delistFund", [currencyId("USD"), alice(), att()])).rejects.toMatchObject({
      revertName: "FundNotEmpty",
    });
  });

  it("a buffer moves between funds, each keeping buffer ≤ value", async () => {
    await buy("RUB", cents(100_000));
    await buy("USD", cents(10_000));
    await expect(
      reserveCall(c, "moveBuffer", [currencyId("USD"), currencyId("RUB"), tet(10_001)]),
    ).rejects.toMatchObject({ revertName: "BadParameter" });
    await reserveCall(c, "moveBuffer", [currencyId("USD"), currencyId("RUB"), tet(10_000)]);
    const v = await expectReserveInvariants(c.admin, c.d);
    expect(v.funds.map((f) => f.buffer)).toEqual([tet(10_000), 0n]);
  });
});

describe("policies", () => {
  it("deposits into a fund issue at most its mint cap per window", async () => {
    await reserveCall(c, "setFundPolicy", [currencyId("RUB"), 0, tet(1_000)]);
    await buy("RUB", cents(600));
    await expect(buy("RUB", cents(401))).rejects.toMatchObject({
      revertName: "MintCapExceeded",
      revertArgs: [currencyId("RUB"), tet(400)],
    });
    await buy("RUB", cents(400));
    await c.advance(86_400);
    await buy("RUB", cents(1_000)); // a new window
    expect((await fundView(c, "RUB")).mintedInWindow).toBe(tet(1_000));
  });

  it("an FX-risk buffer is capped at 50 % and is never charged while a fund is the peg", async () => {
    await expect(reserveCall(c, "setFundPolicy", [currencyId("USD"), 5_001, 0n])).rejects.toMatchObject({
      revertName: "BadParameter",
    });
    await reserveCall(c, "setFundPolicy", [currencyId("RUB"), 300, 2n ** 255n]); // for after a peg switch
    expect((await buy("RUB", cents(1_000))).toBuffer).toBe(0n);
  });

  it("switches the peg and keeps every value; the old peg then floats and buffers", async () => {
    await reserveCall(c, "setFundPolicy", [currencyId("RUB"), 300, 2n ** 255n]);
    await buy("RUB", cents(1_000_000));
    await buy("USD", cents(100_000));
    const before = await expectReserveInvariants(c.admin, c.d);
    await reserveCall(c, "setPeg", [currencyId("USD")]);
    const after = await expectReserveInvariants(c.admin, c.d);
    expect({ ...after, pegFund: 0, tetPerPeg: 0, funds: 0 }).toEqual({
      ...before,
      pegFund: 0,
      tetPerPeg: 0,
      funds: 0,
    });
    expect([after.pegFund, after.tetPerPeg]).toEqual([currencyId("USD"), tet(50)]);
    expect(after.funds.map((f) => f.value)).toEqual(before.funds.map((f) => f.value));
    expect((await buy("USD", cents(1_000))).toBuffer).toBe(0n); // the new peg carries no FX risk
    expect((await buy("RUB", cents(1_000))).toBuffer).toBe(tet(30)); // 3 % of 1,000 TET
    // Quotes are now in USD: RUB at 0.02 USD is 1 TET per rouble; +5 % needs 15 s at 20 %/min.
    await c.advance(15);
    await setRate(c.admin, c.d, { currency: "RUB", quote: tet("0.021") });
    expect((await fundView(c, "RUB")).rate).toBe(tet("1.05"));
    await expect(setRate(c.admin, c.d, { currency: "USD", quote: tet(1) })).rejects.toMatchObject({
      revertName: "IsPegFund",
    });
    await expectReserveInvariants(c.admin, c.d);
  });

  it("refuses duplicate listings, strangers and bad parameters", async () => {
    const eur = { currency: "EUR", decimals: 2, quote: tet(55), minRate: 1n, maxRate: tet(100) };
    await expect(listFund(c.admin, c.d, { ...eur, currency: "USD" })).rejects.toMatchObject({
      revertName: "FundAlreadyListed",
    });
    await expect(listFund(c.bob, c.d, eur)).rejects.toMatchObject({ revertName: "Unauthorized" });
    await expect(listFund(c.admin, c.d, { ...eur, quote: tet(101) })).rejects.toMatchObject({
      revertName: "RateOutOfBounds",
    });
    await expect(
      listFund(c.admin, c.d, { ...eur, currency: "0x00000000000000000000000000000000000000aa" }),
    ).rejects.toMatchObject({ revertName: "WrongFundKind" }); // no code at that address
    await expect(reserveCall(c, "setParameters", [0n, 1n, 1n, 1n])).rejects.toMatchObject({
      revertName: "BadParameter",
    });
    await expect(reserveCall(c, "setPeg", [currencyId("RUB")])).rejects.toMatchObject({
      revertName: "IsPegFund",
    });
  });
});
