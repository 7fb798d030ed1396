import fc from "fast-check";
import { keccak256, parseUnits, toHex } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tETTokenAbi } from "../../generated/artifacts.js";
import { type DevChain, startDevChain } from "../test-support/index.js";
import { transact } from "./ChainClients.js";
import { deposit } from "./custodians.js";
import { transferTet } from "./lots.js";
import { listFund } from "./reserve.js";

// The commission on every payment (issue 16, promise 1): a transfer between holders withholds
// ⌈value / 1000⌉ for the infrastructure fund; mint, burn and protocol contracts' moves are exempt.
const tet = (n: number | string) => parseUnits(String(n), 18);
const INFRA = "0x00000000000000000000000000000000000001f0" as const;
const fee = (v: bigint) => (v + 999n) / 1000n; // the model: 0.1 % rounded up
let c: DevChain;
let base: `0x${string}`;
const token = { abi: tETTokenAbi } as const;
const balance = (who: `0x${string}`) =>
  c.admin.public.readContract({ ...token, address: c.d.token, functionName: "balanceOf", args: [who] });
const alice = () => c.alice.wallet.account.address;
const bob = () => c.bob.wallet.account.address;

beforeAll(async () => {
  c = await startDevChain({ infrastructureFund: INFRA });
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: 100_000_000n,
    buyer: alice(),
    attestation: keccak256("0x01"),
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

describe("fee on transfer", () => {
  it("a plain transfer pays exactly ⌈value / 1000⌉, withheld from the value", async () => {
    expect(await balance(alice())).toBe(tet(1_000_000)); // the purchase paid no fee
    let paid = 0n;
    for (const v of [1n, 999n, 1_000n, 1_001n, tet("4.305"), tet(123_456)]) {
      const [a, b, i] = await Promise.all([balance(alice()), balance(bob()), balance(INFRA)]);
      const quote = await c.admin.public.readContract({
        ...token,
        address: c.d.token,
        functionName: "quoteTransfer",
        args: [alice(), bob(), v],
      });
      expect(quote, `quote for ${v}`).toEqual([fee(v), v - fee(v)]);
      const t = await transferTet(c.alice, c.d, { to: bob(), amount: v });
      expect([t.fee, t.received], `transfer of ${v}`).toEqual([fee(v), v - fee(v)]);
      expect(await balance(alice())).toBe(a - v);
      expect(await balance(bob())).toBe(b + v - fee(v));
      expect(await balance(INFRA)).toBe(i + fee(v));
      paid += fee(v);
    }
    expect(await balance(INFRA)).toBe(paid);
  });

  it("transferFrom spends the full allowance and withholds the same fee", async () => {
    const v = tet(10);
    await transact(c.alice, "approve", () =>
      c.alice.wallet.writeContract({
        ...token,
        address: c.d.token,
        functionName: "approve",
        args: [bob(), v],
      }),
    );
    await transact(c.bob, "transferFrom", () =>
      c.bob.wallet.writeContract({
        ...token,
        address: c.d.token,
        functionName: "transferFrom",
        args: [alice(), c.carol.wallet.account.address, v],
      }),
    );
    expect(await balance(c.carol.wallet.account.address)).toBe(v - fee(v));
    expect(await balance(INFRA)).toBe(fee(v));
  });

  it("splitting a payment into parts never lowers the total fee (randomised on chain)", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: tet(5_000) }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 6 }),
        async (total, weights) => {
          await c.revert(base);
          base = await c.snapshot();
          const w = weights.map(BigInt);
          const sumW = w.reduce((a, b) => a + b, 0n);
          const parts = w.map((x) => (total * x) / sumW).filter((x) => x > 0n);
          const sent = parts.reduce((a, b) => a + b, 0n);
          for (const p of parts) await transferTet(c.alice, c.d, { to: bob(), amount: p });
          const charged = await balance(INFRA);
          expect(charged).toBe(parts.reduce((a, p) => a + fee(p), 0n));
          expect(charged).toBeGreaterThanOrEqual(fee(sent));
          expect(await balance(bob())).toBe(sent - charged);
          runs++;
        },
      ),
      { numRuns: 15 },
    );
    expect(runs).toBe(15);
  });

  it("only governance changes the fund or the exemptions", async () => {
    for (const [functionName, args] of [
      ["setInfrastructureFund", [bob()]],
      ["setFeeExempt", [bob(), true]],
    ] as const) {
      await expect(
        transact(c.bob, functionName, () =>
          c.bob.wallet.writeContract({ ...token, address: c.d.token, functionName, args } as never),
        ),
      ).rejects.toMatchObject({ revertName: "OnlyGovernance" });
    }
    expect(
      await c.admin.public.readContract({
        ...token,
        address: c.d.token,
        functionName: "feeExempt",
        args: [c.d.settlement],
      }),
    ).toBe(true);
  });

  it("pool tokens are not voting units: past total supply is circulating TET", async () => {
    const c2 = await startDevChain();
    try {
      await listFund(c2.admin, c2.d, {
        currency: "USD",
        decimals: 2,
        quote: tet(50),
        minRate: 1n,
        maxRate: tet(100),
        bufferBps: 200,
      });
      await deposit(c2.admin, c2.d, {
        currency: "USD",
        amount: 1_000n, // 10 USD = 500 TET: 490 to the buyer, 10 to the USD buffer
        buyer: c2.alice.wallet.account.address,
        attestation: keccak256(toHex("v")),
      });
      await c2.advance(2);
      const read = (functionName: "totalSupply" | "getPastTotalSupply", args: readonly bigint[] = []) =>
        c2.admin.public.readContract({ ...token, address: c2.d.token, functionName, args } as never);
      expect(await read("totalSupply")).toBe(tet(500));
      expect(await read("getPastTotalSupply", [BigInt((await c2.now()) - 1)])).toBe(tet(490));
    } finally {
      await c2.anvil.stop();
    }
  });
});
