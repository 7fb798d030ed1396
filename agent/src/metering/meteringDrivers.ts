import { registerDriver } from "../drivers/index.js";
import { meteredDesk } from "./meteredDesk.js";
import { simulatedCharger } from "./simulatedCharger.js";

/**
 * Registers the metered driver kinds (billing) that `[[sensor]] driver = …` can name: `charger`, whose
 * sessions draw `power` W (default 7,400) every `tick` s (default 60), and `metered-desk`, billed by
 * the minute; both are started and stopped by the start-session / stop-session commands. Metering
 * builds on the drivers' registry, never the other way round: the composition roots (`tet-agent
 * run`, the package entry) call this once.
 */
export function registerMeteringDrivers(): void {
  registerDriver(
    "charger",
    (o) =>
      simulatedCharger({
        powerW: typeof o.power === "number" ? o.power : 7_400,
        tickMs: typeof o.tick === "number" ? o.tick * 1000 : 60_000,
      }).meter,
  );
  registerDriver("metered-desk", () => meteredDesk({ clock: true }).meter);
}
