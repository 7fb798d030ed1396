// Each package's test-support entry (`@tet/<pkg>/test-support`) is for tests only: it resolves under
// the "@tet/source" condition (vitest, tsx with --conditions) to the package's src/test-support/index.ts,
// and not at all for code running from dist/, so a build that imported it would fail.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const TEST_PACKAGE = fileURLToPath(new URL("../", import.meta.url)); // test/: depends on all five
const PACKAGES = ["schemas", "agent", "backend", "contracts", "firmware-bridge"];

/** Where a process started in test/ resolves `specifier`, or the error code it gets instead. */
function resolve(specifier: string, conditions: string[]): string {
  const source = `try { console.log(import.meta.resolve(${JSON.stringify(specifier)})); } catch (e) { console.log(e.code); }`;
  const args = [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", source];
  return execFileSync(process.execPath, args, { cwd: TEST_PACKAGE, encoding: "utf8" }).trim();
}

describe("test-support entries", () => {
  it.each(PACKAGES)("@tet/%s/test-support resolves for tests and not for code running from dist/", (pkg) => {
    expect(resolve(`@tet/${pkg}/test-support`, ["@tet/source"])).toMatch(
      new RegExp(`/${pkg}/src/test-support/index\\.ts$`),
    );
    expect(resolve(`@tet/${pkg}/test-support`, [])).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it.each(PACKAGES)("@tet/%s itself resolves to dist/ without the condition", (pkg) => {
    expect(resolve(`@tet/${pkg}`, [])).toMatch(new RegExp(`/${pkg}/dist/(src/)?index\\.js$`));
  });
});
