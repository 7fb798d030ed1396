import { type Deployment, type SignedQuote, signQuote } from "@tet/contracts";
import type { Account } from "viem";
import { OracleError, type OracleErrorCode } from "./oracleError.js";
import { planQuote } from "./planQuote.js";
import type { RateSource } from "./rateSource.js";
import type { RateState } from "./readRateState.js";

const ONE = 10n ** 18n;

/** What the local signers did in one tick: quotes signed, and refusals by fund and code. */
export interface LocalQuotes {
  quotes: SignedQuote[];
  refusals: { currency: string; code: OracleErrorCode; detail: string }[];
  clamped: string[];
}

/** Reads the source for one signer, retrying a failed read (`retries` more times, doubling the wait from 250 ms). */
async function readWithRetries(
  source: RateSource,
  request: Parameters<RateSource["read"]>[0],
  retries: number,
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await source.read(request);
    } catch (e) {
      if (attempt >= retries || (e instanceof OracleError && e.code === "FEED_MALFORMED")) throw e;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

/**
 * Each local oracle key (its own key file) reads its source, plans its quote against the reserve's
 * rules (planQuote: newer, fresh, in bounds, clamped to the per-time limit) and signs it. A key that
 * is not in the oracle's set on chain signs nothing. A source that fails after its retries throws.
 */
export async function signLocalQuotes(args: {
  state: RateState;
  signers: readonly Account[];
  source: RateSource;
  currencies: readonly string[];
  deployment: Pick<Deployment, "chainId" | "rateOracle">;
  skewSeconds: number;
  retries: number;
}): Promise<LocalQuotes> {
  const { state } = args;
  const funds = state.funds.filter((f) => args.currencies.includes(f.currency));
  const onChain = new Map(funds.map((f) => [f.currency, (f.rate * ONE) / state.rules.tetPerPeg]));
  const out: LocalQuotes = { quotes: [], refusals: [], clamped: [] };
  for (const [i, signer] of args.signers.entries()) {
    if (!state.signers.has(signer.address.toLowerCase())) continue;
    const request = { currencies: funds.map((f) => f.currency), now: state.now, signer: i, onChain };
    const observed = await readWithRetries(args.source, request, args.retries);
    for (const f of funds) {
      const o = observed.find((x) => x.currency === f.currency);
      if (!o) {
        out.refusals.push({
          currency: f.currency,
          code: "NO_RATE",
          detail: `${args.source.name} has no ${f.currency}`,
        });
        continue;
      }
      const observedAt = Math.min(o.observedAt ?? state.now, state.now);
      const plan = planQuote({
        fund: f,
        rules: state.rules,
        quote: o.quote,
        observedAt,
        now: state.now,
        skewSeconds: args.skewSeconds,
      });
      if (!plan.ok) {
        out.refusals.push({ currency: f.currency, code: plan.code, detail: plan.detail });
        continue;
      }
      if (plan.clamped && i === 0) out.clamped.push(f.currency);
      out.quotes.push(
        await signQuote(signer, args.deployment, { fund: f.id, quote: plan.quote, observedAt }),
      );
    }
  }
  return out;
}
