import type { SensorConfig } from "../config/index.js";
import { AgentError } from "../errors.js";
import { meteredDesk } from "../metering/meteredDesk.js";
import { simulatedCharger } from "../metering/simulatedCharger.js";
import { bridgeDriverFromConfig } from "./bridgeDriver.js";
import { modbusDriverFromConfig } from "./bridgeModbus.js";
import { execDriver } from "./execDriver.js";
import { linuxHost } from "./linuxHost.js";
import type { SensorDriver } from "./sensorDriver.js";
import { simulatedClimate } from "./simulatedClimate.js";
import { simulatedDesk } from "./simulatedDesk.js";
import { simulatedEnergy } from "./simulatedEnergy.js";
import { simulatedWater } from "./simulatedWater.js";

/** A driver factory: the firmware bridge registers its own under a name with `registerDriver`. */
export type DriverFactory = (options: SensorConfig["options"]) => SensorDriver;

const seed = (o: SensorConfig["options"]) => (typeof o.seed === "number" ? o.seed : 1);
const factories = new Map<string, DriverFactory>([
  ["desk", (o) => simulatedDesk(seed(o))],
  ["climate", (o) => simulatedClimate(seed(o))],
  ["energy", (o) => simulatedEnergy(seed(o))],
  ["water", (o) => simulatedWater({ seed: seed(o) })],
  ["linux", () => linuxHost()],
  // The firmware bridge: a microcontroller's frames (push) and Modbus meters (poll).
  ["bridge", bridgeDriverFromConfig],
  ["modbus", modbusDriverFromConfig],
  // Metered drivers (billing): sessions started and stopped by start-session / stop-session commands.
  [
    "charger",
    (o) =>
      simulatedCharger({
        powerW: typeof o.power === "number" ? o.power : 7_400,
        tickMs: typeof o.tick === "number" ? o.tick * 1000 : 60_000,
      }).meter,
  ],
  ["metered-desk", () => meteredDesk({ clock: true }).meter],
  [
    "exec",
    (o) => {
      const command = o.command;
      if (!Array.isArray(command) || !command.every((c) => typeof c === "string"))
        throw new AgentError("CONFIG_INVALID", 'exec driver needs command = ["program", "arg", …]');
      return execDriver(command as string[], typeof o.timeout === "number" ? o.timeout * 1000 : 5000);
    },
  ],
]);

/** Adds a driver kind that `[[sensor]] driver = "name"` can select (e.g. the firmware bridge). */
export function registerDriver(name: string, factory: DriverFactory): void {
  factories.set(name, factory);
}

/** The driver a `[[sensor]]` table names; DRIVER_UNKNOWN for a name nobody registered. */
export function createDriver(config: SensorConfig): SensorDriver {
  const factory = factories.get(config.driver);
  if (!factory)
    throw new AgentError("DRIVER_UNKNOWN", `${config.driver} (known: ${[...factories.keys()].join(", ")})`);
  return factory(config.options);
}
