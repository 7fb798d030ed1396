// Test support for the backend and its users (`@tet/backend/test-support`, source only, never built):
// actors and a test ledger, an economy chain, a raw MQTT client, the `tet` CLI in process, and the
// internals that cross-package tests and benchmarks drive directly.

export { Actor, Device, genesis, openTestLedger } from "../api/fixture.js";
export { b64, openReadWorld } from "../api/readWorld.js";
export { RawMqtt } from "../broker/rawMqtt.js";
export { invoiceCommand } from "../cli/commands/invoice.js";
export { runTetInProcess } from "../cli/commands/runTetInProcess.js";
export type { CliIo } from "../commandLine/index.js";
export { CustodianStore, verifyJournal } from "../custodian/index.js";
export { DeviceCa } from "../deviceCa/index.js";
export { nodeId, STORED_MIN_LEVEL } from "../ledger/ledgerStore.js";
export { seriousViolations } from "../web/axeAudit.js";
export { formatTet } from "../web/client/format.js";
export {
  chromiumAvailable,
  launchTestBrowser,
  screenshot,
  sidewaysOverflow,
  type TestBrowser,
} from "./chromiumPage.js";
export {
  type CustodianRig,
  orderLines,
  queueRedemptions,
  type RigCustodian,
  startCustodianPair,
  startCustodianRig,
} from "./custodianRig.js";
export { DEV_KEYS, depositFor, type EconomyChain, startEconomyChain, wad } from "./economyChain.js";
export { type EconomyWeb, serveEconomyWeb } from "./economyWeb.js";
export { listTestStablecoin } from "./testStablecoin.js";
