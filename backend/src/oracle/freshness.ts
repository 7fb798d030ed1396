/** How close a fund's rate is to going stale. */
export type FreshnessState = "fresh" | "warning" | "stale";

/** A fund's rate age against the reserve's limit. */
export interface Freshness {
  ageSeconds: number;
  /** Seconds until the rate is stale (negative once it is). */
  staleInSeconds: number;
  state: FreshnessState;
}

/**
 * A rate's freshness at `now` (chain time): stale past `maxRateAge` (the reserve then halts deposits
 * and redemptions in every fund, ReserveBase._requireAllFresh), `warning` from `warnPercent` of it on,
 * so an operator hears of a failing oracle before the reserve stops.
 */
export function freshness(args: {
  rateUpdatedAt: number;
  now: number;
  maxRateAge: number;
  warnPercent: number;
}): Freshness {
  const ageSeconds = Math.max(0, args.now - args.rateUpdatedAt);
  const staleInSeconds = args.maxRateAge - ageSeconds;
  const state =
    ageSeconds > args.maxRateAge // ReserveBase._stale: block.timestamp - rateUpdatedAt > maxRateAge
      ? "stale"
      : ageSeconds * 100 >= args.maxRateAge * args.warnPercent
        ? "warning"
        : "fresh";
  return { ageSeconds, staleInSeconds, state };
}
