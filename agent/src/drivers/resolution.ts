import { AgentError } from "../errors.js";
import type { Readings, ReadingValue } from "./sensorDriver.js";

/** A reading's declared resolution: its SenML unit and the step it is reported in. */
export interface Resolution {
  readonly unit?: string;
  /** The step as a decimal numeral: "0.1", "0.001", "1", "10", "0.5". */
  readonly step: string;
}

/** Resolutions by reading name; `*` stands for every numeric reading not named (a configured sensor). */
export type Resolutions = Readonly<Record<string, Resolution>>;

const STEP = /^(\d+)(?:\.(\d+))?$/;
// Every decimal of up to 15 significant digits survives a round trip through a double exactly.
const MAX_UNITS = 1e15;

/**
 * Rounds `v` to the nearest multiple of `step` (halves away from zero), counted in the step's own
 * decimal digits rather than by multiplying floats: the result is the double whose shortest decimal
 * form (`String(v)`, and what the page shows) has no more places than the step. So
 * `roundToStep(28.43, "0.1")` is 28.4, where `Math.round(v / 0.1) * 0.1` gives 28.400000000000002,
 * and `roundToStep(1000.0364, "0.001")` is 1000.036, not 1000.0360000000001. Negative zero becomes
 * 0 (the statement schema refuses −0). A value too large to carry the step's places is returned as it is.
 *
 * @example roundToStep(21.25, "0.5") // 21.5
 */
export function roundToStep(v: number, step: string): number {
  const { places, units } = parseStep(step);
  if (!Number.isFinite(v)) return v;
  const n = Math.round((Math.abs(v) * 10 ** places) / units) * units;
  if (n > MAX_UNITS) return v;
  return Math.sign(v) * Number(`${n}e-${places}`) || 0;
}

/** The decimal places of a step ("0.01" → 2, "10" → 0): at most what its readings show. */
export function stepPlaces(step: string): number {
  return parseStep(step).places;
}

/** Readings with every number rounded to its declared resolution (by name, else `*`); the rest as they are. */
export function roundReadings(readings: Readings, resolutions: Resolutions | undefined): Readings {
  if (!resolutions) return readings;
  const out: Readings = {};
  for (const [name, r] of Object.entries(readings)) {
    const res = resolutions[name] ?? resolutions["*"];
    out[name] = res && typeof r.v === "number" ? { ...r, v: roundToStep(r.v, res.step) } : r;
  }
  return out;
}

/**
 * Readings from raw sensor values, each rounded to its entry in `table` and carrying its unit: how
 * the simulated drivers report, so their declared resolutions are the only place a unit or a step is written.
 *
 * @example readingsAt(CLIMATE, { temperature: 21.2531 }) // { temperature: { v: 21.3, u: "Cel" } }
 */
export function readingsAt<K extends string>(
  table: Readonly<Record<K, Resolution>>,
  values: Readonly<Record<K, ReadingValue>>,
): Readings {
  const out: Readings = {};
  for (const name of Object.keys(values) as K[]) {
    const { unit, step } = table[name];
    const raw = values[name];
    const v = typeof raw === "number" ? roundToStep(raw, step) : raw;
    out[name] = unit === undefined ? { v } : { v, u: unit };
  }
  return out;
}

/**
 * The resolution a `[[sensor]]` table gives with `resolution = 0.1` (or "0.1"): the step of every
 * numeric reading of a sensor whose values come from outside (an exec script, a microcontroller).
 * CONFIG_INVALID for anything that is not a plain positive decimal.
 */
export function configuredResolutions(value: unknown): Resolutions | undefined {
  if (value === undefined) return undefined;
  const step = typeof value === "number" ? String(value) : value;
  if (typeof step !== "string" || !STEP.test(step) || Number(step) <= 0)
    throw new AgentError(
      "CONFIG_INVALID",
      `resolution must be a positive decimal such as 0.1, not ${String(value)}`,
    );
  return { "*": { step } };
}

function parseStep(step: string): { places: number; units: number } {
  const m = STEP.exec(step);
  const units = m ? Number(`${m[1]}${m[2] ?? ""}`) : 0;
  if (!m || units === 0)
    throw new AgentError("CONFIG_INVALID", `resolution ${JSON.stringify(step)} is no positive decimal`);
  return { places: m[2]?.length ?? 0, units };
}
