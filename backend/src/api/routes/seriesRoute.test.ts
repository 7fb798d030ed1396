import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../createApi.js";
import { Actor, Device, genesis, openTestLedger } from "../fixture.js";
import type { SeriesItem } from "./seriesRoute.js";

const MIN = 60_000;
const T0 = Date.now() - 3 * 86_400_000;
const N = 3000; // one reading a minute for 50 hours
let fx: Awaited<ReturnType<typeof openTestLedger>>;
let app: ReturnType<typeof createApi>;
const a = new Device();
const b = new Device();
const ga = genesis(new Actor(), { devices: [a], ts: T0 - MIN });
const gb = genesis(new Actor(), { devices: [b], ts: T0 - MIN });

beforeAll(async () => {
  fx = await openTestLedger();
  await fx.ledger.append(ga.bytes);
  await fx.ledger.append(gb.bytes);
  const batch: Promise<unknown>[] = []; // appended in call order, committed in groups
  for (let i = 0; i < N; i++) {
    batch.push(fx.ledger.append(a.state(ga.obj, { t: { v: i, u: "Cel" } }, T0 + i * MIN)));
    if (i % 3 === 0) batch.push(fx.ledger.append(b.state(gb.obj, { t: { v: -i - 1 } }, T0 + i * MIN)));
  }
  await Promise.all(batch);
  app = createApi({ ledger: fx.ledger, rateLimit: false, web: false });
}, 120_000);
afterAll(() => fx?.close());

const series = async (q: string) => {
  const res = await app.request(`/v1/objects/${ga.id}/series?${q}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { sampled: boolean; items: SeriesItem[] };
};

describe("GET /v1/objects/{id}/series", () => {
  it("returns every state statement of an hour, in order, of this object only", async () => {
    const from = T0 + 600 * MIN;
    const r = await series(`from=${from}&to=${from + 60 * MIN}`);
    expect(r.sampled).toBe(false);
    expect(r.items.map((e) => e.readings.t?.v)).toEqual(Array.from({ length: 60 }, (_, i) => 600 + i));
    expect(r.items[0]).toMatchObject({ seq: 601, ts: from, readings: { t: { v: 600, u: "Cel" } } });
  });

  it("samples a longer range evenly, each sample a real statement inside the range", async () => {
    const from = T0 + 100 * MIN;
    const to = T0 + 2500 * MIN;
    const r = await series(`from=${from}&to=${to}&points=100`);
    expect(r.sampled).toBe(true);
    expect(r.items.length).toBeGreaterThanOrEqual(95);
    expect(r.items.length).toBeLessThanOrEqual(100);
    const vs = r.items.map((e) => e.readings.t?.v as number);
    expect(vs[0]).toBe(100);
    expect(vs.every((v, i) => i === 0 || v > (vs[i - 1] as number))).toBe(true);
    expect(Math.max(...vs)).toBeLessThan(2500);
    for (const e of r.items) expect(e.ts).toBe(T0 + (e.readings.t?.v as number) * MIN); // its own time
    const gaps = vs.slice(1).map((v, i) => v - (vs[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30); // ≈ 24 apart: evenly spread, no hole
  });

  it("covers the whole history by default and answers an empty range with no items", async () => {
    const all = await series("points=50");
    expect(all.items[0]?.readings.t?.v).toBe(0);
    expect(all.items.at(-1)?.readings.t?.v).toBeGreaterThan(N - 100);
    expect((await series(`from=${T0 - 50 * MIN}&to=${T0 - 10 * MIN}`)).items).toEqual([]);
    expect((await series(`from=${T0 + N * MIN}`)).items).toEqual([]);
  });

  it("refuses a range that ends before it starts and too many points", async () => {
    for (const q of ["from=10&to=5", "points=2001", "points=0", "from=-1"]) {
      const res = await app.request(`/v1/objects/${ga.id}/series?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("BAD_QUERY");
    }
  });
});
