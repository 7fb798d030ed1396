import { type Address, getAddress } from "viem";
import { expect } from "vitest";
import { tETTokenAbi } from "../../generated/artifacts.js";
import type { ChainClients, Deployment } from "../client/index.js";
import { type ReserveView, readLot, readLotsOf, readReserve } from "../client/index.js";

/**
 * Reads the reserve and checks the invariants from the outside, recomputing backing from each
 * fund's amount and rate rather than trusting the contract's running totals, and checking that every
 * circulating token is in exactly one lot: every account that ever held a lot (from the token's
 * events) holds lots summing to its balance, and those balances add up to circulating. Returns the view.
 */
export async function expectReserveInvariants(
  clients: Pick<ChainClients, "public">,
  d: Deployment,
): Promise<ReserveView> {
  const [v, pools] = await Promise.all([
    readReserve(clients, d),
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
  expect(v.circulating, "circulating = issued − redeemed").toBe(v.issued - v.redeemed);
  await expectEveryTokenInOneLot(clients, d, v);
  return v;
}

async function expectEveryTokenInOneLot(
  clients: Pick<ChainClients, "public">,
  d: Deployment,
  v: ReserveView,
) {
  const logs = await clients.public.getContractEvents({
    address: d.token,
    abi: tETTokenAbi,
    eventName: "LotMoved",
    fromBlock: BigInt(d.startBlock),
  });
  const issued = await clients.public.getContractEvents({
    address: d.token,
    abi: tETTokenAbi,
    eventName: "LotIssued",
    fromBlock: BigInt(d.startBlock),
  });
  const accounts = new Set<Address>();
  for (const l of issued) accounts.add(getAddress(l.args.buyer!));
  for (const l of logs)
    if (l.args.to !== "0x0000000000000000000000000000000000000000") accounts.add(l.args.to!);
  let inLots = 0n;
  const perFund = new Map<string, bigint>();
  const read = await Promise.all(
    [...accounts].map(async (a) => {
      const [holdings, balance] = await Promise.all([
        readLotsOf(clients, d, a),
        clients.public.readContract({
          address: d.token,
          abi: tETTokenAbi,
          functionName: "balanceOf",
          args: [a],
        }),
      ]);
      const funds = await Promise.all(holdings.map(async (h) => (await readLot(clients, d, h.lot)).fund));
      return { a, holdings, balance, funds };
    }),
  );
  for (const { a, holdings, balance, funds } of read) {
    expect(holdings.length, `${a} holds at most MAX_HOLDINGS lots`).toBeLessThanOrEqual(16);
    expect(sum(holdings.map((h) => h.amount)), `lots of ${a} = its balance`).toBe(balance);
    holdings.forEach((h, i) => {
      expect(h.amount > 0n, "no empty holding").toBe(true);
      perFund.set(funds[i]!, (perFund.get(funds[i]!) ?? 0n) + h.amount);
    });
    inLots += balance;
  }
  expect(inLots, "every circulating token is in a lot").toBe(v.circulating);
  const funds = new Set([...perFund.keys(), ...v.funds.map((f) => f.id as string), `0x${"0".repeat(64)}`]);
  for (const fund of funds) {
    const amount = perFund.get(fund) ?? 0n;
    const out = await clients.public.readContract({
      address: d.token,
      abi: tETTokenAbi,
      functionName: "outstanding",
      args: [fund as `0x${string}`],
    });
    expect(out, `outstanding(${fund}) = Σ its holdings`).toBe(amount);
  }
  // Issued lots: contiguous serials, Σ = issued.
  let next = 1n;
  for (const l of issued) {
    expect(l.args.firstSerial, "serials are contiguous and disjoint").toBe(next);
    next += l.args.amount!;
  }
  expect(next - 1n, "Σ issued lots = issued").toBe(v.issued);
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
