import type { Voucher } from "@tet/contracts";
import type { BillingErrorCode } from "./billingError.js";

/** What a voucher is checked against: the session's channel and payee, and the payment state. */
export interface VoucherContext {
  channel: bigint;
  payee: string;
  deposit: bigint;
  /** Channel expiry (unix seconds) — after it the payer may reclaim, so no voucher is worth taking. */
  channelExpiry: bigint;
  /** The highest cumulative amount accepted so far on the session (0 before the first). */
  accepted: bigint;
  /** What the metered usage requires by now (the due amount minus the step still on credit). */
  required: bigint;
  /** Now, unix seconds. */
  now: bigint;
}

/** The verdict: refused with a code, or accepted — `short` when it is below what is required. */
export type VoucherVerdict = { ok: false; code: BillingErrorCode } | { ok: true; short: boolean };

/**
 * Checks a voucher against its session (pure): the same refusals the Settlement contract would make
 * at redemption — another channel, another payee, not newer than the last (cumulative vouchers,
 * `VoucherNotNewer`), above the deposit, expired — plus the signature verdict computed by the
 * adapter (EIP-712 recovery). An accepted voucher below the required amount is `short`: the session
 * is stopped.
 */
export function checkVoucher(v: Voucher, signatureValid: boolean, ctx: VoucherContext): VoucherVerdict {
  if (v.channel !== ctx.channel) return { ok: false, code: "VOUCHER_WRONG_CHANNEL" };
  if (v.payee.toLowerCase() !== ctx.payee.toLowerCase()) return { ok: false, code: "VOUCHER_WRONG_PAYEE" };
  if (!signatureValid) return { ok: false, code: "VOUCHER_BAD_SIGNATURE" }; // EIP-712 signer ≠ channel payer
  if (v.cumulativeAmount <= ctx.accepted) return { ok: false, code: "VOUCHER_NOT_NEWER" };
  if (v.cumulativeAmount > ctx.deposit) return { ok: false, code: "VOUCHER_EXCEEDS_DEPOSIT" };
  if (v.expiry <= ctx.now || ctx.channelExpiry <= ctx.now) return { ok: false, code: "VOUCHER_EXPIRED" };
  return { ok: true, short: v.cumulativeAmount < ctx.required };
}
