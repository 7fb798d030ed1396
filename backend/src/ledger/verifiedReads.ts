import type { LedgerStore, StoredEntry } from "./ledgerStore.js";
import type { LogIntegrity } from "./logIntegrity.js";

type EntryReads = Pick<
  LedgerStore,
  "entry" | "entries" | "entriesByObject" | "authorityEntries" | "lastDeviceEntry" | "entryBySeq"
>;

/**
 * The store as the read paths (the passport API, the web pages) see it: every entry it returns has
 * passed `integrity.check` — bytes against the leaf hash, the leaf against the signed root — or the
 * read rejects with `LOG_CORRUPT`, so a tampered entry is never served. Everything else is the
 * store's own method; the store itself (and the writer) is untouched.
 *
 * @example
 * const reads = verifiedReads(ledger.log.store, integrity);
 * await reads.entriesByObject(object, { limit: 100 }); // LOG_CORRUPT if one of them was edited
 */
export function verifiedReads(store: LedgerStore, integrity: LogIntegrity): LedgerStore {
  const many = async (p: Promise<StoredEntry[]>) => {
    const entries = await p;
    await integrity.check(entries);
    return entries;
  };
  const one = async (p: Promise<StoredEntry | undefined>) => {
    const e = await p;
    if (e) await integrity.check([e]);
    return e;
  };
  const reads: EntryReads = {
    entry: (index) => one(store.entry(index)),
    entries: (from, limit) => many(store.entries(from, limit)),
    entriesByObject: (object, page) => many(store.entriesByObject(object, page)),
    authorityEntries: (object, page) => many(store.authorityEntries(object, page)),
    lastDeviceEntry: (object) => one(store.lastDeviceEntry(object)),
    entryBySeq: (object, seq) => one(store.entryBySeq(object, seq)),
  };
  return new Proxy(store, {
    get(target, name) {
      if (Object.hasOwn(reads, name)) return reads[name as keyof EntryReads];
      const v: unknown = Reflect.get(target, name, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
