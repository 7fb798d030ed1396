import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalCdf } from "./normalCdf.js";
import { deadlineChance } from "./pert.js";

/**
 * An independent Φ: Marsaglia's series Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …) (G. Marsaglia,
 * "Evaluating the Normal Distribution", Journal of Statistical Software 11(4), 2004, §1), which
 * converges for every x and is accurate in absolute terms to about 1e-15 where it is used here.
 */
function marsaglia(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; Math.abs(term) > 1e-18 * Math.abs(sum) && k < 500; k++) {
    term *= (x * x) / (2 * k + 1);
    sum += term;
  }
  return 0.5 + sum * Math.exp(-0.5 * x * x - 0.5 * Math.log(2 * Math.PI));
}

describe("normalCdf (Cody 1969)", () => {
  it("matches Abramowitz & Stegun, Handbook of Mathematical Functions (1964), Table 26.1, to its 15 decimals", () => {
    const table: [number, number][] = [
      [0, 0.5],
      [0.5, 0.691462461274013],
      [1, 0.841344746068543],
      [1.5, 0.933192798731142],
      [2, 0.977249868051821],
      [2.5, 0.993790334674224],
      [3, 0.99865010196837],
    ];
    for (const [x, p] of table) expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1e-15);
  });

  it("keeps a relative error below 1e-14 far into the lower tail (Φ(−x) = erfc(x/√2)/2; values of R 4 pnorm and scipy norm.cdf)", () => {
    const tail: [number, number][] = [
      [-3, 1.3498980316300946e-3],
      [-4, 3.1671241833119857e-5],
      [-5, 2.866515718791939e-7],
      [-6, 9.865876450376946e-10],
      [-7, 1.2798125438858348e-12],
      [-8, 6.220960574271784e-16],
      [-10, 7.619853024160527e-24],
      [-20, 2.7536241186062337e-89],
    ];
    for (const [x, p] of tail) expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-14);
  });

  it("agrees with Marsaglia's series within 1e-14 on [−8, 8]", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) - marsaglia(x))).toBeLessThan(1e-14);
      }),
      { numRuns: 2000 },
    );
  });

  it("is symmetric (Φ(x) + Φ(−x) = 1), non-decreasing, within [0, 1], and 0 / 1 beyond ±39", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, h) => {
          const p = normalCdf(x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(Math.abs(p + normalCdf(-x) - 1)).toBeLessThan(1e-15);
          expect(normalCdf(x + h)).toBeGreaterThanOrEqual(p);
        },
      ),
      { numRuns: 2000 },
    );
    expect(normalCdf(-39)).toBe(0);
    expect(normalCdf(39)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("deadlineChance", () => {
  it("is Φ((D − TE)/σ), one half at the expected duration, and certain (1 or 0) with no variance", () => {
    expect(deadlineChance({ expected: 44, variance: 9, deadline: 47 })).toEqual({
      z: 1,
      probability: normalCdf(1),
    });
    expect(deadlineChance({ expected: 10, variance: 4, deadline: 10 }).probability).toBe(0.5);
    expect(deadlineChance({ expected: 10, variance: 0, deadline: 10 }).probability).toBe(1);
    expect(deadlineChance({ expected: 10, variance: 0, deadline: 9.5 }).probability).toBe(0);
  });
});
