// The embedded chain: an Anvil child process, and a local chain with the TET system deployed.
export { type AnvilHandle, startAnvil } from "./startAnvil.js";
export { startLocalChain } from "./startLocalChain.js";
