import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  type Hex,
  hexToBigInt,
  http,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  toHex,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainError, toChainError } from "../errors/index.js";

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
    wallet: createWalletClient({
      chain,
      transport: signerTransport(options.rpcUrl),
      account,
      pollingInterval: 50,
    }),
  };
}

/**
 * The signer's transport: gas estimates get a 25 % margin, because what a call costs can depend on the
 * block it lands in (a timestamp written in the same second as before costs less than a new one), so
 * an exact estimate made one block early can run out of gas when mined.
 */
function signerTransport(rpcUrl: string): Transport {
  const inner = http(rpcUrl, { retryCount: 0 });
  return (config) => {
    const t = inner(config);
    const more = (gas: Hex) => toHex((hexToBigInt(gas) * 5n) / 4n);
    const request = (async (args: { method: string; params?: unknown }) => {
      const r = await t.request(args as never);
      if (args.method === "eth_estimateGas") return more(r as Hex);
      // viem fills a transaction with eth_fillTransaction where the node has it (Anvil does).
      const filled = r as { tx?: { gas?: Hex } } | null;
      if (args.method === "eth_fillTransaction" && filled?.tx?.gas)
        return { ...filled, tx: { ...filled.tx, gas: more(filled.tx.gas) } };
      return r;
    }) as typeof t.request;
    return { ...t, request };
  };
}

/** Same chain, another signer: for tests and tools acting as several parties. */
export function withAccount(clients: ChainClients, privateKey: `0x${string}`): ChainClients {
  const wallet = createWalletClient({
    chain: clients.wallet.chain,
    transport: signerTransport(clients.rpcUrl),
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
  if (receipt.status !== "success") throw await whyReverted(clients, what, receipt);
  return receipt;
}

/**
 * A transaction that passed estimation can still revert when mined (the chain moved in between, e.g. a
 * rate went stale): replaying it as a call on the block it was mined in recovers the contract's error.
 */
async function whyReverted(
  clients: ChainClients,
  what: string,
  receipt: TransactionReceipt,
): Promise<ChainError> {
  const tx = await clients.public.getTransaction({ hash: receipt.transactionHash });
  try {
    await clients.public.call({
      account: tx.from,
      ...(tx.to ? { to: tx.to } : {}),
      data: tx.input,
      value: tx.value,
      blockNumber: receipt.blockNumber,
    });
  } catch (err) {
    const e = toChainError(err, what);
    if (e.code === "CONTRACT_REVERTED") return e;
  }
  return new ChainError(
    "TX_FAILED",
    `${what}: transaction reverted (gas used ${receipt.gasUsed} of ${tx.gas})`,
  );
}
