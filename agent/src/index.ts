// @tet/agent: the device runtime and the tet-agent command.
import { loadDrivers } from "./drivers/index.js";
import { registerMeteringDrivers } from "./metering/index.js";

export * from "./authority/index.js";
export * from "./chain/index.js";
export * from "./cli/index.js";
export * from "./commands/index.js";
export * from "./config/index.js";
export * from "./drivers/index.js";
export * from "./errors.js";
export * from "./keys/index.js";
export * from "./link/index.js";
export * from "./metering/index.js";
export * from "./outbox/index.js";
export * from "./receipts/index.js";
export * from "./runtime/index.js";
export * from "./status/index.js";

// Library users get every driver kind ready for createDriver; `tet-agent run` (which does not import
// this entry) loads the firmware bridge only when its configuration names it.
registerMeteringDrivers();
await loadDrivers(["bridge", "modbus"]);
