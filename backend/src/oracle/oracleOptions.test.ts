import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { optionsTable } from "../server/index.js";
import { ORACLE_OPTIONS } from "./oracleOptions.js";

it("the backend README's oracle table is exactly ORACLE_OPTIONS", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const block = /<!-- oracle-options:start -->\n([\s\S]*?)<!-- oracle-options:end -->/.exec(readme)?.[1];
  expect(block).toBe(optionsTable(ORACLE_OPTIONS));
});
