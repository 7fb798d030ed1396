// The viem client for the TET contracts, as the package's other folders (anvil, cli, test-support) use it;
// the package entry (../index.ts) names the public API.
export { type ChainClients, connect, transact, withAccount } from "./ChainClients.js";
export { currencyId } from "./currencyId.js";
export { deposit } from "./custodians.js";
export type { Deployment } from "./Deployment.js";
export { PROFILES } from "./deployProfiles.js";
export { CODE_VERSION, type DeployOptions, deploySystem } from "./deploySystem.js";
export { type InitialFund, listInitialFunds } from "./listInitialFunds.js";
export { readLot, readLotsOf } from "./lots.js";
export { setRate } from "./oracle.js";
export { listFund, type ReserveView, readReserve } from "./reserve.js";
