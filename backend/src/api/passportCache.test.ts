import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppendedEvent, AppendFeed } from "./appendFeed.js";
import { createApi } from "./createApi.js";
import { Actor, Device, genesis, openTestLedger } from "./fixture.js";
import { ObjectIndex } from "./objectIndex.js";
import type { Passport } from "./passport.js";
import { PassportCache } from "./passportCache.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
beforeAll(async () => {
  fx = await openTestLedger({ now: () => T + 3_600_000 });
});
afterAll(() => fx.close());

const T = 1_800_000_000_000;

describe("the passport route with its cache (passportCache: 100)", () => {
  const owner = new Actor();
  const buyer = new Actor();
  const issuer = new Actor();
  const device = new Device();
  const g = genesis(owner, { devices: [device], name: "Desk 9", ts: T });
  let clock = T + 100;
  let app: ReturnType<typeof createApi>;
  const passport = async () => {
    const res = await app.request(`/v1/objects/${g.id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Passport;
  };
  const post = async (bytes: Uint8Array) => {
    const res = await app.request("/v1/statements", {
      method: "POST",
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/cose" },
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    app = createApi({
      ledger: fx.ledger,
      rateLimit: false,
      web: false,
      now: () => clock,
      passportCache: 100,
    });
    await fx.ledger.append(g.bytes);
  });

  it("is never stale: owner statements over HTTP and device statements appended by the ledger show at once", async () => {
    expect((await passport()).documents).toEqual([]);
    await passport(); // now served from the cache
    const doc = {
      v: 1,
      t: "document",
      obj: g.obj,
      hash: new Uint8Array(32),
      mediaType: "text/plain",
    } as const;
    await post(owner.sign({ ...doc, ts: T + 1, uri: "https://x.example/a", title: "A" }));
    expect((await passport()).documents.map((d) => d.title)).toEqual(["A"]);
    await fx.ledger.append(device.state(g.obj, { power: { v: 7, u: "W" } }, T + 2)); // the MQTT ingest's path
    const p = await passport();
    expect(p.state).toMatchObject({ seq: 1, readings: { power: { v: 7, u: "W" } } });
    expect(p.counts).toMatchObject({ device: 1, statements: 3 });
    await post(await fx.chain(owner, { v: 1, t: "transfer", ts: T + 3, obj: g.obj, to: buyer.did }));
    expect((await passport()).owner).toBe(buyer.did);
  });

  it("computes warranty status at each request, so a cached passport still expires", async () => {
    const role = { action: "add", key: issuer.signer.publicKey, role: "issuer" } as const;
    await post(await fx.chain(buyer, { v: 1, t: "key", ts: T + 4, obj: g.obj, ...role }));
    await post(
      await fx.chain(issuer, {
        v: 1,
        t: "warranty",
        ts: T + 4,
        obj: g.obj,
        action: "issue",
        warranty: "W-1",
        issuer: issuer.did,
        until: T + 1_000,
        transferable: true,
      }),
    );
    expect((await passport()).warranties.map((w) => w.status)).toEqual(["active"]);
    clock = T + 2_000;
    expect((await passport()).warranties.map((w) => w.status)).toEqual(["expired"]);
  });
});

describe("PassportCache", () => {
  /** A feed the test drives by hand, standing in for the ledger's onAppended. */
  function manualFeed() {
    const listeners = new Set<(e: AppendedEvent) => void>();
    const feed: AppendFeed = (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    };
    const emit = (object?: Uint8Array) => {
      const e = { index: 0, bytes: new Uint8Array(), statement: {} } as AppendedEvent;
      for (const l of listeners) l(object ? { ...e, object } : e);
    };
    return { feed, emit };
  }
  const objects = [genesis(new Actor()), genesis(new Actor()), genesis(new Actor())];
  let index: ObjectIndex;
  const summary = (i: number) =>
    index.get(objects[i]?.id as string) as NonNullable<ReturnType<ObjectIndex["get"]>>;

  beforeAll(async () => {
    for (const o of objects) await fx.ledger.append(o.bytes);
    index = await ObjectIndex.load(fx.ledger.log.store);
  });

  it("serves a second read from memory and reads again after its object's append", async () => {
    const { feed, emit } = manualFeed();
    const cache = new PassportCache({ store: fx.ledger.log.store, feed, max: 10, logKey: fx.ledger.logKey });
    const first = await cache.read(summary(0));
    expect(first.statements.map((s) => s.parsed.statement.t)).toEqual(["genesis"]);
    expect(await cache.read(summary(0))).toBe(first);
    emit(objects[1]?.obj);
    expect(await cache.read(summary(0))).toBe(first);
    emit(objects[0]?.obj);
    expect(cache.size).toBe(0);
    expect(await cache.read(summary(0))).not.toBe(first);
  });

  it("does not keep a read that was in flight while a statement was appended", async () => {
    const { feed, emit } = manualFeed();
    const cache = new PassportCache({ store: fx.ledger.log.store, feed, max: 10, logKey: fx.ledger.logKey });
    const reading = cache.read(summary(0));
    emit(objects[0]?.obj);
    const stale = await reading;
    expect(cache.size).toBe(0);
    expect(await cache.read(summary(0))).not.toBe(stale);
  });

  it("keeps the most recently read passports, and empties on a statement without an object", async () => {
    const { feed, emit } = manualFeed();
    const cache = new PassportCache({ store: fx.ledger.log.store, feed, max: 2, logKey: fx.ledger.logKey });
    const a = await cache.read(summary(0));
    await cache.read(summary(1));
    expect(await cache.read(summary(0))).toBe(a); // 0 is now the most recent, 1 the oldest
    await cache.read(summary(2));
    expect(cache.size).toBe(2);
    expect(await cache.read(summary(0))).toBe(a);
    emit(undefined);
    expect(cache.size).toBe(0);
  });
});
