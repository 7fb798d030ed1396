export { createDriver, type DriverFactory, loadDrivers, registerDriver } from "./createDriver.js";
export { execDriver, parseReadings } from "./execDriver.js";
export { LINUX_RESOLUTIONS, linuxHost } from "./linuxHost.js";
export { prng } from "./prng.js";
export {
  configuredResolutions,
  type Resolution,
  type Resolutions,
  readingsAt,
  roundReadings,
  roundToStep,
  stepPlaces,
} from "./resolution.js";
export { Sampler, type SamplerOptions } from "./sampler.js";
export type { Readings, ReadingValue, Sample, SensorDriver, UsageReport } from "./sensorDriver.js";
export { CLIMATE_RESOLUTIONS, simulatedClimate } from "./simulatedClimate.js";
export { simulatedDesk } from "./simulatedDesk.js";
export { ENERGY_RESOLUTIONS, simulatedEnergy } from "./simulatedEnergy.js";
export { batherLoad, simulatedWater, WATER_RESOLUTIONS, type WaterOptions } from "./simulatedWater.js";
