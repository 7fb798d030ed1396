import { expect } from "vitest";
import { tETTokenAbi } from "../artifacts.js";
import type { ChainClients } from "../client/ChainClients.js";
import type { Deployment } from "../client/Deployment.js";
import { type ReserveView, readLots, readReserve } from "../client/reserve.js";

/**
 * Reads the reserve and checks the invariants from the outside, recomputing backing from each
 * fund's amount and rate rather than trusting the contract's running totals. Returns the view.
 */
export async function expectReserveInvariants(
  clients: Pick<ChainClients, "public">,
  d: Deployment,
): Promise<ReserveView> {
  const [v, lots, pools] = await Promise.all([
    readReserve(clients, d),
    readLots(clients, d),
    clients.public.readContract({
      address: d.token,
      abi: tETTokenAbi,
      functionName: "balanceOf",
      args: [d.reserve],
    }),
  ]);
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const buffers = sum(v.funds.map((f) => f.buffer));
  const backing = sum(v.funds.map((f) => (f.amount * f.rate) / 10n ** BigInt(f.decimals)));
  expect(v.buffers, "Σ buffers").toBe(buffers);
  expect(v.totalSupply, "total supply = circulating + frozen + Σ buffers").toBe(
    v.circulating + v.frozen + buffers,
  );
  expect(pools, "the reserve holds exactly the pools").toBe(v.frozen + buffers);
  expect(v.backing, "backing = Σ amount × rate").toBe(backing);
  for (const f of v.funds) expect(f.buffer <= f.value, `buffer of ${f.currency} is backed by it`).toBe(true);
  if (v.deficit === 0n) {
    expect(v.circulating <= backing, "circulating ≤ backing outside deficit").toBe(true);
  } else {
    expect(buffers, "every buffer is exhausted in deficit").toBe(0n);
    expect(v.deficit, "the reported shortfall is exact").toBe(v.circulating - backing);
  }
  // Lots: contiguous serials, none counted twice, per fund and in total.
  let next = 1n;
  const perFund = new Map<string, bigint>();
  for (const lot of lots) {
    expect(lot.firstSerial, "serials are contiguous and disjoint").toBe(next);
    next += lot.amount;
    perFund.set(lot.fund, (perFund.get(lot.fund) ?? 0n) + lot.amount);
  }
  expect(BigInt(lots.length)).toBe(v.lotCount);
  expect(next - 1n, "Σ lots = issued").toBe(v.issued);
  for (const f of v.funds) expect(perFund.get(f.id) ?? 0n, `lots of ${f.currency}`).toBe(f.issued);
  expect(v.circulating, "circulating = issued − redeemed").toBe(v.issued - v.redeemed);
  return v;
}
