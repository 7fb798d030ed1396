import type { Address } from "viem";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { reserveAbi } from "../../generated/artifacts.js";
import {
  att,
  balanceOf,
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
import { currencyId } from "./currencyId.js";
import { deposit, recapitalize } from "./custodians.js";
import { depositToken, redeem } from "./reserve.js";

// Real custody for crypto funds (issue 16, promise 4): an ERC-20 fund's deposits are transferFrom into
// the reserve, its redemptions transfers out, and its backing is what the reserve holds.
let c: DevChain;
let base: `0x${string}`;
let usdc: Address;
const dollars = (n: number | string) => BigInt(Math.round(Number(n) * 1e6));
beforeAll(async () => {
  c = await startDevChain();
  usdc = await deployStablecoin(c.admin);
  await listStable(c.admin, c.d, { token: usdc, quote: tet(50), bufferBps: 100 });
  await fundStable(c.alice, c.d, { token: usdc, amount: dollars(10_000) });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const alice = () => c.alice.wallet.account.address;
const custody = () =>
  c.admin.public.readContract({
    address: c.d.reserve,
    abi: reserveAbi,
    functionName: "custodyOf",
    args: [currencyId(usdc)],
  });

it("a deposit pulls the tokens into custody and issues at the rate, less the fund's 1 % buffer", async () => {
  const r = await depositToken(c.alice, c.d, { token: usdc, amount: dollars(1_000), minOut: tet(49_500) });
  expect([r.minted, r.toBuffer]).toEqual([tet(49_500), tet(500)]);
  expect(await stableBalance(c.admin, usdc, alice())).toBe(dollars(9_000));
  expect(await stableBalance(c.admin, usdc, c.d.reserve)).toBe(dollars(1_000));
  expect(await custody()).toBe((await fundView(c, usdc)).amount);
  await expect(
    depositToken(c.alice, c.d, { token: usdc, amount: dollars(1), minOut: tet(50) }),
  ).rejects.toMatchObject({
    revertName: "BelowMinimum",
  });
  await expectReserveInvariants(c.admin, c.d);
});

it("a redemption sends the tokens out of custody to whom the holder names", async () => {
  await depositToken(c.alice, c.d, { token: usdc, amount: dollars(1_000) });
  const carol = c.carol.wallet.account.address;
  const r = await redeem(c.alice, c.d, { currency: usdc, tet: tet(10_000), payoutRef: att(), to: carol });
  expect(r.payout).toBe(dollars(200));
  expect(await stableBalance(c.admin, usdc, carol)).toBe(dollars(200));
  expect(await custody()).toBe(dollars(800));
  expect((await fundView(c, usdc)).amount).toBe(dollars(800));
  expect(await balanceOf(c, alice())).toBe(tet(49_500) - tet(10_000));
  await expectReserveInvariants(c.admin, c.d);
});

it("an ERC-20 fund takes no attestations: its backing is only what arrives on chain", async () => {
  await expect(
    deposit(c.admin, c.d, { currency: usdc, amount: dollars(1_000_000), buyer: alice(), attestation: att() }),
  ).rejects.toMatchObject({ revertName: "WrongFundKind" });
  await expect(
    recapitalize(c.admin, c.d, { currency: usdc, amount: dollars(1_000_000), attestation: att() }),
  ).rejects.toMatchObject({ revertName: "WrongFundKind" });
  // Without an allowance nothing moves.
  await expect(depositToken(c.bob, c.d, { token: usdc, amount: 1n })).rejects.toMatchObject({
    revertName: "ERC20InsufficientAllowance",
  });
  expect(await custody()).toBe(0n);
});
