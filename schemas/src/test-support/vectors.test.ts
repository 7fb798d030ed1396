import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rfc8032Ed25519, wycheproofEd25519 } from "./index.js";

const BACKEND = fileURLToPath(new URL("../../../backend/", import.meta.url));

/** Where a process started in backend/ resolves the entry, or the error code it gets instead. */
function resolveFromBackend(conditions: string[]): string {
  const source = `try { console.log(import.meta.resolve("@tet/schemas/test-support")); } catch (e) { console.log(e.code); }`;
  const args = [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", source];
  return execFileSync(process.execPath, args, { cwd: BACKEND, encoding: "utf8" }).trim();
}

describe("@tet/schemas/test-support", () => {
  it("loads the published Ed25519 vectors as bytes", () => {
    const wycheproof = wycheproofEd25519();
    expect(wycheproof).toHaveLength(151);
    expect(wycheproof.filter((t) => t.result === "valid").length).toBeGreaterThan(0);
    expect(wycheproof.every((t) => t.publicKey.length === 32)).toBe(true);
    const rfc8032 = rfc8032Ed25519();
    expect(rfc8032.map((t) => t.name)).toHaveLength(3);
    expect(rfc8032.every((t) => t.signature.length === 64 && t.secretKey.length === 32)).toBe(true);
  });

  it("resolves for tests (the @tet/source condition) and not for code running from dist/", () => {
    expect(resolveFromBackend(["@tet/source"])).toMatch(/schemas\/src\/test-support\/index\.ts$/);
    expect(resolveFromBackend([])).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });
});
