// The composition: the whole backend from one configuration (`tet-backend serve`, `npm start`), or
// one ingest worker of an external broker.
export { type BackendConfig, backendConfig, loadBackendConfig } from "./backendConfig.js";
export { BACKEND_OPTIONS, CONFIG_FILE } from "./backendOptions.js";
export { ConfigError } from "./configError.js";
export { CONFIG_ENV } from "./configFields.js";
export { type BackendChain, connectChain } from "./connectChain.js";
export { invite } from "./inviteCommand.js";
export { listenHttp } from "./listenHttp.js";
export { listOption, loadServiceOptions, readEvmKey } from "./loadServiceOptions.js";
export { type OptionSpec, opt } from "./optionSpec.js";
export { optionsTable } from "./optionsTable.js";
export { parseFlatToml } from "./parseFlatToml.js";
export { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";
export { serve } from "./serveCommand.js";
export { SharedLedgerView } from "./sharedLedgerView.js";
export { type RunningBackend, startBackend } from "./startBackend.js";
export { StartupError } from "./startupError.js";
export { type RunningWorker, startWorker } from "./startWorker.js";
