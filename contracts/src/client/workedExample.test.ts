import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DevChain, startDevChain } from "../test-support/devChain.js";
import { expectReserveInvariants } from "../test-support/invariants.js";
import { renderExampleTable, runWorkedExample } from "../test-support/workedExample.js";

// The README's worked example is computed here on a real reserve, and the README must carry exactly
// these tables.
const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
const section = (name: string) => {
  const m = readme.match(new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`));
  return m?.[1] ?? `README has no ${name} section`;
};

let c: DevChain;
let base: `0x${string}`;
beforeAll(async () => {
  c = await startDevChain();
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

it("without a buffer policy (the whitepaper's numbers) the 10 % fall ends in an explicit deficit", async () => {
  const rows = await runWorkedExample(c, 0);
  await expectReserveInvariants(c.admin, c.d);
  expect(section("example-no-buffer")).toBe(renderExampleTable(rows));
  expect(rows.at(-1)?.shortfall).toBeGreaterThan(0n);
});

it("with the 2 % buffer policy the same fall is absorbed", async () => {
  await c.revert(base);
  const rows = await runWorkedExample(c, 200);
  await expectReserveInvariants(c.admin, c.d);
  expect(section("example-buffer")).toBe(renderExampleTable(rows));
  expect(rows.at(-1)?.shortfall).toBe(0n);
});
