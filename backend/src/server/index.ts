// The composition: the whole backend from one configuration (`tet-backend serve`, `npm start`).
export { type BackendConfig, backendConfig, CONFIG_ENV } from "./backendConfig.js";
export { loadOrCreateKey, loadOrCreateToken } from "./secretFile.js";
export { serve } from "./serveCommand.js";
export { type RunningBackend, startBackend } from "./startBackend.js";
