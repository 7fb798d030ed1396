import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages export their TypeScript sources under the "@tet/source" condition, so tests run
// against src/ while the published entry points stay on compiled dist/.
export default defineConfig({
  resolve: { conditions: ["@tet/source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["@tet/source", ...defaultServerConditions] } },
  test: {
    include: ["*/src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
