import { type Address, type Hex, keccak256, parseUnits, stringToHex } from "viem";
import { reserveAbi, tETTokenAbi } from "../../generated/artifacts.js";
import { type ChainClients, currencyId, readReserve, transact } from "../client/index.js";
import type { DevChain } from "./devChain.js";

/** Whole TET (or a decimal string of it) in TET wei. */
export const tet = (n: number | string) => parseUnits(String(n), 18);
/** Whole roubles, dollars or euros in their 2-decimal smallest units. */
export const cents = (n: number) => BigInt(n) * 100n;

let ref = 0;
/** A fresh unique attestation or payout reference. */
export const att = (): Hex => keccak256(stringToHex(`reference ${++ref}`));

type GovernanceFunction =
  | "setPeg"
  | "delistFund"
  | "moveBuffer"
  | "setParameters"
  | "setRateBounds"
  | "setFundPolicy"
  | "setGuardian"
  | "setIssuancePaused";

/** Calls one of the reserve's governance (or guardian) functions as `who` (default the admin). */
export function reserveCall(
  c: DevChain,
  functionName: GovernanceFunction,
  args: readonly unknown[],
  who?: ChainClients,
) {
  const w = who ?? c.admin;
  return transact(w, functionName, () =>
    w.wallet.writeContract({ address: c.d.reserve, abi: reserveAbi, functionName, args } as never),
  );
}

/** TET balance of `who`. */
export function balanceOf(c: DevChain, who: Address) {
  return c.admin.public.readContract({
    address: c.d.token,
    abi: tETTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });
}

/** The reserve's view of one fund by currency code or token address. */
export async function fundView(c: DevChain, currency: string) {
  const v = await readReserve(c.admin, c.d);
  const f = v.funds.find((x) => x.id === currencyId(currency));
  if (!f) throw new Error(`no fund ${currency}`);
  return f;
}
