import { hourOf, prng } from "./prng.js";
import { readingsAt } from "./resolution.js";
import type { Sample, SensorDriver } from "./sensorDriver.js";

/** What the climate sensor reports, and to what resolution. */
export const CLIMATE_RESOLUTIONS = {
  temperature: { unit: "Cel", step: "0.1" },
  humidity: { unit: "%RH", step: "1" },
} as const;

/**
 * A simulated room climate sensor: temperature follows a daily curve (about 20 °C at night, 22.5 °C
 * mid-afternoon) plus slowly wandering noise, reported at 0.1 °C; relative humidity moves against
 * it, reported at 1 %RH. SenML units `Cel` and `%RH`.
 */
export function simulatedClimate(seed = 1): SensorDriver {
  const rand = prng(seed);
  let drift = 0;
  return {
    name: "climate",
    resolutions: CLIMATE_RESOLUTIONS,
    read(now): Sample {
      drift = 0.98 * drift + 0.05 * rand.normal(); // AR(1): the room's own slow wander
      const day = Math.sin(((hourOf(now) - 9) / 24) * 2 * Math.PI);
      const temperature = 21.25 + 1.25 * day + drift;
      const humidity = 45 - 6 * day - 4 * drift + rand.normal() * 0.3;
      return {
        readings: readingsAt(CLIMATE_RESOLUTIONS, {
          temperature,
          humidity: Math.min(100, Math.max(0, humidity)),
        }),
      };
    },
  };
}
