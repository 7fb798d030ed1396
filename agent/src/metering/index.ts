// Usage metering: sessions (from occupancy or explicit commands) and meter readings as usage reports.
export { type MeteredDesk, meteredDesk } from "./meteredDesk.js";
export { registerMeteringCommands } from "./meteringCommands.js";
export { registerMeteringDrivers } from "./meteringDrivers.js";
export { type ActiveSession, type MeterContext, SessionMeter } from "./sessionMeter.js";
export { type SimulatedCharger, simulatedCharger } from "./simulatedCharger.js";
