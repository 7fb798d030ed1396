// Test support for the agent and its users (`@tet/agent/test-support`, source only, never built):
// avatars and signed drafts, temp dirs, a Mosquitto child, TypeScript child processes, and the
// internals that cross-package tests and benchmarks drive directly.

export type { BridgeSensorDriver } from "../drivers/bridgeDriver.js";
export { DownHandler } from "../runtime/downHandler.js";
export { makeAvatar } from "./avatar.js";
export { isMultipleOf, placesOf } from "./decimals.js";
export { nextEvent } from "./events.js";
export { deviceSigner, OBJECT_ID, stateDraft, tempDir, usageDraft, verifyChain } from "./fixtures.js";
export { type Mosquitto, mosquittoAvailable, startMosquitto } from "./mosquitto.js";
export { mosquittoProcess } from "./mosquittoProcess.js";
export { cjsModulesLoaded, exited, onLines, runTsProbe, spawnTs } from "./spawnTs.js";
