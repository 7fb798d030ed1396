import {
  type ChainClients,
  ChainError,
  currencyName,
  type Deployment,
  type PaymentOrder,
  pay,
  paymentTypes,
} from "@tet/contracts";
import { type Address, getAddress, type Hex, isAddress, recoverTypedDataAddress } from "viem";
import { EconomyError } from "./economyError.js";

/** What `POST /v1/wallet/payments` takes: the order as signed, its signature, the permit's. */
export interface PaymentRequest {
  order: Record<string, unknown>;
  signature: string;
  permit: { value: string; deadline: string; signature: string };
}

/** A relayed payment, from its `Paid` event. */
export interface RelayedPayment {
  id: string;
  tx: string;
  block: string;
  amountIn: string;
  tet: string;
  fee: string;
  amountOut: string;
}

const UINT = /^(0|[1-9][0-9]{0,77})$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const SIG = /^0x[0-9a-fA-F]{130}$/;

const bad = (what: string): never => {
  throw new EconomyError("PAYMENT_MALFORMED", what);
};
const uint = (v: unknown, what: string) => (typeof v === "string" && UINT.test(v) ? BigInt(v) : bad(what));
const address = (v: unknown, what: string) =>
  typeof v === "string" && isAddress(v) ? getAddress(v) : bad(what);
const bytes32 = (v: unknown, what: string) =>
  typeof v === "string" && BYTES32.test(v) ? (v as Hex) : bad(what);
const signature = (v: unknown, what: string) =>
  typeof v === "string" && SIG.test(v) ? (v as Hex) : bad(what);

/** The router's `Payment` message from JSON, checked field by field (validate once, at the boundary). */
function parseOrder(o: unknown) {
  if (typeof o !== "object" || o === null) return bad("order");
  const m = o as Record<string, unknown>;
  return {
    payer: address(m.payer, "order.payer"),
    fromFund: bytes32(m.fromFund, "order.fromFund"),
    amountIn: uint(m.amountIn, "order.amountIn"),
    recipient: address(m.recipient, "order.recipient"),
    toFund: bytes32(m.toFund, "order.toFund"),
    minOut: uint(m.minOut, "order.minOut"),
    deadline: uint(m.deadline, "order.deadline"),
    ref: bytes32(m.ref, "order.ref"),
  };
}

/** The router's bytes32 fund back to the client's currency ("TET", an ISO code or a token address). */
const fundName = (id: Hex): string => (/^0x0{64}$/.test(id) ? "TET" : currencyName(id));

/**
 * Relays a holder's signed payment: checks the JSON strictly, recovers the order's signer (EIP-712)
 * and refuses one that is not the payer before spending gas, then submits `payWithPermit` from the
 * backend's chain account, so the holder needs no ether. A revert is PAYMENT_REFUSED with the
 * contract's error name (BelowMinimum when the rate moved past minOut, Expired, OrderUsed…).
 */
export async function relayPayment(o: {
  clients: ChainClients;
  deployment: Deployment;
  body: unknown;
}): Promise<RelayedPayment> {
  const b = (typeof o.body === "object" && o.body !== null ? o.body : bad("body")) as PaymentRequest;
  const m = parseOrder(b.order);
  const sig = signature(b.signature, "signature");
  const permit = typeof b.permit === "object" && b.permit !== null ? b.permit : bad("permit");
  const p = {
    value: uint(permit.value, "permit.value"),
    deadline: uint(permit.deadline, "permit.deadline"),
    signature: signature(permit.signature, "permit.signature"),
  };
  const d = o.deployment;
  const signer = await recoverTypedDataAddress({
    domain: { name: "TET Payment Router", version: "1", chainId: d.chainId, verifyingContract: d.router },
    types: paymentTypes,
    primaryType: "Payment",
    message: m,
    signature: sig,
  }).catch(() => undefined);
  if (signer !== m.payer) throw new EconomyError("PAYMENT_MALFORMED", "the order is not signed by its payer");
  const order: PaymentOrder = {
    payer: m.payer as Address,
    from: fundName(m.fromFund),
    amountIn: m.amountIn,
    recipient: m.recipient as Address,
    to: fundName(m.toFund),
    minOut: m.minOut,
    deadline: m.deadline,
    ref: m.ref,
  };
  try {
    const r = await pay(o.clients, d, { order, signature: sig, permit: p });
    return {
      id: r.id.toString(),
      tx: r.receipt.transactionHash,
      block: r.receipt.blockNumber.toString(),
      amountIn: m.amountIn.toString(),
      tet: r.tet.toString(),
      fee: r.fee.toString(),
      amountOut: r.amountOut.toString(),
    };
  } catch (e) {
    if (e instanceof ChainError && e.code === "CONTRACT_REVERTED")
      throw new EconomyError("PAYMENT_REFUSED", e.revertName ?? e.message, { cause: e });
    throw e;
  }
}
