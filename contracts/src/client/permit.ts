import type { Account, Address, Hex } from "viem";
import { tETTokenAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import type { ChainClients } from "./ChainClients.js";

/** EIP-2612 `Permit`, as TETToken and every ERC20Permit token define it. */
export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/**
 * Signs an EIP-2612 permit by `account` letting `spender` take `value` of `token` (TET or any token
 * with permits, e.g. a stablecoin fund's), reading the token's name and the owner's nonce from chain.
 */
export async function signPermit(
  clients: Pick<ChainClients, "public">,
  account: Account,
  args: { token: Address; spender: Address; value: bigint; deadline: bigint },
): Promise<Hex> {
  if (!account.signTypedData) throw new ChainError("INVALID_INPUT", "account cannot sign typed data");
  const read = { address: args.token, abi: tETTokenAbi } as const;
  const [name, nonce] = await Promise.all([
    clients.public.readContract({ ...read, functionName: "name" }),
    clients.public.readContract({ ...read, functionName: "nonces", args: [account.address] }),
  ]);
  return account.signTypedData({
    domain: { name, version: "1", chainId: clients.public.chain.id, verifyingContract: args.token }, // EIP-2612
    types: permitTypes,
    primaryType: "Permit",
    message: {
      owner: account.address,
      spender: args.spender,
      value: args.value,
      nonce,
      deadline: args.deadline,
    },
  });
}
