import { hourOf, isWeekday, prng } from "./prng.js";
import { readingsAt } from "./resolution.js";
import type { Sample, SensorDriver } from "./sensorDriver.js";

/** What the energy meter reports, and to what resolution: power to 10 W, the register to 1 Wh. */
export const ENERGY_RESOLUTIONS = {
  power: { unit: "W", step: "10" },
  energy: { unit: "kWh", step: "0.001" },
} as const;

/**
 * A simulated energy meter for a small office: a base load of about 150 W, more during working
 * hours, and appliances switching on and off. Reports power (W, to 10 W) and the cumulative energy
 * register (kWh, to 1 Wh), which only ever grows, like a real meter.
 */
export function simulatedEnergy(seed = 1, startKwh = 1000): SensorDriver {
  const rand = prng(seed);
  let energy = startKwh;
  let appliances = 0;
  let lastRead: number | undefined;
  return {
    name: "energy",
    resolutions: ENERGY_RESOLUTIONS,
    read(now): Sample {
      const dtH = lastRead === undefined ? 0 : Math.max(0, now - lastRead) / 3_600_000;
      lastRead = now;
      const h = hourOf(now);
      const working = isWeekday(now) && h >= 8 && h < 19;
      // Appliances switch on and off while people work, and are switched off after hours.
      const step = working ? (rand.next() < 0.5 ? -1 : 1) : -1;
      if (rand.next() < 0.1) appliances = Math.max(0, Math.min(4, appliances + step));
      const power = Math.max(0, 150 + (working ? 600 : 0) + appliances * 250 + rand.normal() * 15);
      energy += (power / 1000) * dtH;
      return { readings: readingsAt(ENERGY_RESOLUTIONS, { power, energy }) };
    },
  };
}
