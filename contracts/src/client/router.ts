import {
  type Account,
  type Address,
  type Hex,
  parseEventLogs,
  parseSignature,
  type TransactionReceipt,
} from "viem";
import { paymentRouterAbi } from "../../generated/artifacts.js";
import { ChainError } from "../errors/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import type { Deployment } from "./Deployment.js";

type Target = Pick<Deployment, "chainId" | "router">;

/** "TET" or a fund (ISO code, or an ERC-20 fund's token address), as the router's bytes32. */
export const routerFund = (currency: string): Hex =>
  currency === "TET" ? `0x${"0".repeat(64)}` : currencyId(currency);

/** A payment order; amounts in TET wei or the currency's smallest units. */
export interface PaymentOrder {
  payer: Address;
  /** "TET", or the ERC-20 fund the payer pays from (its token address). */
  from: string;
  amountIn: bigint;
  recipient: Address;
  /** "TET", or the fund the recipient is paid in (ISO code for a payout instruction, token address). */
  to: string;
  minOut: bigint;
  /** Unix seconds. */
  deadline: bigint;
  ref: Hex;
}

/** EIP-712 type of a payment order; must match PaymentRouter.PAYMENT_TYPEHASH. */
export const paymentTypes = {
  Payment: [
    { name: "payer", type: "address" },
    { name: "fromFund", type: "bytes32" },
    { name: "amountIn", type: "uint256" },
    { name: "recipient", type: "address" },
    { name: "toFund", type: "bytes32" },
    { name: "minOut", type: "uint256" },
    { name: "deadline", type: "uint64" },
    { name: "ref", type: "bytes32" },
  ],
} as const;

const message = (o: PaymentOrder) => ({
  payer: o.payer,
  fromFund: routerFund(o.from),
  amountIn: o.amountIn,
  recipient: o.recipient,
  toFund: routerFund(o.to),
  minOut: o.minOut,
  deadline: o.deadline,
  ref: o.ref,
});

/** What the order would pay now: TET moved, the 0.1 % fee, the recipient's amount, the FX-risk buffer share. */
export async function quotePayment(
  clients: Pick<ChainClients, "public">,
  d: Pick<Deployment, "router">,
  args: { from: string; amountIn: bigint; to: string },
) {
  const [tet, fee, amountOut, toBuffer] = await clients.public.readContract({
    address: d.router,
    abi: paymentRouterAbi,
    functionName: "quote",
    args: [routerFund(args.from), args.amountIn, routerFund(args.to)],
  });
  return { tet, fee, amountOut, toBuffer };
}

/** The payer signs an order (EIP-712) that anyone may then submit with `pay`. */
export async function signPayment(account: Account, d: Target, order: PaymentOrder): Promise<Hex> {
  if (!account.signTypedData) throw new ChainError("INVALID_INPUT", "account cannot sign typed data");
  return account.signTypedData({
    domain: { name: "TET Payment Router", version: "1", chainId: d.chainId, verifyingContract: d.router },
    types: paymentTypes,
    primaryType: "Payment",
    message: message(order),
  });
}

/**
 * Submits a payment in one transaction: as the payer (no signature), or relaying the payer's signed
 * order and, optionally, its EIP-2612 permit signature (`permit`: the signature over value and
 * deadline, allowing the router to take the input). Returns the amount paid out and the `Paid` event.
 */
export async function pay(
  clients: ChainClients,
  d: Target,
  args: {
    order: PaymentOrder;
    signature?: Hex;
    permit?: { value: bigint; deadline: bigint; signature: Hex };
  },
): Promise<{ id: bigint; amountOut: bigint; tet: bigint; fee: bigint; receipt: TransactionReceipt }> {
  const m = message(args.order);
  const sig = args.signature ?? "0x";
  const receipt = await transact(clients, "pay", () => {
    if (!args.permit)
      return clients.wallet.writeContract({
        address: d.router,
        abi: paymentRouterAbi,
        functionName: "pay",
        args: [m, sig],
      });
    const p = parseSignature(args.permit.signature);
    const permit = {
      value: args.permit.value,
      deadline: args.permit.deadline,
      v: Number(p.v ?? BigInt(27 + (p.yParity ?? 0))),
      r: p.r,
      s: p.s,
    };
    return clients.wallet.writeContract({
      address: d.router,
      abi: paymentRouterAbi,
      functionName: "payWithPermit",
      args: [m, sig, permit],
    });
  });
  const [ev] = parseEventLogs({ abi: paymentRouterAbi, logs: receipt.logs, eventName: "Paid" });
  if (!ev) throw new ChainError("TX_FAILED", "pay: no Paid event");
  return { id: ev.args.id, amountOut: ev.args.amountOut, tet: ev.args.tet, fee: ev.args.fee, receipt };
}
