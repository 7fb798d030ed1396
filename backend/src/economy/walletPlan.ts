import {
  type ChainClients,
  currencyId,
  type Deployment,
  paymentTypes,
  permitTypes,
  quotePayment,
  reserveAbi,
  tETTokenAbi,
} from "@tet/contracts";
import { type Address, isAddress, zeroAddress } from "viem";
import { EconomyError } from "./economyError.js";

/** EIP-712 typed data as JSON (uint values as decimal strings): what a wallet is asked to sign. */
export interface TypedDataJson {
  domain: { name: string; version: string; chainId: number; verifyingContract: string };
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, string>;
}

/** A payment the holder is about to sign: the router's quote now, the minimum accepted, both signatures' data. */
export interface PaymentPlan {
  quote: {
    tet: string;
    fee: string;
    amountOut: string;
    toBuffer: string;
    minOut: string;
    slippageBps: number;
  };
  deadline: string;
  permit: TypedDataJson;
  order: TypedDataJson;
}

/** How far below the quote the order still pays (the rate may move between quote and block). */
export const SLIPPAGE_BPS = 50;
/** Seconds a signed order stays valid. */
export const ORDER_LIFETIME = 600;

/**
 * Plans a payment through the payment router: `amountIn` of `from` (TET or an ERC-20 fund's token)
 * from `payer` to `recipient`, paid in `to` (TET or any fund). Reads the router's quote (TET moved,
 * the 0.1 % fee, what the recipient gets), sets `minOut` at the quote less SLIPPAGE_BPS and a
 * deadline ORDER_LIFETIME after the block's time, and builds the two EIP-712 messages the payer
 * signs — the EIP-2612 permit of the input token to the router and the router's `Payment` — so a
 * relayer can submit it and neither side needs ether.
 */
export async function planPayment(o: {
  clients: Pick<ChainClients, "public">;
  deployment: Deployment;
  payer: Address;
  recipient: Address;
  from: string;
  to: string;
  amountIn: bigint;
  ref: `0x${string}`;
}): Promise<PaymentPlan> {
  const { clients, deployment: d } = o;
  const block = await clients.public.getBlock();
  const at = { blockNumber: block.number };
  const listed = await clients.public.readContract({
    address: d.reserve,
    abi: reserveAbi,
    functionName: "fundIds",
    ...at,
  });
  for (const c of [o.from, o.to])
    if (c !== "TET" && !listed.includes(currencyId(c)))
      throw new EconomyError("BAD_CURRENCY", `${c} is not a fund of the reserve`);
  const input = o.from === "TET" ? d.token : await fundToken(clients, d, o.from, at.blockNumber);
  const read = { address: input, abi: tETTokenAbi, ...at } as const;
  const [q, name, nonce] = await Promise.all([
    quotePayment(clients, d, { from: o.from, amountIn: o.amountIn, to: o.to }),
    clients.public.readContract({ ...read, functionName: "name" }),
    clients.public.readContract({ ...read, functionName: "nonces", args: [o.payer] }),
  ]);
  const minOut = (q.amountOut * BigInt(10_000 - SLIPPAGE_BPS)) / 10_000n;
  const deadline = (block.timestamp + BigInt(ORDER_LIFETIME)).toString();
  const domain = (name: string, verifyingContract: string) => ({
    name,
    version: "1",
    chainId: d.chainId,
    verifyingContract,
  });
  const zero = `0x${"0".repeat(64)}`;
  return {
    quote: {
      tet: q.tet.toString(),
      fee: q.fee.toString(),
      amountOut: q.amountOut.toString(),
      toBuffer: q.toBuffer.toString(),
      minOut: minOut.toString(),
      slippageBps: SLIPPAGE_BPS,
    },
    deadline,
    permit: {
      domain: domain(name, input), // EIP-2612
      types: permitTypes,
      primaryType: "Permit",
      message: {
        owner: o.payer,
        spender: d.router,
        value: o.amountIn.toString(),
        nonce: nonce.toString(),
        deadline,
      },
    },
    order: {
      domain: domain("TET Payment Router", d.router),
      types: paymentTypes,
      primaryType: "Payment",
      message: {
        payer: o.payer,
        fromFund: o.from === "TET" ? zero : currencyId(o.from),
        amountIn: o.amountIn.toString(),
        recipient: o.recipient,
        toFund: o.to === "TET" ? zero : currencyId(o.to),
        minOut: minOut.toString(),
        deadline,
        ref: o.ref,
      },
    },
  };
}

/** The ERC-20 an input fund holds (`from` is its token address), or BAD_CURRENCY. */
async function fundToken(
  clients: Pick<ChainClients, "public">,
  d: Pick<Deployment, "reserve">,
  from: string,
  blockNumber: bigint,
): Promise<Address> {
  if (!isAddress(from)) throw new EconomyError("BAD_CURRENCY", "pay from TET or an ERC-20 fund's token");
  const f = await clients.public
    .readContract({
      address: d.reserve,
      abi: reserveAbi,
      functionName: "fundOf",
      args: [currencyId(from)],
      blockNumber,
    })
    .catch(() => undefined);
  if (!f || f.token === zeroAddress) throw new EconomyError("BAD_CURRENCY", `${from} is not an ERC-20 fund`);
  return f.token;
}
