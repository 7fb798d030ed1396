import { formatUnits, keccak256, parseUnits, toHex } from "viem";
import { reserveAbi } from "../artifacts.js";
import { transact } from "../client/ChainClients.js";
import { deposit, listFund, readReserve, setRate } from "../client/reserve.js";
import type { DevChain } from "./devChain.js";

/** One row of the README's worked example: the pools after a step, in whole TET. */
export interface ExampleRow {
  step: string;
  circulating: bigint;
  rubBuffer: bigint;
  usdBuffer: bigint;
  frozen: bigint;
  backing: bigint;
  shortfall: bigint;
  totalSupply: bigint;
}

const tet = (n: string) => parseUnits(n, 18);

/**
 * The whitepaper's example on a live reserve: a 1,000,000 RUB fund, a 100,000 RUB purchase, a
 * 100,000 USD fund at 50 RUB, then USD +10 % and −10 %. `bufferBps` is the buffer policy in force.
 */
export async function runWorkedExample(c: DevChain, bufferBps: number): Promise<ExampleRow[]> {
  await transact(c.admin, "setParameters", () =>
    c.admin.wallet.writeContract({
      address: c.d.reserve,
      abi: reserveAbi,
      functionName: "setParameters",
      args: [BigInt(bufferBps), 86_400n, 2_000n],
    }),
  );
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet("50"),
    minRate: 1n,
    maxRate: tet("1000"),
  });
  const rows: ExampleRow[] = [];
  let n = 0;
  const snap = async (step: string) => {
    const v = await readReserve(c.admin, c.d);
    const buf = (code: string) => v.funds.find((f) => f.currency === code)?.buffer ?? 0n;
    rows.push({
      step,
      circulating: v.circulating,
      rubBuffer: buf("RUB"),
      usdBuffer: buf("USD"),
      frozen: v.frozen,
      backing: v.backing,
      shortfall: v.deficit,
      totalSupply: v.totalSupply,
    });
  };
  const buy = (currency: string, amount: bigint, who = c.alice) =>
    deposit(c.admin, c.d, {
      currency,
      amount,
      buyer: who.wallet.account.address,
      attestation: keccak256(toHex(`example ${bufferBps} ${++n}`)),
    });
  await buy("RUB", 100_000_000n);
  await snap("1,000,000 RUB fund opens");
  await buy("RUB", 10_000_000n, c.bob);
  await snap("someone buys with 100,000 RUB");
  await buy("USD", 10_000_000n, c.carol);
  await snap("100,000 USD fund at 50 RUB");
  await setRate(c.admin, c.d, { currency: "USD", quote: tet("55") });
  await snap("USD rises 10 % (55 RUB)");
  await setRate(c.admin, c.d, { currency: "USD", quote: tet("49.5") });
  await snap("USD falls 10 % (49.5 RUB)");
  return rows;
}

/** The rows as the markdown table the README carries. */
export function renderExampleTable(rows: readonly ExampleRow[]): string {
  const f = (x: bigint) => Number(formatUnits(x, 18)).toLocaleString("en-US");
  const lines = [
    "| step | circulating | RUB buffer | USD buffer | frozen | backing (RUB) | shortfall | total supply |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.step} | ${[r.circulating, r.rubBuffer, r.usdBuffer, r.frozen, r.backing, r.shortfall, r.totalSupply].map(f).join(" | ")} |`,
    );
  }
  return lines.join("\n");
}
