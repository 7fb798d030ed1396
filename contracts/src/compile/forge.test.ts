import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The Solidity invariant and fuzz tests (contracts/forge/*.t.sol) run by Forge from npm, compiling with
// solc-js (forge/solc.mjs): every one must pass, and the suites must all be there.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const forge = join(
  dirname(createRequire(import.meta.url).resolve("@foundry-rs/forge/package.json")),
  "bin.mjs",
);

interface Result {
  status: string;
  reason: string | null;
  kind: { Invariant?: { calls: number }; Fuzz?: { runs: number }; Unit?: unknown };
}

it("forge: the reserve's invariants after random sequences, and the fee and lot fuzz tests", {
  timeout: 600_000,
}, () => {
  const r = spawnSync(process.execPath, [forge, "test", "--json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  expect(r.status, r.stderr).toBe(0);
  const suites = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as Record<
    string,
    { test_results: Record<string, Result> }
  >;
  const results = Object.values(suites).flatMap((s) => Object.entries(s.test_results));
  for (const [name, t] of results) expect(t.status, `${name}: ${t.reason}`).toBe("Success");
  const invariants = results.filter(([, t]) => t.kind.Invariant);
  expect(invariants.map(([n]) => n).sort()).toEqual([
    "invariant_circulatingBackedOutsideDeficit()",
    "invariant_custodyHoldsTheErc20Fund()",
    "invariant_everyTokenInOneLot()",
    "invariant_noParFlowWhileStale()",
    "invariant_supplyIsCirculatingPlusPools()",
  ]);
  for (const [name, t] of invariants) expect(t.kind.Invariant?.calls, name).toBeGreaterThanOrEqual(3_000);
  expect(results.filter(([, t]) => t.kind.Fuzz).length).toBe(2);
});
