/** Settings of a per-principal token bucket. */
export interface TokenBucketOptions {
  /** Tokens added per second (the sustained rate). */
  rate: number;
  /** Bucket size (the burst). */
  burst: number;
  /** Buckets kept at most; the least recently used are forgotten first (default 100,000). */
  maxPrincipals?: number;
  /** The clock in ms (tests pass their own). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets, one per principal (pure, clock injected): `take` spends one token or tells how long
 * until one is there. A full bucket is the same as a forgotten one, so eviction never grants more
 * than `burst` at once.
 */
export class TokenBuckets {
  readonly #opts: Required<TokenBucketOptions>;
  readonly #buckets = new Map<string, Bucket>();

  constructor(opts: TokenBucketOptions) {
    this.#opts = { maxPrincipals: 100_000, now: Date.now, ...opts };
  }

  /** Spends a token of `principal`: `{ ok: true }`, or `{ ok: false, retryAfterMs }`. */
  take(principal: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const { rate, burst, maxPrincipals } = this.#opts;
    const now = this.#opts.now();
    const b = this.#buckets.get(principal) ?? { tokens: burst, at: now };
    this.#buckets.delete(principal); // re-insert: Map order is recency order
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) * rate) / 1000);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.#buckets.set(principal, b);
    if (this.#buckets.size > maxPrincipals) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return ok ? { ok: true } : { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 1000) / rate) };
  }

  /**
   * Gives back the token a `take` spent, for work that turned out not to count (a duplicate, a
   * refusal by the ledger); never above `burst`.
   */
  refund(principal: string): void {
    const b = this.#buckets.get(principal);
    if (b !== undefined) b.tokens = Math.min(this.#opts.burst, b.tokens + 1);
  }
}
