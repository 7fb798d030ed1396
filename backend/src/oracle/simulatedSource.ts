import { createHash } from "node:crypto";
import type { RateSource } from "./rateSource.js";

/** The simulated FX market's parameters. */
export interface SimulatedMarket {
  /** Seed of the walk: the same seed and start give the same path. */
  seed: string;
  /** Seconds per step of the walk (default 60). */
  stepSeconds?: number;
  /** Largest move per step, basis points (default 15 = 0.15 %). */
  stepBps?: number;
  /** Largest difference between two signers' observations, basis points (default 10). */
  noiseBps?: number;
  /** Where each currency starts (1e18-scaled quotes); default: the rate on chain when first asked. */
  start?: Readonly<Record<string, bigint>>;
}

/** A uniform number in [-1, 1] from the seed and the step: the same for every run and process. */
function uniform(seed: string, ...parts: (string | number)[]): number {
  const h = createHash("sha256")
    .update([seed, ...parts].join("\u0000"))
    .digest();
  return (h.readUInt32BE(0) / 0xffff_ffff) * 2 - 1;
}

/**
 * The seeded random walk `npm start` quotes: each currency moves by at most `stepBps` per step of
 * chain time (a multiplicative walk in integer basis points, from its start), and each local signer
 * sees it with a little noise of its own, so several signers disagree slightly and the reserve gets
 * their median. Deterministic: the path is a function of the seed, the start and the number of steps since the
 * first reading.
 */
export function simulatedSource(market: SimulatedMarket): RateSource {
  const stepSeconds = market.stepSeconds ?? 60;
  const stepBps = market.stepBps ?? 15;
  const noiseBps = market.noiseBps ?? 10;
  const walks = new Map<string, { origin: number; values: bigint[] }>();
  const at = (currency: string, now: number, start: bigint): bigint => {
    let w = walks.get(currency);
    if (!w) {
      w = { origin: Math.floor(now / stepSeconds), values: [start] };
      walks.set(currency, w);
    }
    const k = Math.max(0, Math.floor(now / stepSeconds) - w.origin);
    while (w.values.length <= k) {
      const i = w.values.length;
      const move = BigInt(Math.round(uniform(market.seed, currency, i) * stepBps));
      w.values.push(((w.values[i - 1] as bigint) * (10_000n + move)) / 10_000n);
    }
    return w.values[k] as bigint;
  };
  return {
    name: `simulated:${market.seed}`,
    async read({ currencies, now, signer, onChain }) {
      const out = [];
      for (const currency of currencies) {
        const start = market.start?.[currency] ?? onChain.get(currency);
        if (start === undefined) continue;
        const mid = at(currency, now, start);
        const k = Math.floor(now / stepSeconds) - (walks.get(currency)?.origin ?? 0);
        const noise = BigInt(Math.round(uniform(market.seed, "noise", signer, currency, k) * noiseBps));
        out.push({ currency, quote: (mid * (10_000n + noise)) / 10_000n, observedAt: undefined });
      }
      return out;
    },
  };
}
