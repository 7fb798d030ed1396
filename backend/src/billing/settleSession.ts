import { type ChainClients, type Deployment, redeemVoucher, settlementAbi } from "@tet/contracts";
import { parseEventLogs } from "viem";
import { BillingError } from "./billingError.js";
import type { SessionAccount } from "./sessionAccount.js";
import { type SettlementRecord, settlementRef } from "./settlementNote.js";

/**
 * Redeems a session's latest voucher on the Settlement contract and reads back what happened from
 * the `VoucherRedeemed` event: the payee's share and the 0.1 % fee to the infrastructure fund
 * (fee = ⌈cumulative / 1000⌉ − ⌈redeemed / 1000⌉, charged by the contract). Returns the record that
 * goes into the object's log and the provider statements.
 */
export async function settleSession(args: {
  chain: ChainClients;
  deployment: Pick<Deployment, "chainId" | "settlement" | "token">;
  account: SessionAccount;
  now: number;
}): Promise<SettlementRecord> {
  const { account: a, deployment: d } = args;
  if (!a.latest) throw new BillingError("NOTHING_TO_SETTLE", a.terms.session);
  const receipt = await redeemVoucher(args.chain, d, a.latest);
  const [ev] = parseEventLogs({ abi: settlementAbi, logs: receipt.logs, eventName: "VoucherRedeemed" });
  if (!ev) throw new BillingError("NOTHING_TO_SETTLE", "no VoucherRedeemed event");
  return {
    ref: settlementRef(d.chainId, a.terms.channel, receipt.transactionHash),
    session: a.terms.session,
    channel: a.terms.channel.toString(),
    tx: receipt.transactionHash,
    block: receipt.blockNumber.toString(),
    rater: a.terms.rater,
    payer: a.terms.payerAddress,
    payee: a.terms.payee,
    amount: ev.args.cumulativeAmount.toString(),
    fee: ev.args.fee.toString(),
    paid: ev.args.paid.toString(),
    due: a.due.toString(),
    at: args.now,
  };
}
