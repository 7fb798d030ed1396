import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainError, toChainError } from "../errors/ChainError.js";

/** A reader and a signer on one chain; every client function takes this pair. */
export interface ChainClients {
  rpcUrl: string;
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, Account>;
}

/**
 * Connects to any EVM JSON-RPC endpoint with a private key, asking the node for its chain id so the
 * same code runs on Anvil, Besu, Geth or an L2.
 */
export async function connect(options: { rpcUrl: string; privateKey: `0x${string}` }): Promise<ChainClients> {
  const transport = http(options.rpcUrl, { retryCount: 0 });
  const probe = createPublicClient({ transport });
  let id: number;
  try {
    id = await probe.getChainId();
  } catch (cause) {
    throw new ChainError("TX_FAILED", `no JSON-RPC answer from ${options.rpcUrl}`, { cause });
  }
  const chain = defineChain({
    id,
    name: `chain ${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const account = privateKeyToAccount(options.privateKey);
  return {
    rpcUrl: options.rpcUrl,
    public: createPublicClient({ chain, transport, pollingInterval: 50 }),
    wallet: createWalletClient({ chain, transport, account, pollingInterval: 50 }),
  };
}

/** Same chain, another signer: for tests and tools acting as several parties. */
export function withAccount(clients: ChainClients, privateKey: `0x${string}`): ChainClients {
  const wallet = createWalletClient({
    chain: clients.wallet.chain,
    transport: http(clients.rpcUrl, { retryCount: 0 }),
    account: privateKeyToAccount(privateKey),
    pollingInterval: 50,
  });
  return { rpcUrl: clients.rpcUrl, public: clients.public, wallet };
}

/**
 * Sends a transaction built by `send` and waits for its receipt; a revert (at estimation or mined)
 * becomes a ChainError with the contract's custom error name.
 */
export async function transact(
  clients: ChainClients,
  what: string,
  send: () => Promise<Hash>,
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt;
  try {
    const hash = await send();
    receipt = await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  } catch (err) {
    throw toChainError(err, what);
  }
  if (receipt.status !== "success") throw new ChainError("TX_FAILED", `${what}: transaction reverted`);
  return receipt;
}
