import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { TypedDataJson } from "../../economy/index.js";

/** Whoever signs the wallet's EIP-712 messages: a browser wallet, or a local development key. */
export interface WalletSigner {
  label: string;
  address: Address;
  sign(t: TypedDataJson): Promise<Hex>;
}

/** An EIP-1193 provider (`window.ethereum`), the one method the page uses. */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * Anvil's and Hardhat's well-known development accounts 1–3 (published with every copy of Foundry,
 * funded with test ether on every local chain): offered only when the backend says its chain is a
 * local development chain. They hold nothing anywhere else.
 */
export const DEV_KEYS: readonly Hex[] = [
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
];

/** The message's uint fields as bigints (the JSON carries decimal strings), for viem's local signer. */
function revive(t: TypedDataJson): Record<string, unknown> {
  const fields = t.types[t.primaryType] ?? [];
  return Object.fromEntries(
    Object.entries(t.message).map(([k, v]) => [
      k,
      fields.find((f) => f.name === k)?.type.startsWith("uint") ? BigInt(v) : v,
    ]),
  );
}

/** A development key held in this page: signs typed data locally (viem, secp256k1), never leaves it. */
export function devSigner(key: Hex, n: number): WalletSigner {
  const account = privateKeyToAccount(key);
  return {
    label: `development key: Anvil account ${n} (a public test key)`,
    address: account.address,
    sign: (t) =>
      account.signTypedData({
        domain: { ...t.domain, verifyingContract: t.domain.verifyingContract as Address },
        types: t.types,
        primaryType: t.primaryType,
        message: revive(t),
      } as Parameters<typeof account.signTypedData>[0]),
  };
}

const DOMAIN_TYPE = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];

/** A browser wallet: asks for the account (EIP-1102) and signs with `eth_signTypedData_v4` (EIP-712). */
export async function browserSigner(provider: Eip1193): Promise<WalletSigner> {
  const [address] = (await provider.request({ method: "eth_requestAccounts" })) as Address[];
  if (!address) throw new Error("the browser wallet gave no account");
  return {
    label: "browser wallet (EIP-1193)",
    address,
    sign: async (t) =>
      (await provider.request({
        method: "eth_signTypedData_v4",
        params: [address, JSON.stringify({ ...t, types: { EIP712Domain: DOMAIN_TYPE, ...t.types } })],
      })) as Hex,
  };
}
