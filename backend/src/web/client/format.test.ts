import { describe, expect, it } from "vitest";
import {
  decimalsOf,
  formatReading,
  formatTet,
  isHealthReading,
  readingLabel,
  seriesDecimals,
  unitLabel,
} from "./format.js";

describe("values as people read them", () => {
  it("reads a signed number's resolution from its digits, and float noise as noise", () => {
    expect(decimalsOf(7.25)).toBe(2);
    expect(decimalsOf(7400)).toBe(0);
    expect(decimalsOf(0.001)).toBe(3);
    expect(decimalsOf(1e-7)).toBe(6); // beyond 6 places: noise, capped
    expect(decimalsOf(28.400000000000002)).toBe(1); // the unrounded reading
    expect(decimalsOf(1000.0360000000001)).toBe(3);
    expect(seriesDecimals([7.2, 7.25, 7.3])).toBe(2);
  });

  it("formats at the resolution, with digit grouping and units as people write them", () => {
    expect(formatReading({ v: 28.400000000000002, u: "Cel" })).toEqual({ value: "28.4", unit: "°C" });
    expect(formatReading({ v: 1000.0360000000001, u: "kWh" })).toEqual({ value: "1,000.036", unit: "kWh" });
    expect(formatReading({ v: 7.2, u: "[pH]" }, 2)).toEqual({ value: "7.20", unit: "" });
    expect(formatReading({ v: true })).toEqual({ value: "yes", unit: "" });
    expect(formatReading({ v: "on" })).toEqual({ value: "on", unit: "" });
    expect(unitLabel("%RH")).toBe("% RH");
    expect(unitLabel("S/m")).toBe("S/m");
    expect(unitLabel("furlong")).toBe("furlong"); // unknown codes stay readable
  });

  it("names readings for people and keeps the agent's own apart", () => {
    expect(readingLabel("ph")).toBe("pH");
    expect(readingLabel("cpu_temperature")).toBe("CPU temperature");
    expect(readingLabel("free_chlorine")).toBe("Free chlorine");
    expect(isHealthReading("agent.outbox")).toBe(true);
    expect(isHealthReading("temperature")).toBe(false);
  });

  it("shows TET base units as TET", () => {
    expect(formatTet("350000000000000000")).toBe("0.35 TET");
    expect(formatTet("4305000000000000000")).toBe("4.305 TET");
    expect(formatTet("1234567000000000000000")).toBe("1,234.567 TET");
    expect(formatTet("4305000000000")).toBe("0.000004 TET");
    expect(formatTet("0")).toBe("0 TET");
  });
});
