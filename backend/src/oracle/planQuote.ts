import type { OracleErrorCode } from "./oracleError.js";

const ONE = 10n ** 18n;
const BPS = 10_000n;

/** The reserve's rate rules (ReserveBase: `maxRateAge`, `maxMoveBps`, `movePeriod`, `tetPerPeg`). */
export interface RateRules {
  maxRateAge: number;
  maxMoveBps: bigint;
  movePeriod: number;
  tetPerPeg: bigint;
}

/** A fund's rate on chain and the bounds governance gave it (TET wei per whole unit). */
export interface FundRate {
  rate: bigint;
  rateUpdatedAt: number;
  minRate: bigint;
  maxRate: bigint;
}

/** What one signer may sign: the quote (clamped to the per-time limit), or why nothing. */
export type PlannedQuote =
  | { ok: true; quote: bigint; rate: bigint; clamped: boolean }
  | { ok: false; code: OracleErrorCode; detail: string };

/**
 * Plans one signer's quote so that the reserve will take it (Reserve.setRate): newer than the rate on
 * chain and within `maxRateAge` of `now`, inside the fund's bounds (else refused: a rate outside them
 * is an alarm, not something to round), and moving at most maxMoveBps × elapsed / movePeriod. A
 * larger move is clamped to that step, so the rate follows the market at the speed the contract
 * allows. `skewSeconds` is taken off the elapsed time: quotes of several signers are combined at the
 * oldest of their times, so each plans for a step that still holds then.
 */
export function planQuote(args: {
  fund: FundRate;
  rules: RateRules;
  quote: bigint;
  observedAt: number;
  now: number;
  skewSeconds: number;
}): PlannedQuote {
  const { fund, rules, observedAt } = args;
  if (observedAt <= fund.rateUpdatedAt)
    return {
      ok: false,
      code: "QUOTE_NOT_NEWER",
      detail: `observed at ${observedAt}, on chain ${fund.rateUpdatedAt}`,
    };
  if (args.now - observedAt > rules.maxRateAge)
    return { ok: false, code: "QUOTE_TOO_OLD", detail: `observed ${args.now - observedAt} s ago` };
  const wanted = (args.quote * rules.tetPerPeg) / ONE; // Reserve.setRate: rate = quote × tetPerPeg / 1e18
  if (wanted < fund.minRate || wanted > fund.maxRate)
    return {
      ok: false,
      code: "RATE_OUT_OF_BOUNDS",
      detail: `rate ${wanted} outside [${fund.minRate}, ${fund.maxRate}]`,
    };
  const elapsed = BigInt(
    Math.max(0, Math.min(observedAt - args.skewSeconds - fund.rateUpdatedAt, rules.movePeriod)),
  );
  const step = (fund.rate * rules.maxMoveBps * elapsed) / (BPS * BigInt(rules.movePeriod));
  const lo = fund.rate - step;
  const hi = fund.rate + step;
  if (wanted >= lo && wanted <= hi) return { ok: true, quote: args.quote, rate: wanted, clamped: false };
  const target = wanted < lo ? lo : hi;
  let quote = (target * ONE) / rules.tetPerPeg;
  // Rounding back through tetPerPeg may leave the step by one unit: nudge it inside.
  while ((quote * rules.tetPerPeg) / ONE > hi) quote -= 1n;
  while ((quote * rules.tetPerPeg) / ONE < lo) quote += 1n;
  return { ok: true, quote, rate: (quote * rules.tetPerPeg) / ONE, clamped: true };
}

/** The median the rate oracle posts: the lower middle one for an even count (RateOracle.post). */
export function lowerMedian(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new RangeError("no values");
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)] as bigint;
}
