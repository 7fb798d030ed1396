import { type ChainClients, currencyName, type Deployment, rateOracleAbi, reserveAbi } from "@tet/contracts";
import type { Hex } from "viem";
import type { FundRate, RateRules } from "./planQuote.js";

/** A non-peg fund the oracle may quote, as the reserve has it. */
export interface QuotedFund extends FundRate {
  id: Hex;
  currency: string;
  /** Currency held (smallest units): only a fund that holds something halts the reserve when stale. */
  amount: bigint;
}

/** What one oracle tick reads from the chain, all at one block. */
export interface RateState {
  block: bigint;
  /** The block's timestamp: the oracle's clock. */
  now: number;
  rules: RateRules;
  funds: QuotedFund[];
  /** The oracle keys in force and how many quotes a post needs. */
  signers: ReadonlySet<string>;
  threshold: number;
}

/** Reads the reserve's rate rules, its non-peg funds and the oracle's signer set at the latest block. */
export async function readRateState(
  clients: Pick<ChainClients, "public">,
  d: Pick<Deployment, "reserve" | "rateOracle">,
): Promise<RateState> {
  const head = await clients.public.getBlock();
  const at = { blockNumber: head.number };
  const r = (functionName: string, args: readonly unknown[] = []) =>
    clients.public.readContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName,
      args,
      ...at,
    } as never) as Promise<unknown>;
  const o = (functionName: string) =>
    clients.public.readContract({
      address: d.rateOracle,
      abi: rateOracleAbi,
      functionName,
      ...at,
    } as never) as Promise<unknown>;
  const [maxRateAge, maxMoveBps, movePeriod, tetPerPeg, pegFund, ids, signers, threshold] = await Promise.all(
    [
      r("maxRateAge"),
      r("maxMoveBps"),
      r("movePeriod"),
      r("tetPerPeg"),
      r("pegFund"),
      r("fundIds"),
      o("signers"),
      o("threshold"),
    ],
  );
  const funds = await Promise.all(
    (ids as Hex[])
      .filter((id) => id !== pegFund)
      .map(async (id) => {
        const f = (await r("fundOf", [id])) as {
          amount: bigint;
          rate: bigint;
          rateUpdatedAt: bigint;
          minRate: bigint;
          maxRate: bigint;
        };
        return {
          id,
          currency: currencyName(id),
          amount: f.amount,
          rate: f.rate,
          rateUpdatedAt: Number(f.rateUpdatedAt),
          minRate: f.minRate,
          maxRate: f.maxRate,
        };
      }),
  );
  return {
    block: head.number,
    now: Number(head.timestamp),
    rules: {
      maxRateAge: Number(maxRateAge),
      maxMoveBps: maxMoveBps as bigint,
      movePeriod: Number(movePeriod),
      tetPerPeg: tetPerPeg as bigint,
    },
    funds,
    signers: new Set((signers as string[]).map((s) => s.toLowerCase())),
    threshold: Number(threshold),
  };
}
