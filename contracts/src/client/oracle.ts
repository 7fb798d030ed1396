import { type Account, recoverTypedDataAddress } from "viem";
import { rateOracleAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { signSorted } from "./custodians.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "chainId" | "rateOracle">;

/** EIP-712 type of one oracle key's observation; must match RateOracle.QUOTE_TYPEHASH. */
export const quoteTypes = {
  Quote: [
    { name: "fund", type: "bytes32" },
    { name: "quote", type: "uint256" },
    { name: "observedAt", type: "uint64" },
  ],
} as const;

export function oracleDomain(d: Target) {
  return { name: "TET Rate Oracle", version: "1", chainId: d.chainId, verifyingContract: d.rateOracle };
}

/**
 * Oracle keys: each of `quotes` (default: this client's key quoting `quote` now) signs its observation
 * — `quote` peg units per whole currency unit, 1e18-scaled, at `observedAt` — and the bundle goes to the
 * rate oracle, which posts their median (observed at the oldest time) to the reserve.
 */
export async function setRate(
  clients: ChainClients,
  d: Target,
  args: {
    currency: string;
    quote?: bigint;
    observedAt?: number;
    quotes?: readonly { signer: Account; quote: bigint; observedAt?: number }[];
  },
) {
  const now = Number((await clients.public.getBlock()).timestamp);
  const fund = currencyId(args.currency);
  const list = args.quotes ?? [
    { signer: clients.wallet.account, quote: args.quote ?? 0n, observedAt: args.observedAt ?? now },
  ];
  const sorted = [...list].sort((x, y) => (BigInt(x.signer.address) < BigInt(y.signer.address) ? -1 : 1));
  const messages = sorted.map((q) => ({ fund, quote: q.quote, observedAt: BigInt(q.observedAt ?? now) }));
  const signatures = await signSorted(
    sorted.map((q) => q.signer),
    (a) => {
      const i = sorted.findIndex((q) => q.signer === a);
      if (!a.signTypedData) throw new ChainError("INVALID_INPUT", `${a.address} cannot sign typed data`);
      return a.signTypedData({
        domain: oracleDomain(d),
        types: quoteTypes,
        primaryType: "Quote",
        message: messages[i]!,
      });
    },
  );
  return transact(clients, "setRate", () =>
    clients.wallet.writeContract({
      address: d.rateOracle,
      abi: rateOracleAbi,
      functionName: "post",
      args: [messages, signatures],
    }),
  );
}

/** One oracle key's signed observation, as it travels between oracle processes. */
export interface SignedQuote {
  fund: `0x${string}`;
  quote: bigint;
  observedAt: number;
  signer: `0x${string}`;
  signature: `0x${string}`;
}

/** An oracle key signs its observation (EIP-712 `Quote`) without sending anything. */
export async function signQuote(
  account: Account,
  d: Target,
  q: { fund: `0x${string}`; quote: bigint; observedAt: number },
): Promise<SignedQuote> {
  if (!account.signTypedData)
    throw new ChainError("INVALID_INPUT", `${account.address} cannot sign typed data`);
  const signature = await account.signTypedData({
    domain: oracleDomain(d),
    types: quoteTypes,
    primaryType: "Quote",
    message: { fund: q.fund, quote: q.quote, observedAt: BigInt(q.observedAt) },
  });
  return { ...q, signer: account.address, signature };
}

/** The address that signed a quote, or undefined for a signature that does not recover. */
export async function quoteSigner(d: Target, q: Omit<SignedQuote, "signer">) {
  try {
    return await recoverTypedDataAddress({
      domain: oracleDomain(d),
      types: quoteTypes,
      primaryType: "Quote",
      message: { fund: q.fund, quote: q.quote, observedAt: BigInt(q.observedAt) },
      signature: q.signature,
    });
  } catch {
    return undefined;
  }
}

/**
 * Submits quotes signed elsewhere (by oracle keys this client does not hold) in one transaction, in
 * the ascending signer order the oracle requires; the reserve receives their median.
 */
export async function postQuotes(clients: ChainClients, d: Target, quotes: readonly SignedQuote[]) {
  const sorted = [...quotes].sort((x, y) => (BigInt(x.signer) < BigInt(y.signer) ? -1 : 1));
  return transact(clients, "postQuotes", () =>
    clients.wallet.writeContract({
      address: d.rateOracle,
      abi: rateOracleAbi,
      functionName: "post",
      args: [
        sorted.map((q) => ({ fund: q.fund, quote: q.quote, observedAt: BigInt(q.observedAt) })),
        sorted.map((q) => q.signature),
      ],
    }),
  );
}
