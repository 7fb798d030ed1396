// Regenerates the generated parts of the schemas package: the statement-kinds section of README.md
// and the versioned fixtures in fixtures/v1 (only those not yet written: saved bytes never change).
// Run: npm run docs -w schemas
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { signStatement } from "../src/statements/statement.js";
import { exampleList } from "../src/test-support/examples.js";
import { kindsDoc } from "../src/test-support/kindsDoc.js";

const readme = new URL("../README.md", import.meta.url);
const text = readFileSync(readme, "utf8");
const start = "<!-- kinds:start -->";
const end = "<!-- kinds:end -->";
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < i) throw new Error("README.md has no kinds markers");
writeFileSync(readme, `${text.slice(0, i + start.length)}\n${kindsDoc()}\n${text.slice(j)}`);

for (const [kind, statement, signer] of exampleList()) {
  const file = new URL(`../fixtures/v1/${kind}.cose`, import.meta.url);
  if (!existsSync(file)) writeFileSync(file, signStatement(statement, signer));
}
