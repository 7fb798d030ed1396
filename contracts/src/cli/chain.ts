import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getAddress, isAddress } from "viem";
import { startLocalChain } from "../anvil/index.js";
import { connect, type DeployOptions, deploySystem } from "../client/index.js";
import { ChainError } from "../errors/index.js";

export interface ChainCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Ends `chain up` like SIGINT would (for in-process callers and tests). */
  signal?: AbortSignal;
}

const USAGE = `usage:
  tet chain up [--port N] [--state FILE]     start a local Anvil (state persisted), deploy once, print addresses
  tet chain deploy --rpc URL --key FILE [--out FILE] [--profile local|public]
      [--custodians ADDR,ADDR,… [--custodian-threshold M]] [--oracles ADDR,ADDR,… [--oracle-threshold M]]
      [--guardian ADDR] [--infrastructure-fund ADDR]
                                             deploy the system to any EVM JSON-RPC endpoint; a public
                                             deployment (any chain but 31337) needs ≥ 2-of-N custodians
                                             and oracles (default M: a majority)
`;

/**
 * `tet chain …`: `up` runs a persistent local chain with the system deployed and stays up until
 * SIGINT/SIGTERM (or `io.signal`); `deploy` deploys to any endpoint with a 0x-hex key file. Returns
 * the process exit code; prints the deployment as JSON on stdout.
 */
export async function runChainCommand(argv: string[], io: ChainCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === "up") return await chainUp(rest, io);
    if (sub === "deploy") return await chainDeploy(rest, io);
    io.stderr(USAGE);
    return 2;
  } catch (err) {
    const e = err instanceof ChainError ? err : new ChainError("CLI_USAGE", String(err), { cause: err });
    io.stderr(`tet chain ${sub ?? ""}: ${e.code}: ${e.message}\n`);
    return e.code === "CLI_USAGE" ? 2 : 1;
  }
}

async function chainUp(args: string[], io: ChainCommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: "string" }, state: { type: "string" } } });
  const stateFile = values.state ?? join("data", "chain", "anvil-state.json");
  const chain = await startLocalChain({ stateFile, ...(values.port ? { port: Number(values.port) } : {}) });
  try {
    const { anvil, deployment, deploymentFile } = chain;
    io.stdout(`${JSON.stringify({ rpcUrl: anvil.rpcUrl, stateFile, deploymentFile, ...deployment })}\n`);
    await waitForStop(io.signal);
  } finally {
    await chain.stop();
  }
  return 0;
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
    if (signal?.aborted) done();
    signal?.addEventListener("abort", done);
  });
}

async function chainDeploy(args: string[], io: ChainCommandIo): Promise<number> {
  const text = { type: "string" } as const;
  const { values } = parseArgs({
    args,
    options: {
      rpc: text,
      key: text,
      out: text,
      profile: text,
      custodians: text,
      "custodian-threshold": text,
      oracles: text,
      "oracle-threshold": text,
      guardian: text,
      "infrastructure-fund": text,
    },
  });
  if (!values.rpc || !values.key) throw new ChainError("CLI_USAGE", `--rpc and --key are required\n${USAGE}`);
  const key = readFileSync(values.key, "utf8").trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new ChainError("CLI_USAGE", `${values.key}: not a 0x-hex private key`);
  const clients = await connect({ rpcUrl: values.rpc, privateKey: key as `0x${string}` });
  const deployment = await deploySystem(clients, deployOptions(values));
  const json = `${JSON.stringify(deployment, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, json);
  io.stdout(json);
  return 0;
}

/** The deploy flags as `deploySystem` options; malformed addresses or numbers are usage errors. */
function deployOptions(v: Record<string, string | undefined>): DeployOptions {
  const o: DeployOptions = {};
  const addresses = (flag: string) =>
    (v[flag] ?? "").split(",").map((a) => {
      if (!isAddress(a.trim())) throw new ChainError("CLI_USAGE", `--${flag}: not an address: ${a}`);
      return getAddress(a.trim());
    });
  const count = (flag: string) => {
    const n = Number(v[flag]);
    if (!Number.isInteger(n) || n < 1) throw new ChainError("CLI_USAGE", `--${flag}: not a positive integer`);
    return n;
  };
  if (v.profile !== undefined) {
    if (v.profile !== "local" && v.profile !== "public")
      throw new ChainError("CLI_USAGE", "--profile: local or public");
    o.profile = v.profile;
  }
  if (v.custodians) o.custodians = addresses("custodians");
  if (v["custodian-threshold"]) o.custodianThreshold = count("custodian-threshold");
  if (v.oracles) o.oracles = addresses("oracles");
  if (v["oracle-threshold"]) o.oracleThreshold = count("oracle-threshold");
  if (v.guardian) o.guardian = addresses("guardian")[0]!;
  if (v["infrastructure-fund"]) o.infrastructureFund = addresses("infrastructure-fund")[0]!;
  return o;
}
