import { objectIdToText } from "@tet/schemas";
import type { LedgerStore } from "../ledger/index.js";
import type { AppendFeed } from "./appendFeed.js";
import type { ObjectSummary } from "./objectIndex.js";
import { type PassportSources, readOwnerStatements } from "./readPassport.js";

/**
 * The sources of the most recently read passports (least recently used out first), so that a
 * passport read again does no SQL and parses no statement. Every appended statement drops its
 * object's entry (one without an object empties the cache), and a read that was in flight while any
 * statement was appended is not kept, so a passport is never older than the feed. The passport itself
 * is still built per request: warranty expiry depends on the clock. Opt-in (`passportCache: N`): it
 * pays for hot avatars, while reads spread evenly over many avatars only promote entries to the old
 * generation and evict them (more mark-compacts). Appends made by another process reach no feed of
 * this one: leave it off when one writes the store.
 */
export class PassportCache {
  readonly #store: LedgerStore;
  readonly #logKey: Uint8Array;
  readonly #max: number;
  readonly #entries = new Map<string, PassportSources>();
  #epoch = 0;

  constructor(opts: { store: LedgerStore; feed: AppendFeed; max: number; logKey: Uint8Array }) {
    this.#store = opts.store;
    this.#logKey = opts.logKey;
    this.#max = opts.max;
    opts.feed((e) => this.invalidate(e.object));
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The sources of `summary`'s passport, from the cache or read from the store. */
  async read(summary: ObjectSummary): Promise<PassportSources> {
    const hit = this.#entries.get(summary.id);
    if (hit) {
      this.#entries.delete(summary.id); // re-insert: a Map iterates in insertion order, oldest first
      this.#entries.set(summary.id, hit);
      return hit;
    }
    const epoch = this.#epoch;
    const sources = await readOwnerStatements(this.#store, summary, { logKey: this.#logKey });
    if (epoch === this.#epoch) {
      this.#entries.set(summary.id, sources);
      if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return sources;
  }

  /** Drops `object`'s entry, or every entry without an object; reads in flight are not kept. */
  invalidate(object?: Uint8Array): void {
    this.#epoch++;
    if (object === undefined) this.#entries.clear();
    else this.#entries.delete(objectIdToText(object));
  }
}
