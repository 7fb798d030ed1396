import { type Address, parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { paymentRouterAbi, reserveAbi, tETTokenAbi, testStablecoinAbi } from "../../generated/artifacts.js";
import {
  att,
  balanceOf,
  cents,
  type DevChain,
  deployStablecoin,
  expectReserveInvariants,
  fundStable,
  fundView,
  listStable,
  stableBalance,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { deposit } from "./custodians.js";
import { readLotsOf, transferTet } from "./lots.js";
import { setRate } from "./oracle.js";
import { signPermit } from "./permit.js";
import { type PaymentOrder, pay, quotePayment, signPayment } from "./router.js";

// Any payment, from the payer's currency to the recipient's, in one transaction (issue 16, promise 3):
// the issue pieced a USD → RUB payment together by hand in 5 transactions by 3 parties, without a rate
// lock, losing 2.1 % (48,951 RUB for 50,000 RUB of value). Here: tUSD at 50 RUB, RUB the peg.
const INFRA = "0x00000000000000000000000000000000000001f0" as const;
const usd = (n: number) => BigInt(n) * 1_000_000n; // tUSD has 6 decimals
let c: DevChain;
let base: `0x${string}`;
let tusd: Address;
const payer = privateKeyToAccount(generatePrivateKey()); // holds tUSD only: no TET, no ether
const shop = privateKeyToAccount(generatePrivateKey()).address; // the recipient: no ether either
beforeAll(async () => {
  c = await startDevChain({ infrastructureFund: INFRA });
  tusd = await deployStablecoin(c.admin);
  await listStable(c.admin, c.d, { token: tusd, quote: tet(50) });
  // The rouble fund holds 10,000,000 RUB (bought by bob), so it can pay roubles out.
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: cents(10_000_000),
    buyer: c.bob.wallet.account.address,
    attestation: att(),
  });
  await fundStable(c.alice, c.d, { token: tusd, amount: usd(100_000), spender: c.d.router });
  await transact(c.alice, "mint", () =>
    c.alice.wallet.writeContract({
      address: tusd,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [payer.address, usd(10_000)],
    }),
  );
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const order = async (o: Partial<PaymentOrder> = {}): Promise<PaymentOrder> => ({
  payer: c.alice.wallet.account.address,
  from: tusd,
  amountIn: usd(1_000),
  recipient: shop,
  to: "RUB",
  minOut: 0n,
  deadline: BigInt((await c.now()) + 600),
  ref: att(),
  ...o,
});

describe("tUSD → RUB in one transaction", () => {
  it("pays the recipient 50,000 RUB of value less only the 0.1 % fee, charged once, with one event", async () => {
    const q = await quotePayment(c.admin, c.d, { from: tusd, amountIn: usd(1_000), to: "RUB" });
    expect(q).toEqual({ tet: tet(50_000), fee: tet(50), amountOut: cents(49_950), toBuffer: 0n });
    const before = await expectReserveInvariants(c.admin, c.d);
    const r = await pay(c.alice, c.d, { order: await order({ minOut: cents(49_950) }) });
    expect([r.amountOut, r.tet, r.fee]).toEqual([cents(49_950), tet(50_000), tet(50)]);
    expect(await balanceOf(c, INFRA)).toBe(tet(50)); // the only fee
    expect(await stableBalance(c.admin, tusd, c.alice.wallet.account.address)).toBe(usd(99_000));
    const [payout] = parseEventLogs({
      abi: reserveAbi,
      logs: r.receipt.logs,
      eventName: "PayoutInstruction",
    });
    expect(payout?.args).toMatchObject({ fund: currencyId("RUB"), payout: cents(49_950), to: shop });
    const paid = parseEventLogs({ abi: paymentRouterAbi, logs: r.receipt.logs, eventName: "Paid" });
    expect(paid).toHaveLength(1);
    expect(paid[0]?.args).toMatchObject({
      payer: c.alice.wallet.account.address,
      recipient: shop,
      amountIn: usd(1_000),
    });
    const after = await expectReserveInvariants(c.admin, c.d);
    expect(after.circulating).toBe(before.circulating + tet(50)); // only the fee stays in circulation
    expect((await fundView(c, tusd)).amount).toBe(usd(1_000));
    expect(await readLotsOf(c.admin, c.d, c.d.router)).toEqual([]); // the router keeps nothing
  });

  it("honours minOut and the deadline: the rate is locked or nothing happens", async () => {
    await expect(pay(c.alice, c.d, { order: await order({ minOut: cents(49_951) }) })).rejects.toMatchObject({
      revertName: "BelowMinimum",
      revertArgs: [cents(49_950), cents(49_951)],
    });
    await expect(
      pay(c.alice, c.d, { order: await order({ deadline: BigInt((await c.now()) - 1) }) }),
    ).rejects.toMatchObject({
      revertName: "Expired",
    });
    // The dollar falls 1 % before the payment lands: the same minOut now refuses it.
    await c.advance(60);
    await setRate(c.admin, c.d, { currency: tusd, quote: tet("49.5") });
    await expect(pay(c.alice, c.d, { order: await order({ minOut: cents(49_950) }) })).rejects.toMatchObject({
      revertName: "BelowMinimum",
    });
    expect(await balanceOf(c, INFRA)).toBe(0n);
  });

  it("relays a payer's signed order and permit: neither payer nor recipient needs ether", async () => {
    const deadline = BigInt((await c.now()) + 600);
    const o = await order({ payer: payer.address, amountIn: usd(100), minOut: cents(4_995), deadline });
    const signature = await signPayment(payer, c.d, o);
    const permit = {
      value: usd(100),
      deadline,
      signature: await signPermit(c.admin, payer, {
        token: tusd,
        spender: c.d.router,
        value: usd(100),
        deadline,
      }),
    };
    expect(await c.admin.public.getBalance({ address: payer.address })).toBe(0n);
    const r = await pay(c.carol, c.d, { order: o, signature, permit });
    expect(r.amountOut).toBe(cents(4_995));
    expect(await stableBalance(c.admin, tusd, payer.address)).toBe(usd(9_900));
    await expect(pay(c.carol, c.d, { order: o, signature, permit })).rejects.toMatchObject({
      revertName: "OrderUsed",
    });
    const forged = await signPayment(payer, c.d, { ...o, recipient: c.carol.wallet.account.address });
    await expect(pay(c.carol, c.d, { order: o, signature: forged })).rejects.toMatchObject({
      revertName: "NotPayer",
    });
  });
});

describe("other currencies", () => {
  it("TET → TET charges the fee once and hands the lots on", async () => {
    const bob = c.bob.wallet.account.address;
    await transact(c.bob, "approve", () =>
      c.bob.wallet.writeContract({
        address: c.d.token,
        abi: tETTokenAbi,
        functionName: "approve",
        args: [c.d.router, tet(1_000)],
      }),
    );
    const r = await pay(c.bob, c.d, {
      order: await order({ payer: bob, from: "TET", amountIn: tet(1_000), to: "TET", minOut: tet(999) }),
    });
    expect([r.amountOut, r.fee]).toEqual([tet(999), tet(1)]);
    expect(await balanceOf(c, shop)).toBe(tet(999));
    expect(await readLotsOf(c.admin, c.d, shop)).toEqual([{ lot: 1n, amount: tet(999) }]);
    await expectReserveInvariants(c.admin, c.d);
  });

  it("RUB-lot TET → tUSD tokens, and nothing reaches the router except by its own pull", async () => {
    const bob = c.bob.wallet.account.address;
    await pay(c.alice, c.d, { order: await order({ amountIn: usd(2_000), to: "TET" }) }); // fills the tUSD fund
    await transact(c.bob, "approve", () =>
      c.bob.wallet.writeContract({
        address: c.d.token,
        abi: tETTokenAbi,
        functionName: "approve",
        args: [c.d.router, tet(5_000)],
      }),
    );
    const r = await pay(c.bob, c.d, {
      order: await order({ payer: bob, from: "TET", amountIn: tet(5_000), to: tusd }),
    });
    expect(r.amountOut).toBe(usd(5_000 - 5) / 50n); // 4,995 TET at 50 → 99.9 tUSD
    expect(await stableBalance(c.admin, tusd, shop)).toBe(99_900_000n);
    await expect(transferTet(c.bob, c.d, { to: c.d.router, amount: 1n })).rejects.toMatchObject({
      revertName: "DirectTransferToProtocol",
    });
    await expectReserveInvariants(c.admin, c.d);
  });
});
