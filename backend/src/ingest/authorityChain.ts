import { hex } from "@tet/schemas";
import type { LedgerStore } from "../ledger/index.js";

/**
 * The statement kinds that make up an object's authority chain, in log order: the genesis, then
 * every chained statement (each version 2 one names the previous in `prev`, so the device checks
 * the links and needs them all).
 */
export const AUTHORITY_KINDS: ReadonlySet<string> = new Set([
  "genesis",
  "transfer",
  "key",
  "relation",
  "warranty",
]);
const PAGE = 1000;

/**
 * An object's authority chain — its genesis, then every chained statement in log order — read from
 * the index of entries outside the device chain and cached per object, so that a reconnecting device gets it without a scan.
 * An appended chain statement invalidates the object's entry (`invalidate`); the next read reloads.
 */
export class AuthorityChain {
  readonly #store: LedgerStore;
  readonly #cache = new Map<string, Promise<Uint8Array[]>>();
  readonly #limit: number;

  constructor(store: LedgerStore, opts: { cacheObjects?: number } = {}) {
    this.#store = store;
    this.#limit = opts.cacheObjects ?? 10_000;
  }

  /** The chain's statement bytes, genesis first; empty for an object the log does not know. */
  get(object: Uint8Array): Promise<Uint8Array[]> {
    const id = hex(object);
    let p = this.#cache.get(id);
    if (p === undefined) {
      if (this.#cache.size >= this.#limit) this.#cache.delete(this.#cache.keys().next().value as string);
      p = this.#load(object);
      p.catch(() => this.#cache.delete(id));
      this.#cache.set(id, p);
    }
    return p;
  }

  /** Forgets a cached chain (a transfer or key statement was appended). */
  invalidate(object: Uint8Array): void {
    this.#cache.delete(hex(object));
  }

  async #load(object: Uint8Array): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    let afterIndex: number | undefined;
    for (;;) {
      const page = await this.#store.authorityEntries(object, {
        limit: PAGE,
        ...(afterIndex === undefined ? {} : { afterIndex }),
      });
      for (const e of page) if (AUTHORITY_KINDS.has(e.kind) && e.bytes !== null) out.push(e.bytes);
      if (page.length < PAGE) return out;
      afterIndex = page[page.length - 1]?.index;
    }
  }
}
