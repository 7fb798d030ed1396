// Test support for the contracts and their users (`@tet/contracts/test-support`, source only, never
// built): a dev chain, a stablecoin, reserve helpers, the reserve invariants and the worked example.

export { DEV_KEYS, type DevChain, startDevChain } from "./devChain.js";
export { expectReserveInvariants } from "./invariants.js";
export { att, balanceOf, cents, fundView, reserveCall, tet } from "./kit.js";
export { deployStablecoin, fundStable, listStable, stableBalance } from "./stablecoin.js";
export { modelWorkedExample, renderExampleTable, runWorkedExample } from "./workedExample.js";
