/** Settings of `KeyedBuckets`. */
export interface KeyedBucketsOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: the burst. */
  burst: number;
  /** Buckets kept at most (default 100,000); the least recently used go first. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (pure, clock injected): `take` spends a token, `has` looks without spending,
 * `give` returns one. A full bucket is the same as a forgotten one, so a key is only kept while its
 * bucket is below full, and eviction never grants more than `burst` at once.
 */
export class KeyedBuckets {
  readonly #rate: number;
  readonly #burst: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(opts: KeyedBucketsOptions) {
    this.#rate = opts.rate;
    this.#burst = opts.burst;
    this.#max = opts.maxKeys ?? 100_000;
    this.#now = opts.now ?? Date.now;
  }

  /** True when `key` has a token now. */
  has(key: string): boolean {
    return this.#level(key) >= 1;
  }

  /** Spends one token of `key`; false (nothing spent) when there is none. */
  take(key: string): boolean {
    const tokens = this.#level(key);
    if (tokens < 1) return false;
    this.#set(key, tokens - 1);
    return true;
  }

  /** Gives back one token to `key` (never beyond the burst). */
  give(key: string): void {
    this.#set(key, this.#level(key) + 1);
  }

  /** Ms until `key` has a token again (0 when it has one). */
  waitMs(key: string): number {
    const tokens = this.#level(key);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / this.#rate);
  }

  /** Keys whose bucket is below full. */
  get size(): number {
    return this.#buckets.size;
  }

  #level(key: string): number {
    const b = this.#buckets.get(key);
    if (b === undefined) return this.#burst;
    return Math.min(this.#burst, b.tokens + ((this.#now() - b.at) * this.#rate) / 1000);
  }

  #set(key: string, tokens: number): void {
    this.#buckets.delete(key); // re-inserted at the end: Map order is recency order
    if (tokens >= this.#burst) return;
    this.#buckets.set(key, { tokens, at: this.#now() });
    if (this.#buckets.size > this.#max) this.#buckets.delete(this.#buckets.keys().next().value as string);
  }
}
