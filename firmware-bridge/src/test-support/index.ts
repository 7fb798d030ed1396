// Test support for the firmware bridge and its users (`@tet/firmware-bridge/test-support`, source only,
// never built): the published frame vectors, arbitraries, a Modbus TCP server, a socat serial pair, a
// simulated microcontroller, and the C toolchain probe.

export { arbitraryMessage } from "./arbitraries.js";
export { startModbusServer } from "./modbusServer.js";
export { SimulatedMcu } from "./simulatedMcu.js";
export { socatPair } from "./socatPair.js";
export { buildC, toolsMissing } from "./tools.js";
export { cCommand, fromJson, loadVectors } from "./vectors.js";
