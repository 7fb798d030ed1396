import type { LedgerStore } from "../ledger/index.js";
import type { AppendedEvent, AppendFeed } from "./appendFeed.js";
import { ObjectIndex } from "./objectIndex.js";

/**
 * The object index of a store, loaded once (on the first call) and kept current from `feed`. The
 * feed is subscribed before the load starts and what it delivers meanwhile is applied once the load
 * ends (`apply` is idempotent), so an avatar created while the index loads is never missed.
 *
 * @example
 * const index = liveObjectIndex({ store, feed, prefix });
 * await index(); // serveApi awaits it before listening, so no request waits for the load
 */
export function liveObjectIndex(opts: {
  store: LedgerStore;
  feed: AppendFeed;
  prefix: string;
}): () => Promise<ObjectIndex> {
  let loaded: Promise<ObjectIndex> | undefined;
  return () => {
    loaded ??= (async () => {
      let index: ObjectIndex | undefined;
      const early: AppendedEvent[] = [];
      opts.feed((e) => (index ? index.apply(e, e.index) : early.push(e)));
      const ix = await ObjectIndex.load(opts.store, { prefix: opts.prefix });
      for (const e of early) ix.apply(e, e.index);
      index = ix;
      return ix;
    })();
    return loaded;
  };
}
