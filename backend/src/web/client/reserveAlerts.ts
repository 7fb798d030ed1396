import type { ReserveReport } from "../../economy/index.js";
import { duration, percent } from "./economyFormat.js";
import { formatTet } from "./format.js";

/** One state of the reserve said in words: `bad` (red) stops flows, `warn` is about to, `ok` is all well. */
export interface ReserveAlert {
  level: "bad" | "warn" | "ok";
  code: "STALE_RATE" | "STALE_SOON" | "DEFICIT" | "PAUSED" | "HEALTHY";
  text: string;
}

/** How close to maxRateAge a rate may get before the page warns: three quarters of it. */
const WARN_AT = 0.75;

/**
 * The reserve's red states explained in words, from the report alone (pure): each stale fund, each
 * fund about to go stale, a deficit and its haircut, paused issuance — each saying what the contract
 * now refuses and what ends it. A healthy reserve gets one `ok` line.
 */
export function reserveAlerts(r: ReserveReport): ReserveAlert[] {
  const out: ReserveAlert[] = [];
  const limit = duration(r.maxRateAge);
  for (const f of r.funds) {
    if (f.peg || f.amount === "0") continue;
    if (f.stale)
      out.push({
        level: "bad",
        code: "STALE_RATE",
        text: `The ${f.name} rate is stale: it was observed ${duration(f.rateAge)} ago and the reserve accepts rates for at most ${limit}. While a fund that holds currency has a stale rate nobody knows what the reserve is worth, so the contract refuses every deposit and every redemption, in every fund (StaleRate), until the oracle posts a fresh ${f.name} rate.`,
      });
    else if (f.rateAge > r.maxRateAge * WARN_AT)
      out.push({
        level: "warn",
        code: "STALE_SOON",
        text: `The ${f.name} rate is ${duration(f.rateAge)} old and goes stale in ${duration(r.maxRateAge - f.rateAge)}; then deposits and redemptions stop until the oracle posts again.`,
      });
  }
  const deficit = BigInt(r.totals.deficit);
  if (deficit > 0n) {
    const backing = BigInt(r.totals.backing);
    const circulating = BigInt(r.totals.circulating);
    out.push({
      level: "bad",
      code: "DEFICIT",
      text: `The reserve is in deficit: the funds are worth ${formatTet(r.totals.deficit)} less than the TET in circulation, and every buffer is used up. No new TET is issued (IssuanceHalted) until rates recover or the custodians recapitalize a fund; a redemption pays every holder the same share, backing ÷ circulating = ${percent(backing, circulating)} of par.`,
    });
  }
  if (r.issuancePaused)
    out.push({
      level: "bad",
      code: "PAUSED",
      text: "The guardian has paused issuance: deposits issue no TET (Paused) until it is lifted. Redemptions and payments go on.",
    });
  if (out.length === 0)
    out.push({
      level: "ok",
      code: "HEALTHY",
      text: `Every rate is fresh (at most ${limit} old), there is no deficit and issuance is open: every circulating TET is backed by the funds below.`,
    });
  return out;
}
