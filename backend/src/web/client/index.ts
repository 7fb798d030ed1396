// The browser side of the web UI: bundled by esbuild (build:web), it may import only what runs in a
// browser. This index serves the server-side tests that check what the pages print.
export { formatTet } from "./format.js";
export { logKeyFingerprint } from "./logPin.js";
