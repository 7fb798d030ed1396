import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMultipleOf, placesOf } from "../test-support/index.js";
import { configuredResolutions, roundReadings, roundToStep } from "./resolution.js";

describe("roundToStep", () => {
  it("rounds 28.4 and 1000.036 to what a person reads (regression: issue 20)", () => {
    expect(Math.round(28.4 / 0.1) * 0.1).toBe(28.400000000000002); // the old roundTo
    expect(roundToStep(28.4, "0.1")).toBe(28.4);
    expect(String(roundToStep(28.43, "0.1"))).toBe("28.4");
    expect(Math.round(1000.0364 / 0.001) * 0.001).toBe(1000.0360000000001);
    expect(String(roundToStep(1000.0364, "0.001"))).toBe("1000.036");
    expect(String(roundToStep(0.30000000000000004, "0.1"))).toBe("0.3");
  });

  it("rounds halves away from zero, to steps of 10 and 0.5, and never to −0", () => {
    expect(roundToStep(2.5, "1")).toBe(3);
    expect(roundToStep(-2.5, "1")).toBe(-3);
    expect(roundToStep(1234, "10")).toBe(1230);
    expect(roundToStep(21.3, "0.5")).toBe(21.5);
    expect(Object.is(roundToStep(-0.04, "0.1"), 0)).toBe(true);
  });

  it("gives a multiple of the step whose decimal form has no more places than the step", () => {
    const step = fc.constantFrom("0.001", "0.01", "0.1", "1", "10", "0.5", "0.25", "0.005");
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), step, (v, s) => {
        const r = roundToStep(v, s);
        expect(placesOf(r)).toBeLessThanOrEqual((s.split(".")[1] ?? "").length);
        expect(isMultipleOf(r, s)).toBe(true);
        expect(Math.abs(r - v)).toBeLessThanOrEqual(Number(s) / 2 + Math.abs(v) * 1e-15);
        expect(roundToStep(r, s)).toBe(r);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses a step that is no positive decimal as CONFIG_INVALID", () => {
    for (const bad of ["0", "-1", "1e-3", "abc", ""])
      expect(() => roundToStep(1, bad)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => configuredResolutions(1e-7)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(configuredResolutions(0.1)).toEqual({ "*": { step: "0.1" } });
    expect(configuredResolutions(undefined)).toBeUndefined();
  });

  it("rounds the numbers it has a resolution for and leaves text, booleans and others alone", () => {
    const readings = { t: { v: 21.26, u: "Cel" }, on: { v: true }, id: { v: "x" }, n: { v: 2.71234 } };
    expect(roundReadings(readings, { t: { step: "0.1" } })).toEqual({
      ...readings,
      t: { v: 21.3, u: "Cel" },
    });
    expect(roundReadings(readings, { "*": { step: "0.01" } }).n).toEqual({ v: 2.71 });
    expect(roundReadings(readings, undefined)).toBe(readings);
  });
});
