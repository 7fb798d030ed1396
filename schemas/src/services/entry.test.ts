import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** How many of npm semver's modules a fresh process has loaded after each import, in order. */
function semverLoadedAfter(entries: string[]): number[] {
  const source = `
    import { createRequire } from "node:module";
    const seen = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\\/semver\\//.test(k)).length;
    const counts = [];
    for (const entry of ${JSON.stringify(entries)}) { await import(entry); counts.push(seen()); }
    console.log(JSON.stringify(counts));`;
  const out = execFileSync(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "--input-type=module", "-e", source],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  return JSON.parse(out) as number[];
}

describe("@tet/schemas/services is its own entry", () => {
  it("keeps npm semver out of what the agent imports (@tet/schemas and @tet/schemas/device)", () => {
    const [device, main, services] = semverLoadedAfter([
      "@tet/schemas/device",
      "@tet/schemas",
      "@tet/schemas/services",
    ]);
    expect(device).toBe(0);
    expect(main).toBe(0);
    expect(services).toBeGreaterThan(0); // the probe sees semver once it is loaded
  });
});
