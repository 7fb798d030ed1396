import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, expect, it } from "vitest";
import * as generated from "../../generated/artifacts.js";
import { type Artifact, CONTRACT_NAMES, compileContracts } from "./compileContracts.js";
import { renderArtifactsModule } from "./renderArtifactsModule.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let fresh: Artifact[];
beforeAll(() => {
  fresh = compileContracts();
}, 120_000);

it("a fresh solc-js compile (cancun, optimizer) matches every committed artifact", () => {
  for (const a of fresh) {
    const committed = JSON.parse(
      readFileSync(join(root, "artifacts", `${a.contractName}.json`), "utf8"),
    ) as Artifact;
    expect(committed.compiler, a.contractName).toEqual(a.compiler);
    expect(committed.abi, a.contractName).toEqual(a.abi);
    expect(committed.bytecode, `${a.contractName} bytecode`).toBe(a.bytecode);
    expect(committed.deployedBytecode, `${a.contractName} deployed bytecode`).toBe(a.deployedBytecode);
  }
  expect(fresh.map((a) => a.compiler.settings.evmVersion)).toEqual(CONTRACT_NAMES.map(() => "cancun"));
});

it("the generated TypeScript module carries the same ABIs and bytecodes, as the generator writes it", () => {
  const g: Record<string, unknown> = { ...generated };
  for (const a of fresh) {
    const key = a.contractName.charAt(0).toLowerCase() + a.contractName.slice(1);
    expect(g[`${key}Abi`], a.contractName).toEqual(a.abi);
    expect(g[`${key}Bytecode`], a.contractName).toBe(a.bytecode);
  }
  expect(readFileSync(join(root, "generated", "artifacts.ts"), "utf8")).toBe(renderArtifactsModule(fresh));
});

it("every contract fits the EIP-170 code size limit", () => {
  for (const a of fresh)
    expect((a.deployedBytecode.length - 2) / 2, a.contractName).toBeLessThanOrEqual(24_576);
});

it("the package entry never reaches solc (the backend imports it)", () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/from\s+"([^"]+)"/g)) {
      const spec = m[1]!;
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^solc|compile\//);
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    }
  };
  visit(join(root, "src", "index.ts"));
  expect(seen.size).toBeGreaterThan(5);
});
