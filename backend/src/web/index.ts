// The web UI served by the backend: server-rendered HTML shells and one bundled browser script.
export { reservePage, walletPage } from "./economyPages.js";
export { esc, layout } from "./layout.js";
export { listPage, passportPage } from "./pages.js";
export { webRoutes } from "./webRoutes.js";
export { webScript } from "./webScript.js";
