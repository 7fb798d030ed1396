/** One change to the reserve, as its events state it (amounts in smallest units, rates in TET wei). */
export type ReserveChange =
  | { kind: "listed"; fund: string; decimals: number; rate: bigint }
  | { kind: "delisted"; fund: string }
  | { kind: "rate"; fund: string; rate: bigint }
  | { kind: "deposit"; fund: string; amount: bigint; minted: bigint }
  | { kind: "recapitalized"; fund: string; amount: bigint }
  | { kind: "payout"; fund: string; payout: bigint; burned: bigint };

/** Backing and circulating TET (wei) after the changes of one block. */
export interface HistoryPoint {
  block: bigint;
  timestamp: number;
  backing: bigint;
  circulating: bigint;
}

/**
 * Replays the reserve's events into its backing and circulating supply after every block with a
 * change, the way the contract keeps them: circulating = Σ minted − Σ burned (ReserveBase invariant
 * 6), backing = Σ over funds of ⌊amount × rate / 10^decimals⌋ (every change ends in `_revalue`).
 * Pure, so the last point can be checked against `state()` at the same block.
 */
export function reserveHistory(
  changes: readonly (ReserveChange & { block: bigint; timestamp: number })[],
): HistoryPoint[] {
  const funds = new Map<string, { decimals: number; rate: bigint; amount: bigint }>();
  let circulating = 0n;
  const out: HistoryPoint[] = [];
  for (const c of changes) {
    const f = funds.get(c.fund);
    if (c.kind === "listed") funds.set(c.fund, { decimals: c.decimals, rate: c.rate, amount: 0n });
    else if (c.kind === "delisted") funds.delete(c.fund);
    else if (f && c.kind === "rate") f.rate = c.rate;
    else if (f && c.kind === "deposit") {
      f.amount += c.amount;
      circulating += c.minted;
    } else if (f && c.kind === "recapitalized") f.amount += c.amount;
    else if (f && c.kind === "payout") {
      f.amount -= c.payout;
      circulating -= c.burned;
    }
    let backing = 0n;
    for (const x of funds.values()) backing += (x.amount * x.rate) / 10n ** BigInt(x.decimals);
    const point = { block: c.block, timestamp: c.timestamp, backing, circulating };
    if (out[out.length - 1]?.block === c.block) out[out.length - 1] = point;
    else out.push(point);
  }
  return out;
}
