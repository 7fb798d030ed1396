import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

/** The contracts that get an artifact, in deployment order. */
export const CONTRACT_NAMES = [
  "TETToken",
  "CustodianBoard",
  "RateOracle",
  "Reserve",
  "TETTimelock",
  "TETGovernor",
  "Settlement",
  "PaymentRouter",
  "Anchor",
  "TestStablecoin",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** What is committed per contract in `contracts/artifacts/NAME.json`. */
export interface Artifact {
  contractName: ContractName;
  sourceName: string;
  abi: unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  compiler: { version: string; settings: typeof SOLC_SETTINGS };
}

/**
 * The solc settings, pinned: OpenZeppelin 5 needs `cancun` (solc-js 0.8.30 would default to a later
 * EVM), and the optimizer keeps every contract under the EIP-170 size limit.
 */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
} as const;

const here = dirname(fileURLToPath(import.meta.url));
/** `contracts/src/sol`, where the Solidity sources live. */
export const SOURCE_DIR = join(here, "..", "sol");
const requireFromHere = createRequire(import.meta.url);

function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(requireFromHere.resolve(path), "utf8") };
  } catch {
    return { error: `not found: ${path}` };
  }
}

/**
 * Compiles every `src/sol/*.sol` with solc-js and the pinned settings, resolving `@openzeppelin/…`
 * imports from node_modules. Throws with solc's messages when there is any error. Slow (seconds):
 * it runs the compiler in WebAssembly, so only the compile script and the artifact test call it.
 */
export function compileContracts(): Artifact[] {
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(SOURCE_DIR).filter((f) => f.endsWith(".sol"))) {
    sources[`src/sol/${file}`] = { content: readFileSync(join(SOURCE_DIR, file), "utf8") };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      ...SOLC_SETTINGS,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  return CONTRACT_NAMES.map((name) => {
    const sourceName = `src/sol/${name}.sol`;
    const c = output.contracts?.[sourceName]?.[name];
    if (!c) throw new Error(`solc produced no output for ${name}`);
    return {
      contractName: name,
      sourceName,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      compiler: { version: solc.version(), settings: SOLC_SETTINGS },
    };
  });
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }
    >
  >;
}
