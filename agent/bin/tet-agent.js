#!/usr/bin/env -S node --max-semi-space-size=1 --lite-mode --no-expose-wasm --no-node-snapshot
// The `tet-agent` command; its code is compiled to dist/ by `npm run build` (run by `npm ci`).
import "../dist/bin/tet-agent.js";
