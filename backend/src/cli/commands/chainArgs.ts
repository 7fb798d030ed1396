import { readFile } from "node:fs/promises";
import { type ChainClients, connect, type Deployment } from "@tet/contracts";
import type { Hex } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { UsageError } from "../../commandLine/index.js";

/** Reads a 0x-hex private key file; `--evm-key` of the payer, provider or custodian commands. */
export async function evmKeyText(path: string | undefined): Promise<Hex> {
  if (!path) throw new UsageError("--evm-key FILE (a 0x-hex private key) is required");
  const text = (
    await readFile(path, "utf8").catch((e) => {
      throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
    })
  ).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new UsageError(`${path} does not hold a 0x-hex private key`);
  return text as Hex;
}

/** The account of an `--evm-key` file (signs EIP-712 messages without a chain connection). */
export async function evmKey(path: string | undefined): Promise<PrivateKeyAccount> {
  return privateKeyToAccount(await evmKeyText(path));
}

/** The contracts' addresses from `--deployment` (the deployment.json `tet chain up|deploy` wrote). */
export async function deployment(path: string | undefined): Promise<Deployment> {
  if (!path) throw new UsageError("--deployment FILE (deployment.json from tet chain up|deploy) is required");
  try {
    return JSON.parse(await readFile(path, "utf8")) as Deployment;
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** A chain connection for `--rpc` with the `--evm-key` account, for commands that send transactions. */
export async function chainClients(options: Map<string, string>): Promise<ChainClients> {
  const rpc = options.get("rpc");
  if (!rpc) throw new UsageError("--rpc URL (the chain's JSON-RPC endpoint) is required");
  return connect({ rpcUrl: rpc, privateKey: await evmKeyText(options.get("evm-key")) });
}
