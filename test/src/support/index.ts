// Shared helpers of the cross-package tests: child processes, brokers, backends, network namespaces,
// and waiting for events instead of sleeping.

export { ackedUpTo, type OutboxStats, outboxStats, settled } from "./agentProgress.js";
export { avatar, holdings, isExactChain, logKey, seed } from "./avatar.js";
export { type BackendProcess, startBackendProcess } from "./backendProcess.js";
export { type BinProcess, serveReady, spawnBin } from "./binScript.js";
export { missing } from "./capability.js";
export { type Child, spawnTs } from "./child.js";
export { forgedDownScenario, publishDown } from "./forgedDown.js";
export { type Mosquitto, startMosquitto } from "./mosquitto.js";
export { createNetnsPair, type NetnsPair, removeStaleNamespaces } from "./netns.js";
export { publishStates } from "./publishStates.js";
export { rawRequest, rssBytes } from "./rawHttp.js";
export { withUnprotectedEntry } from "./replay.js";
export { type SecureMosquitto, startSecureMosquitto } from "./secureMosquitto.js";
export { type ServeChild, serveBackend } from "./tetBackendServe.js";
export { freePort, type ServiceChild, startService } from "./tetBackendService.js";
export { until } from "./until.js";
