import { formatUnits, keccak256, parseUnits, toHex } from "viem";
import { currencyId, deposit, listFund, readReserve, setRate } from "../client/index.js";
import type { DevChain } from "./devChain.js";
import { reserveCall } from "./kit.js";
import {
  listModelFund,
  modelDeposit,
  modelRow,
  modelSetPeg,
  modelSetRate,
  newModel,
} from "./reserveModel.js";

/** One row of the README's worked example: the pools after a step, in TET wei. */
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
const STEPS = [
  ["1,000,000 RUB fund opens", "deposit", "RUB", "1000000"],
  ["someone buys with 100,000 RUB", "deposit", "RUB", "100000"],
  ["100,000 USD fund at 50 RUB", "deposit", "USD", "100000"],
  ["USD rises 10 % (55 RUB)", "rate", "USD", "55"],
  ["USD falls 10 % (49.5 RUB)", "rate", "USD", "49.5"],
  ["the peg moves to USD by vote", "peg", "USD", ""],
] as const;

/**
 * The whitepaper's example on a live reserve: a 1,000,000 RUB fund, a 100,000 RUB purchase, a
 * 100,000 USD fund at 50 RUB, then USD +10 % and −10 %, then the peg moves to USD. `usdBufferBps` is
 * the USD fund's FX-risk buffer policy (the peg fund has none).
 */
export async function runWorkedExample(c: DevChain, usdBufferBps: number): Promise<ExampleRow[]> {
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet("50"),
    minRate: 1n,
    maxRate: tet("1000"),
    bufferBps: usdBufferBps,
  });
  const rows: ExampleRow[] = [];
  let n = 0;
  for (const [step, kind, currency, x] of STEPS) {
    if (kind === "deposit")
      await deposit(c.admin, c.d, {
        currency,
        amount: BigInt(x) * 100n,
        buyer: c.alice.wallet.account.address,
        attestation: keccak256(toHex(`example ${usdBufferBps} ${++n}`)),
      });
    if (kind === "rate") {
      await c.advance(60); // the local chain's limit: 20 % per minute
      await setRate(c.admin, c.d, { currency, quote: tet(x) });
    }
    if (kind === "peg") await reserveCall(c, "setPeg", [currencyId(currency)]);
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
  }
  return rows;
}

/** The same steps on the independent model (reserveModel.ts): what the contract must produce. */
export function modelWorkedExample(usdBufferBps: number): ExampleRow[] {
  const s = newModel("RUB");
  listModelFund(s, "USD", tet("50"), BigInt(usdBufferBps));
  return STEPS.map(([step, kind, currency, x]) => {
    if (kind === "deposit") modelDeposit(s, currency, tet(x));
    if (kind === "rate") modelSetRate(s, currency, tet(x));
    if (kind === "peg") modelSetPeg(s, currency);
    const r = modelRow(s);
    return {
      step,
      circulating: r.circulating,
      rubBuffer: r.buffers.RUB ?? 0n,
      usdBuffer: r.buffers.USD ?? 0n,
      frozen: r.frozen,
      backing: r.backing,
      shortfall: r.shortfall,
      totalSupply: r.totalSupply,
    };
  });
}

/** The rows as the markdown table the README carries (whole TET; backing in TET = peg value). */
export function renderExampleTable(rows: readonly ExampleRow[]): string {
  const f = (x: bigint) => Number(formatUnits(x, 18)).toLocaleString("en-US");
  const lines = [
    "| step | circulating | RUB buffer | USD buffer | frozen | backing | shortfall | total supply |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.step} | ${[r.circulating, r.rubBuffer, r.usdBuffer, r.frozen, r.backing, r.shortfall, r.totalSupply].map(f).join(" | ")} |`,
    );
  }
  return lines.join("\n");
}
