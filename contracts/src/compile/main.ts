// Compiles the Solidity sources and writes the committed artifacts: `contracts/artifacts/*.json` and
// `contracts/generated/artifacts.ts` (typed `as const` ABIs and bytecodes for viem). Run: npm run compile -w contracts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileContracts, SOURCE_DIR } from "./compileContracts.js";
import { renderArtifactsModule } from "./renderArtifactsModule.js";

const root = join(SOURCE_DIR, "..", "..");
const artifacts = compileContracts();
mkdirSync(join(root, "artifacts"), { recursive: true });
for (const a of artifacts) {
  writeFileSync(join(root, "artifacts", `${a.contractName}.json`), `${JSON.stringify(a, null, 2)}\n`);
  const size = (a.deployedBytecode.length - 2) / 2;
  process.stdout.write(
    `${a.contractName}: ${size} bytes deployed${size > 24_576 ? " (over EIP-170!)" : ""}\n`,
  );
}
const moduleFile = join(root, "generated", "artifacts.ts");
mkdirSync(join(root, "generated"), { recursive: true });
writeFileSync(moduleFile, renderArtifactsModule(artifacts));
