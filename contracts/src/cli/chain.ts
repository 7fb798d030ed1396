import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startLocalChain } from "../anvil/startLocalChain.js";
import { connect } from "../client/ChainClients.js";
import { deploySystem } from "../client/deploySystem.js";
import { ChainError } from "../errors/ChainError.js";

export interface ChainCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Ends `chain up` like SIGINT would (for in-process callers and tests). */
  signal?: AbortSignal;
}

const USAGE = `usage:
  tet chain up [--port N] [--state FILE]     start a local Anvil (state persisted), deploy once, print addresses
  tet chain deploy --rpc URL --key FILE [--out FILE]   deploy the system to any EVM JSON-RPC endpoint
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
  const { values } = parseArgs({
    args,
    options: { rpc: { type: "string" }, key: { type: "string" }, out: { type: "string" } },
  });
  if (!values.rpc || !values.key) throw new ChainError("CLI_USAGE", `--rpc and --key are required\n${USAGE}`);
  const key = readFileSync(values.key, "utf8").trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new ChainError("CLI_USAGE", `${values.key}: not a 0x-hex private key`);
  const clients = await connect({ rpcUrl: values.rpc, privateKey: key as `0x${string}` });
  const deployment = await deploySystem(clients);
  const json = `${JSON.stringify(deployment, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, json);
  io.stdout(json);
  return 0;
}
