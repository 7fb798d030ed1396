import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freshness } from "./freshness.js";
import { parseFeed } from "./parseFeed.js";
import { lowerMedian, planQuote } from "./planQuote.js";

const W = 10n ** 18n;
const rules = { maxRateAge: 3_600, maxMoveBps: 1_000n, movePeriod: 3_600, tetPerPeg: W };
const fund = { rate: 90n * W, rateUpdatedAt: 1_000, minRate: W, maxRate: 1_000n * W };

describe("parseFeed", () => {
  it("reads flat, `rates` and pathed feeds exactly, with their time, and inverted ones", () => {
    expect(parseFeed('{"USD": 90.5, "EUR": "98.10"}', ["USD", "EUR", "GBP"])).toEqual([
      { currency: "USD", quote: 905n * 10n ** 17n, observedAt: undefined },
      { currency: "EUR", quote: 981n * 10n ** 17n, observedAt: undefined },
    ]);
    expect(parseFeed('{"rates":{"USD":"0.1"},"timestamp":"2026-12-03T00:00:00Z"}', ["USD"])[0]).toEqual({
      currency: "USD",
      quote: W / 10n,
      observedAt: 1_796_256_000,
    });
    const inverted = parseFeed('{"data":{"fx":{"USD":"0.01"}},"t":1796256000000}', ["USD"], {
      path: "data.fx",
      invert: true,
      timePath: "t",
    });
    expect(inverted).toEqual([{ currency: "USD", quote: 100n * W, observedAt: 1_796_256_000 }]);
  });

  it("refuses what is not positive decimal rates (FEED_MALFORMED)", () => {
    for (const bad of [
      "[1]",
      '{"USD": -1}',
      '{"USD": "1e3"}',
      '{"USD": 0}',
      '{"USD": "9.0000000000000000001"}',
      "not json",
      '{"USD":1,"timestamp":true}',
    ])
      expect(() => parseFeed(bad, ["USD"]), bad).toThrow(expect.objectContaining({ code: "FEED_MALFORMED" }));
  });
});

describe("planQuote", () => {
  const plan = (quote: bigint, observedAt: number, skewSeconds = 0) =>
    planQuote({ fund, rules, quote, observedAt, now: observedAt, skewSeconds });

  it("passes a move within the step, clamps a larger one to it, refuses old, stale and out-of-bounds quotes", () => {
    expect(plan(92n * W, 1_000 + 3_600)).toMatchObject({ ok: true, quote: 92n * W, clamped: false });
    // 30 minutes after the last rate, 10 %/h allows 5 %: 90 → at most 94.5.
    expect(plan(120n * W, 1_000 + 1_800)).toMatchObject({
      ok: true,
      quote: 945n * 10n ** 17n,
      clamped: true,
    });
    expect(plan(60n * W, 1_000 + 1_800)).toMatchObject({ ok: true, quote: 855n * 10n ** 17n, clamped: true });
    expect(plan(91n * W, 1_000)).toMatchObject({ ok: false, code: "QUOTE_NOT_NEWER" });
    expect(
      planQuote({ fund, rules, quote: 91n * W, observedAt: 2_000, now: 2_000 + 3_601, skewSeconds: 0 }),
    ).toMatchObject({ ok: false, code: "QUOTE_TOO_OLD" });
    expect(plan(2_000n * W, 9_000)).toMatchObject({ ok: false, code: "RATE_OUT_OF_BOUNDS" });
  });

  it("clamping commutes with the median: the clamped quotes' median is within the step of their oldest time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: W, max: 999n * W }), fc.integer({ min: 0, max: 60 })), {
          minLength: 2,
          maxLength: 7,
        }),
        fc.integer({ min: 61, max: 7_200 }),
        (quotes, elapsed) => {
          const base = 1_000 + elapsed;
          const planned = quotes.map(([q, lag]) => ({ p: plan(q, base + lag, 60), at: base + lag }));
          const ok = planned.flatMap((x) => (x.p.ok ? [{ quote: x.p.quote, at: x.at }] : []));
          if (ok.length < 2) return;
          const m = lowerMedian(ok.map((x) => x.quote));
          const oldest = Math.min(...ok.map((x) => x.at));
          const step =
            (fund.rate * rules.maxMoveBps * BigInt(Math.min(oldest - fund.rateUpdatedAt, 3_600))) /
            (10_000n * 3_600n);
          expect(m >= fund.rate - step && m <= fund.rate + step).toBe(true); // Reserve.setRate accepts it
        },
      ),
    );
  });

  it("takes the lower middle of an even count, as RateOracle.post", () => {
    expect(lowerMedian([3n, 1n, 2n])).toBe(2n);
    expect(lowerMedian([104n, 100n])).toBe(100n);
  });
});

describe("freshness", () => {
  it("is fresh, then approaching staleness from the warning share, then stale past the limit", () => {
    const at = (now: number) =>
      freshness({ rateUpdatedAt: 0, now, maxRateAge: 3_600, warnPercent: 75 }).state;
    expect([at(0), at(2_699), at(2_700), at(3_600), at(3_601)]).toEqual([
      "fresh",
      "fresh",
      "warning",
      "warning",
      "stale",
    ]);
  });
});
