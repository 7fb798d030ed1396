import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ChainClients, connect, type Deployment, startLocalChain } from "@tet/contracts";
import type { BackendConfig } from "./backendConfig.js";
import { ConfigError } from "./configError.js";
import { optionNames } from "./configFields.js";
import { redactUrl, StartupError } from "./startupError.js";

/** The first line of an error and of its causes, for a one-line start-up message. */
function firstLines(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e; c instanceof Error && parts.length < 3; c = c.cause)
    parts.push((c.message.split("\n").find((l) => l.trim()) ?? "").trim());
  return parts.filter(Boolean).join(": ");
}

/** The chain the backend anchors and settles on, however it was reached. */
export interface BackendChain {
  clients: ChainClients;
  deployment: Deployment;
  rpcUrl: string;
  /** The local Anvil's stop, or nothing for a remote endpoint. */
  stop(): Promise<void>;
}

/**
 * Reaches the configured chain: `anvil` starts the local chain in the data directory (deploying the
 * contracts once); `rpc` connects to any EVM JSON-RPC endpoint with the key in `chain_key` and the
 * addresses `tet chain deploy --out` wrote to `chain_deployment`; `off` has none. A chain that will
 * not start or answer is a one-line StartupError naming the option.
 */
export async function connectChain(config: BackendConfig): Promise<BackendChain | undefined> {
  if (config.chain === "off") return undefined;
  if (config.chain === "anvil") {
    const stateFile = join(config.dataDir, "chain", "anvil-state.json");
    const local = await startLocalChain({ stateFile }).catch((e: unknown) => {
      throw new StartupError(
        optionNames("chain"),
        `the local chain did not start (${firstLines(e)}): move ${stateFile} away to start a new chain, or run without one (--chain off)`,
        { cause: e },
      );
    });
    return { ...local, rpcUrl: local.anvil.rpcUrl };
  }
  const read = (file: string, key: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError(key, `cannot be read: ${(e as Error).message}`);
    }
  };
  const key = read(config.chainKey as string, "TET_CHAIN_KEY").trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new ConfigError("TET_CHAIN_KEY", "must name a file holding a 0x-hex key");
  let deployment: Deployment;
  try {
    deployment = JSON.parse(read(config.chainDeployment as string, "TET_CHAIN_DEPLOYMENT")) as Deployment;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("TET_CHAIN_DEPLOYMENT", "is not the JSON `tet chain deploy --out` writes");
  }
  const rpcUrl = config.chainRpc as string;
  const clients = await connect({ rpcUrl, privateKey: key as `0x${string}` }).catch((e: unknown) => {
    throw new StartupError(
      optionNames("chainRpc"),
      `the chain at ${redactUrl(rpcUrl)} does not answer (${firstLines(e)})`,
      {
        cause: e,
      },
    );
  });
  if (deployment.chainId !== clients.public.chain.id)
    throw new ConfigError(
      "TET_CHAIN_DEPLOYMENT",
      `is for chain ${deployment.chainId}, the endpoint is ${clients.public.chain.id}`,
    );
  return { clients, deployment, rpcUrl, stop: async () => {} };
}
