import { describe, expect, it } from "vitest";
import { downsample } from "./chart.js";
import { niceTicks, timeTicks } from "./ticks.js";

describe("chart axes", () => {
  it("puts value ticks at 1-2-5 steps with the decimals the step needs", () => {
    expect(niceTicks(0, 100)).toEqual({ lo: 0, hi: 100, values: [0, 50, 100], decimals: 0 });
    const t = niceTicks(1000.02, 1000.05);
    expect(t.decimals).toBe(2);
    expect(t.values[0]).toBeLessThanOrEqual(1000.02);
    expect(t.values[t.values.length - 1]).toBeGreaterThanOrEqual(1000.05);
    expect(new Set(t.values.map((v) => v.toFixed(2))).size).toBe(t.values.length); // never "1000" twice
    expect(niceTicks(7.1, 7.6).values).toEqual([7, 7.2, 7.4, 7.6]);
    expect(niceTicks(0, 9000).values).toEqual([0, 5000, 10000]);
  });

  it("gives a flat series a range of its resolution", () => {
    const t = niceTicks(1000.036, 1000.036, { resolution: 0.001 });
    expect(t.lo).toBeLessThan(1000.036);
    expect(t.hi).toBeGreaterThan(1000.036);
    expect(t.decimals).toBe(3);
  });

  it("marks time at clock steps: times of day within two days, dates beyond", () => {
    const t0 = Date.UTC(2026, 11, 3, 10, 7);
    const hour = timeTicks(t0, t0 + 3_600_000, { timeZoneOffsetMin: 0 });
    expect(hour.values.every((t) => t % (15 * 60_000) === 0)).toBe(true);
    expect(hour.labels[0]).toBe("10:15");
    const week = timeTicks(t0, t0 + 7 * 86_400_000, { timeZoneOffsetMin: 0 });
    expect(week.labels[0]).toBe("5 Dec");
    expect(week.values.length).toBeLessThanOrEqual(5);
  });

  it("draws at most two points per pixel column and keeps the extremes", () => {
    const pts: [number, number][] = Array.from({ length: 100_000 }, (_, i) => [i, i === 54_321 ? 99 : 1]);
    const d = downsample(pts, 0, 100_000, 500);
    expect(d.length).toBeLessThanOrEqual(1000);
    expect(d.some((p) => p[1] === 99)).toBe(true);
  });
});
