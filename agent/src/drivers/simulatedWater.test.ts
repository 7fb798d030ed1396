import { describe, expect, it } from "vitest";
import type { Sample } from "./sensorDriver.js";
import { batherLoad, simulatedWater } from "./simulatedWater.js";

const DAY = Date.UTC(2026, 6, 6, 0, 0);
const minutes = (n: number) => n * 60_000;

/** Two simulated days at one reading a minute; the second day's readings by hour. */
function secondDay(seed: number) {
  const d = simulatedWater({ seed });
  const byHour = new Map<number, Record<string, number>[]>();
  for (let i = 0; i < 2 * 24 * 60; i++) {
    const r = (d.read!(DAY + minutes(i)) as Sample).readings!;
    if (i < 24 * 60) continue;
    const h = Math.floor((i % (24 * 60)) / 60);
    const values = Object.fromEntries(Object.entries(r).map(([k, x]) => [k, x.v as number]));
    byHour.set(h, [...(byHour.get(h) ?? []), values]);
  }
  const mean = (h: number, k: string) => {
    const xs = byHour.get(h) ?? [];
    return xs.reduce((a, x) => a + (x[k] ?? 0), 0) / xs.length;
  };
  return { byHour, mean };
}

describe("simulated pool water-quality probe", () => {
  it("stays in a chlorinated pool's ranges, with SenML units", () => {
    const d = simulatedWater({ seed: 4 });
    for (let i = 0; i < 3 * 24 * 60; i += 3) {
      const r = (d.read!(DAY + minutes(i)) as Sample).readings!;
      expect(r.temperature).toMatchObject({ u: "Cel" });
      expect(r.temperature!.v as number).toBeGreaterThan(25);
      expect(r.temperature!.v as number).toBeLessThan(30);
      expect(r.ph!.v as number).toBeGreaterThan(7);
      expect(r.ph!.v as number).toBeLessThan(7.8);
      expect(r.chlorine!.v as number).toBeGreaterThan(0.3);
      expect(r.chlorine!.v as number).toBeLessThan(3);
      expect(r.turbidity!.v as number).toBeLessThan(1);
      expect(r.conductivity!.v as number).toBeGreaterThan(0.1);
      expect(r.conductivity!.v as number).toBeLessThan(0.2);
    }
  });

  it("bathers in the afternoon consume chlorine and cloud the water; the night recovers", () => {
    const { mean } = secondDay(9);
    expect(mean(15, "chlorine")).toBeLessThan(mean(5, "chlorine") - 0.05);
    expect(mean(16, "turbidity")).toBeGreaterThan(mean(5, "turbidity") + 0.05);
    expect(mean(16, "temperature")).toBeGreaterThan(mean(4, "temperature") + 1);
    expect(batherLoad(3, 40)).toBe(0);
    expect(batherLoad(14, 40)).toBeCloseTo(40, 5);
  });

  it("is reproducible from its seed, and differs between seeds", () => {
    const run = (seed: number) => {
      const d = simulatedWater({ seed });
      return Array.from({ length: 40 }, (_, i) => d.read!(DAY + minutes(10 * i)));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});
