import { hourOf, prng } from "./prng.js";
import { readingsAt } from "./resolution.js";
import type { Sample, SensorDriver } from "./sensorDriver.js";

/** What the pool probe reports, and to what resolution (pH has no unit). */
export const WATER_RESOLUTIONS = {
  temperature: { unit: "Cel", step: "0.1" },
  ph: { step: "0.01" },
  chlorine: { unit: "ppm", step: "0.01" },
  turbidity: { unit: "NTU", step: "0.01" },
  conductivity: { unit: "S/m", step: "0.001" },
} as const;

/** The pool's operating point: what the dosing controller aims for and when bathers come. */
export interface WaterOptions {
  seed?: number;
  /** Free chlorine set point, mg/L (default 1.5; WHO/DIN 19643 band 0.3–3). */
  chlorineSetpoint?: number;
  /** pH set point (default 7.4). */
  phSetpoint?: number;
  /** Peak bathers in the pool (default 40). */
  maxBathers?: number;
}

/** Bathers in the pool by hour (UTC): open 08–20, busiest mid-afternoon, a small lunch-time dip. */
export function batherLoad(hour: number, max: number): number {
  if (hour < 8 || hour >= 20) return 0;
  const day = Math.sin(((hour - 8) / 12) * Math.PI); // 0 at opening and closing, 1 at 14:00
  const lunch = hour >= 12 && hour < 13 ? 0.8 : 1;
  return max * day * day * lunch;
}

/**
 * A simulated resort pool water-quality probe. Water temperature follows the sun (about 26.5 °C
 * before dawn, 28.5 °C around 16:00). Bathers consume free chlorine, cloud the water and shed
 * dissolved solids; sunlight photolyses chlorine; a dosing controller adds hypochlorite towards the
 * set point (which nudges pH up) and acid when pH drifts above its set point, and the filter clears
 * turbidity. Reported like a real multi-parameter probe: temperature 0.1 °C, pH 0.01, free chlorine
 * 0.01 mg/L (SenML `ppm`), turbidity 0.01 NTU, conductivity at 25 °C in S/m to 0.001 (10 µS/cm).
 */
export function simulatedWater(o: WaterOptions = {}): SensorDriver {
  const rand = prng(o.seed ?? 1);
  const setCl = o.chlorineSetpoint ?? 1.5;
  const setPh = o.phSetpoint ?? 7.4;
  const maxBathers = o.maxBathers ?? 40;
  let chlorine = setCl;
  let ph = setPh;
  let turbidity = 0.15;
  let conductivity = 0.12; // S/m = 1,200 µS/cm, a typical chlorinated pool
  let drift = 0;
  let lastRead: number | undefined;
  return {
    name: "water",
    resolutions: WATER_RESOLUTIONS,
    read(now): Sample {
      const dtH = lastRead === undefined ? 0 : Math.min(1, Math.max(0, now - lastRead) / 3_600_000);
      lastRead = now;
      const h = hourOf(now);
      const bathers = batherLoad(h, maxBathers) * (1 + 0.1 * rand.normal());
      const sun = Math.max(0, Math.sin(((h - 6) / 12) * Math.PI)); // 06–18
      drift = 0.95 * drift + 0.02 * rand.normal();
      const temperature = 27.5 + Math.sin(((h - 10) / 24) * 2 * Math.PI) + drift;
      // Chlorine: demand from bathers and UV, proportional dosing back towards the set point.
      const demand = (0.004 * Math.max(0, bathers) + 0.15 * sun + 0.02) * chlorine;
      const dose = Math.max(0, 0.8 * (setCl - chlorine));
      chlorine = Math.max(0, chlorine + (dose - demand) * dtH);
      ph += (0.05 * dose - 0.6 * Math.max(0, ph - setPh - 0.05) + 0.01 * rand.normal()) * dtH;
      turbidity += (0.01 * Math.max(0, bathers) - 0.5 * (turbidity - 0.1)) * dtH;
      conductivity += (0.00002 * Math.max(0, bathers) + 0.0002 * dose) * dtH;
      return {
        readings: readingsAt(WATER_RESOLUTIONS, {
          temperature,
          ph: ph + 0.01 * rand.normal(),
          chlorine: Math.max(0, chlorine + 0.02 * rand.normal()),
          turbidity: Math.max(0.02, turbidity + 0.01 * rand.normal()),
          conductivity,
        }),
      };
    },
  };
}
