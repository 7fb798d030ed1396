export { createDriver, type DriverFactory, registerDriver } from "./createDriver.js";
export { execDriver, parseReadings } from "./execDriver.js";
export { linuxHost } from "./linuxHost.js";
export { prng } from "./prng.js";
export { Sampler, type SamplerOptions } from "./sampler.js";
export type { Readings, ReadingValue, Sample, SensorDriver, UsageReport } from "./sensorDriver.js";
export { simulatedClimate } from "./simulatedClimate.js";
export { simulatedDesk } from "./simulatedDesk.js";
export { simulatedEnergy } from "./simulatedEnergy.js";
