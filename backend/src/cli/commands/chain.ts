import { runChainCommand } from "@tet/contracts";
import type { Command } from "../../commandLine/index.js";

/**
 * `tet chain up|deploy`: a local Anvil chain with the TET contracts deployed (state persisted), or a
 * deployment to any EVM JSON-RPC endpoint. The work is the contracts package's client.
 */
export const chain: Command = {
  name: "chain",
  summary: "run a local chain with the contracts (up) or deploy them to an RPC endpoint (deploy)",
  usage:
    "chain up [--port N] [--state FILE] | chain deploy --rpc URL --key FILE [--out FILE] [--profile local|public] [--custodians A,B,C [--custodian-threshold M]] [--oracles A,B,C [--oracle-threshold M]] [--guardian A] [--infrastructure-fund A]",
  run: (args, io) => runChainCommand(args, { stdout: (s) => io.stdout(s), stderr: (s) => io.stderr(s) }),
};
