import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type DevChain,
  expectReserveInvariants,
  modelWorkedExample,
  renderExampleTable,
  runWorkedExample,
  startDevChain,
} from "../test-support/index.js";

// The README's worked example: its tables are the independent model's numbers (reserveModel.ts, and
// the hand computation beside the tables); the live reserve must produce exactly those.
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

it("without a buffer (the whitepaper's numbers) the 10 % fall ends in an explicit deficit", async () => {
  const expected = modelWorkedExample(0);
  expect(section("example-no-buffer")).toBe(renderExampleTable(expected));
  const rows = await runWorkedExample(c, 0);
  await expectReserveInvariants(c.admin, c.d);
  expect(rows).toEqual(expected);
  expect(rows.at(-1)?.shortfall).toBeGreaterThan(0n);
});

it("with a 2 % FX-risk buffer on the USD fund the same fall is absorbed", async () => {
  await c.revert(base);
  const expected = modelWorkedExample(200);
  expect(section("example-buffer")).toBe(renderExampleTable(expected));
  const rows = await runWorkedExample(c, 200);
  await expectReserveInvariants(c.admin, c.d);
  expect(rows).toEqual(expected);
  expect(rows.at(-1)?.shortfall).toBe(0n);
});
