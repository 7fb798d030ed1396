import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import {
  att,
  cents,
  type DevChain,
  expectReserveInvariants,
  reserveCall,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { currencyId } from "./currencyId.js";
import { deposit, recapitalize } from "./custodians.js";
import { setRate } from "./oracle.js";
import { listFund, readReserve, redeem } from "./reserve.js";

// No silent under-backing (issue 16, promise 5): while any fund that holds currency has a stale rate,
// nobody knows what the reserve is worth, so deposits and redemptions stop in every fund — the issue
// measured early redeemers leaving the last holder at 72 % backing when par flows went on.
let c: DevChain;
let base: `0x${string}`;
const HOUR = 3_600;
beforeAll(async () => {
  c = await startDevChain({ maxRateAge: HOUR });
  for (const [currency, quote] of [
    ["USD", tet(50)],
    ["EUR", tet(55)],
  ] as const)
    await listFund(c.admin, c.d, { currency, decimals: 2, quote, minRate: 1n, maxRate: tet(1_000) });
  await deposit(c.admin, c.d, { currency: "RUB", amount: cents(100_000), buyer: who(), attestation: att() });
  await deposit(c.admin, c.d, { currency: "USD", amount: cents(1_000), buyer: who(), attestation: att() });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

function who() {
  return c.alice.wallet.account.address;
}
const buyRub = () =>
  deposit(c.admin, c.d, { currency: "RUB", amount: cents(1), buyer: who(), attestation: att() });
const sellRub = () => redeem(c.alice, c.d, { currency: "RUB", tet: tet(1), payoutRef: att() });

it("a stale fund that holds currency halts par flows in every fund, the peg's included, until a fresh rate", async () => {
  await buyRub();
  await sellRub();
  await c.advance(HOUR + 1);
  // USD (which holds 1,000 dollars) is stale; EUR is stale too but holds nothing and does not count.
  const v = await readReserve(c.admin, c.d);
  expect(v.staleFund).toBe(currencyId("USD"));
  for (const flow of [buyRub, sellRub])
    await expect(flow()).rejects.toMatchObject({
      revertName: "StaleRate",
      revertArgs: [currencyId("USD"), expect.any(BigInt)],
    });
  await expect(
    redeem(c.alice, c.d, { currency: "USD", tet: tet(1), payoutRef: att() }),
  ).rejects.toMatchObject({
    revertName: "StaleRate",
  });
  // Bookkeeping that issues and pays nothing goes on: a top-up of the peg fund.
  await recapitalize(c.admin, c.d, { currency: "RUB", amount: 1n, attestation: att() });
  await setRate(c.admin, c.d, { currency: "USD", quote: tet(50) });
  expect((await readReserve(c.admin, c.d)).staleFund).toBe(`0x${"0".repeat(64)}`);
  await buyRub();
  await sellRub();
  // A deposit into the empty, stale EUR fund would issue at an unknown rate: refused on its own.
  await expect(
    deposit(c.admin, c.d, { currency: "EUR", amount: cents(1), buyer: who(), attestation: att() }),
  ).rejects.toMatchObject({ revertName: "StaleRate", revertArgs: [currencyId("EUR"), expect.any(BigInt)] });
  await expectReserveInvariants(c.admin, c.d);
});

it("the guardian pauses issuance, never redemption; only the guardian or governance may", async () => {
  await expect(reserveCall(c, "setIssuancePaused", [true], c.bob)).rejects.toMatchObject({
    revertName: "Unauthorized",
  });
  await reserveCall(c, "setIssuancePaused", [true]); // the deployer is the dev chain's guardian
  expect((await readReserve(c.admin, c.d)).issuancePaused).toBe(true);
  await expect(buyRub()).rejects.toMatchObject({ revertName: "Paused" });
  await sellRub();
  await redeem(c.alice, c.d, { currency: "USD", tet: tet(10), payoutRef: att() });
  await reserveCall(c, "setGuardian", [c.bob.wallet.account.address]);
  await reserveCall(c, "setIssuancePaused", [false], c.bob);
  await buyRub();
  await expectReserveInvariants(c.admin, c.d);
});
