/**
 * A bounded replay cache for login nonces. A nonce is remembered until its login can no longer be
 * fresh (`ttlMs`, twice the ±window), so a replay inside the window is refused. When the cache is
 * full of still-live nonces, new logins are refused (fail closed) rather than forgetting a live one.
 */
export class NonceCache {
  readonly #expiry = new Map<string, number>();
  readonly #max: number;
  readonly #ttlMs: number;

  constructor(opts: { max?: number; ttlMs: number }) {
    this.#max = opts.max ?? 100_000;
    this.#ttlMs = opts.ttlMs;
  }

  /** Records `key` at `now`; "replay" if it is live, "full" if no room, else "ok". */
  use(key: string, now: number): "ok" | "replay" | "full" {
    const until = this.#expiry.get(key);
    if (until !== undefined && until > now) return "replay";
    if (this.#expiry.size >= this.#max) this.#sweep(now);
    if (this.#expiry.size >= this.#max) return "full";
    this.#expiry.delete(key); // re-insert at the end: Map order is expiry order
    this.#expiry.set(key, now + this.#ttlMs);
    return "ok";
  }

  get size(): number {
    return this.#expiry.size;
  }

  #sweep(now: number): void {
    for (const [k, until] of this.#expiry) {
      if (until > now) return;
      this.#expiry.delete(k);
    }
  }
}
