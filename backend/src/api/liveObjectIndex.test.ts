import { DEFAULT_AVATAR_PREFIX, parseStatement } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppendedEvent, AppendFeed } from "./appendFeed.js";
import { Actor, genesis, openTestLedger } from "./fixture.js";
import { liveObjectIndex } from "./liveObjectIndex.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
beforeAll(async () => {
  fx = await openTestLedger();
});
afterAll(() => fx.close());

/** A feed the test drives by hand. */
function manualFeed() {
  const listeners = new Set<(e: AppendedEvent) => void>();
  const feed: AppendFeed = (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };
  const emit = (e: AppendedEvent) => {
    for (const l of listeners) l(e);
  };
  return { feed, emit, listeners };
}

const event = (g: ReturnType<typeof genesis>, index: number): AppendedEvent => ({
  index,
  bytes: g.bytes,
  statement: parseStatement(g.bytes).statement,
  object: g.obj,
});

describe("liveObjectIndex", () => {
  it("loads the stored avatars once and keeps the index current from the feed", async () => {
    const stored = genesis(new Actor(), { name: "Stored" });
    const index = (await fx.ledger.append(stored.bytes)).index;
    const { feed, emit, listeners } = manualFeed();
    const load = liveObjectIndex({ store: fx.ledger.log.store, feed, prefix: DEFAULT_AVATAR_PREFIX });
    const ix = await load();
    expect(ix.get(stored.id)?.genesis).toBe(index);
    const later = genesis(new Actor(), { name: "Later" });
    emit(event(later, index + 1));
    expect((await load()).get(later.id)?.name).toBe("Later");
    expect(await load()).toBe(ix);
    expect(listeners.size).toBe(1);
  });

  it("applies what the feed delivers while the index is loading (an avatar created then is not missed)", async () => {
    const { feed, emit } = manualFeed();
    const load = liveObjectIndex({ store: fx.ledger.log.store, feed, prefix: DEFAULT_AVATAR_PREFIX });
    const loading = load(); // subscribes at once; the store read is still pending
    const during = genesis(new Actor(), { name: "During the load" });
    emit(event(during, 1_000));
    expect((await loading).get(during.id)?.genesis).toBe(1_000);
  });
});
