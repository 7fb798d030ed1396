import { type Address, getAddress, maxUint256 } from "viem";
import { testStablecoinAbi, testStablecoinBytecode } from "../../generated/artifacts.js";
import type { Deployment } from "../client/index.js";
import { type ChainClients, listFund, transact } from "../client/index.js";

/** Deploys a test USD stablecoin (6 decimals, open faucet) and returns its address. */
export async function deployStablecoin(clients: ChainClients): Promise<Address> {
  const r = await transact(clients, "deploy TestStablecoin", () =>
    clients.wallet.deployContract({ abi: testStablecoinAbi, bytecode: testStablecoinBytecode, args: [] }),
  );
  return getAddress(r.contractAddress!);
}

/** Mints `amount` of the stablecoin to `to` and lets `spender` (default the reserve) spend all of `to`'s. */
export async function fundStable(
  clients: ChainClients,
  d: Pick<Deployment, "reserve">,
  args: { token: Address; amount: bigint; spender?: Address },
) {
  const me = clients.wallet.account.address;
  await transact(clients, "mint", () =>
    clients.wallet.writeContract({
      address: args.token,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [me, args.amount],
    }),
  );
  await transact(clients, "approve", () =>
    clients.wallet.writeContract({
      address: args.token,
      abi: testStablecoinAbi,
      functionName: "approve",
      args: [args.spender ?? d.reserve, maxUint256],
    }),
  );
}

/** Lists the stablecoin as an ERC-20 fund at `quote` peg units per dollar (governance = `clients`). */
export async function listStable(
  clients: ChainClients,
  d: Pick<Deployment, "reserve">,
  args: { token: Address; quote: bigint; bufferBps?: number; mintCap?: bigint },
) {
  await listFund(clients, d, {
    currency: args.token,
    decimals: 6,
    quote: args.quote,
    minRate: 1n,
    maxRate: args.quote * 100n,
    ...(args.bufferBps === undefined ? {} : { bufferBps: args.bufferBps }),
    ...(args.mintCap === undefined ? {} : { mintCap: args.mintCap }),
  });
}

/** The stablecoin balance of `who`. */
export function stableBalance(clients: Pick<ChainClients, "public">, token: Address, who: Address) {
  return clients.public.readContract({
    address: token,
    abi: testStablecoinAbi,
    functionName: "balanceOf",
    args: [who],
  });
}
