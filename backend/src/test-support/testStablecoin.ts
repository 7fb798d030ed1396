import { listFund, testStablecoinAbi, testStablecoinBytecode, transact } from "@tet/contracts";
import { type Address, getAddress, maxUint256 } from "viem";
import type { EconomyChain } from "./economyChain.js";
import { wad } from "./economyChain.js";

/**
 * Deploys the test stablecoin (tUSD: 6 decimals, open faucet, EIP-2612 permits), lists it as an
 * ERC-20 fund at 90 peg units with no buffer, and mints `mint` of it to the sender, who lets the
 * reserve spend it. Returns the token's address (the fund's currency).
 */
export async function listTestStablecoin(c: EconomyChain, o: { mint: bigint }): Promise<Address> {
  const r = await transact(c.admin, "deploy stablecoin", () =>
    c.admin.wallet.deployContract({ abi: testStablecoinAbi, bytecode: testStablecoinBytecode, args: [] }),
  );
  const stable = getAddress(r.contractAddress as Address);
  await listFund(c.admin, c.d, {
    currency: stable,
    decimals: 6,
    quote: wad(90),
    minRate: 1n,
    maxRate: wad(900),
  });
  const token = { address: stable, abi: testStablecoinAbi } as const;
  const me = c.sender.wallet.account.address;
  await transact(c.sender, "mint", () =>
    c.sender.wallet.writeContract({ ...token, functionName: "mint", args: [me, o.mint] }),
  );
  await transact(c.sender, "approve", () =>
    c.sender.wallet.writeContract({ ...token, functionName: "approve", args: [c.d.reserve, maxUint256] }),
  );
  return stable;
}
