#!/usr/bin/env node
// The `tet-backend` command; its code is compiled to dist/ by `npm run build` (run by `npm ci`).
import "../dist/bin/tet-backend.js";
