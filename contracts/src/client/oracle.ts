import type { Account } from "viem";
import { rateOracleAbi } from "../artifacts.js";
import { ChainError } from "../errors/ChainError.js";
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
