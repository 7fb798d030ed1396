import { type Address, encodeFunctionData, type Hex, maxUint256, zeroAddress } from "viem";
import { reserveAbi, tETTimelockAbi } from "../../generated/artifacts.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";

/** A fund listed when the system is deployed, besides the peg (the arguments of `Reserve.listFund`). */
export interface InitialFund {
  /** ISO 4217 code, or an ERC-20's address for a fund held in custody. */
  currency: string;
  decimals: number;
  /** Its first rate: peg units per one unit of the currency, 1e18-scaled. */
  quote: bigint;
  minRate: bigint;
  maxRate: bigint;
  bufferBps?: number;
  mintCap?: bigint;
}

/**
 * Lists the initial funds through the timelock itself, so that nothing but governance ever lists a
 * fund: the timelock is deployed with no delay and the deployer as its admin; the deployer takes the
 * proposer role for one batch — every `listFund`, then `updateDelay` to the profile's delay — which
 * the timelock executes at once, and gives the role back. What is left is the state a deployment
 * without initial funds has (the deployer's admin role is renounced after this by `deploySystem`), and
 * the listing is on chain for anyone to read as the timelock's `CallExecuted` events.
 */
export async function listInitialFunds(
  clients: ChainClients,
  d: { timelock: Address; reserve: Address },
  funds: readonly InitialFund[],
  delaySeconds: number,
): Promise<void> {
  const me = clients.wallet.account.address;
  const proposer = (await clients.public.readContract({
    address: d.timelock,
    abi: tETTimelockAbi,
    functionName: "PROPOSER_ROLE",
  })) as Hex;
  const role = (functionName: "grantRole" | "revokeRole") =>
    transact(clients, `${functionName} proposer (initial funds)`, () =>
      clients.wallet.writeContract({
        address: d.timelock,
        abi: tETTimelockAbi,
        functionName,
        args: [proposer, me],
      }),
    );
  const calls = funds.map((f) => ({
    target: d.reserve,
    data: encodeFunctionData({
      abi: reserveAbi,
      functionName: "listFund",
      args: [
        currencyId(f.currency),
        {
          decimals: f.decimals,
          quote: f.quote,
          minRate: f.minRate,
          maxRate: f.maxRate,
          token: /^0x[0-9a-fA-F]{40}$/.test(f.currency) ? (f.currency as Address) : zeroAddress,
          bufferBps: f.bufferBps ?? 0,
          mintCap: f.mintCap ?? maxUint256,
        },
      ],
    }),
  }));
  calls.push({
    target: d.timelock,
    data: encodeFunctionData({
      abi: tETTimelockAbi,
      functionName: "updateDelay",
      args: [BigInt(delaySeconds)],
    }),
  });
  const batch = [calls.map((c) => c.target), calls.map(() => 0n), calls.map((c) => c.data)] as const;
  const salt = `0x${"0".repeat(63)}1` as Hex;
  const zero = `0x${"0".repeat(64)}` as Hex;
  await role("grantRole");
  await transact(clients, "schedule initial funds", () =>
    clients.wallet.writeContract({
      address: d.timelock,
      abi: tETTimelockAbi,
      functionName: "scheduleBatch",
      args: [...batch, zero, salt, 0n],
    }),
  );
  await transact(clients, "list initial funds", () =>
    clients.wallet.writeContract({
      address: d.timelock,
      abi: tETTimelockAbi,
      functionName: "executeBatch",
      args: [...batch, zero, salt],
    }),
  );
  await role("revokeRole");
}
