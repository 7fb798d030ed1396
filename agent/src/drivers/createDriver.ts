import type { SensorConfig } from "../config/index.js";
import { AgentError } from "../errors.js";
import { execDriver } from "./execDriver.js";
import { linuxHost } from "./linuxHost.js";
import { configuredResolutions } from "./resolution.js";
import type { SensorDriver } from "./sensorDriver.js";
import { simulatedClimate } from "./simulatedClimate.js";
import { simulatedDesk } from "./simulatedDesk.js";
import { simulatedEnergy } from "./simulatedEnergy.js";
import { simulatedWater } from "./simulatedWater.js";

/** A driver factory: metering (`registerMeteringDrivers`) and library users add theirs with `registerDriver`. */
export type DriverFactory = (options: SensorConfig["options"]) => SensorDriver;

const seed = (o: SensorConfig["options"]) => (typeof o.seed === "number" ? o.seed : 1);
const factories = new Map<string, DriverFactory>([
  ["desk", (o) => simulatedDesk(seed(o))],
  ["climate", (o) => simulatedClimate(seed(o))],
  ["energy", (o) => simulatedEnergy(seed(o))],
  ["water", (o) => simulatedWater({ seed: seed(o) })],
  ["linux", () => linuxHost()],
  [
    "exec",
    (o) => {
      const command = o.command;
      if (!Array.isArray(command) || !command.every((c) => typeof c === "string"))
        throw new AgentError("CONFIG_INVALID", 'exec driver needs command = ["program", "arg", …]');
      const timeoutMs = typeof o.timeout === "number" ? o.timeout * 1000 : 5000;
      return execDriver(command as string[], timeoutMs, configuredResolutions(o.resolution));
    },
  ],
]);

/**
 * Driver kinds whose code loads only when a configuration names them: the firmware bridge (a
 * microcontroller's frames, push; Modbus meters, poll) brings its transports, Modbus and the wire
 * contract's package entry, about 1 MB of resident memory that a device without one does not need.
 */
const onDemand = new Map<string, () => Promise<DriverFactory>>([
  ["bridge", async () => (await import("./bridgeDriver.js")).bridgeDriverFromConfig],
  ["modbus", async () => (await import("./bridgeModbus.js")).modbusDriverFromConfig],
]);

/**
 * Loads the code of the on-demand driver kinds among `names` (the firmware bridge), so that
 * `createDriver` can build them; `tet-agent run` calls it with its `[[sensor]]` tables. The package
 * entry (`@tet/agent`) loads them all, so library users need not.
 *
 * @example await loadDrivers(config.sensors.map((s) => s.driver));
 */
export async function loadDrivers(names: Iterable<string>): Promise<void> {
  for (const name of names) {
    const load = factories.has(name) ? undefined : onDemand.get(name);
    if (load) factories.set(name, await load());
  }
}

/** Adds a driver kind that `[[sensor]] driver = "name"` can select (e.g. the firmware bridge). */
export function registerDriver(name: string, factory: DriverFactory): void {
  factories.set(name, factory);
}

/** The driver a `[[sensor]]` table names; DRIVER_UNKNOWN for a name nobody registered. */
export function createDriver(config: SensorConfig): SensorDriver {
  const factory = factories.get(config.driver);
  if (!factory && onDemand.has(config.driver))
    throw new AgentError("DRIVER_UNKNOWN", `${config.driver} is not loaded (loadDrivers first)`);
  if (!factory) {
    const known = new Set([...factories.keys(), ...onDemand.keys()]);
    throw new AgentError("DRIVER_UNKNOWN", `${config.driver} (known: ${[...known].join(", ")})`);
  }
  return factory(config.options);
}
