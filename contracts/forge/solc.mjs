#!/usr/bin/env node
// Forge's compiler, from npm: answers like a native solc (`--version`, `--standard-json` on stdin)
// with the WebAssembly solc-js the project already compiles with, so `forge test` needs no download
// of a native compiler. Forge passes most sources' contents in the standard JSON; the rest (imports
// whose unit names solc derives itself) are read from disk relative to `--base-path`, as solc would.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const solc = createRequire(import.meta.url)("solc");
const args = process.argv.slice(2);
const at = args.indexOf("--base-path");
const base = at >= 0 ? args[at + 1] : process.cwd();
const findImport = (path) => {
  try {
    return { contents: readFileSync(resolve(base, path), "utf8") };
  } catch {
    return { error: `not found: ${path}` };
  }
};
if (args.includes("--version")) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
} else {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => {
    input += chunk;
  });
  process.stdin.on("end", () => process.stdout.write(solc.compile(input, { import: findImport })));
}
