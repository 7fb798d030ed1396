import type { SignedVoucher } from "@tet/contracts";
import type { StatementOf } from "@tet/schemas";
import { type LoggedTariff, lineAmount, pickTariff } from "./computeInvoice.js";
import { toMicro } from "./quantity.js";

/** How a session is paid: the channel backing it, as read from chain when it was opened. */
export interface SessionTerms {
  object: string;
  session: string;
  channel: bigint;
  /** The tariff's payout address = the channel's payee. */
  payee: string;
  /** The channel's payer (EVM address, the voucher signer). */
  payerAddress: string;
  /** The payer's did:key: the device records it on every usage report; it may rate after settlement. */
  rater: string;
  deposit: bigint;
  channelExpiry: bigint;
}

/**
 * The running account of one paid session (pure): metered usage as it arrives from the device
 * chain, priced exactly as the invoice prices it (`pickTariff`, `lineAmount` on the running total),
 * and the vouchers accepted. `due` is what the usage so far costs; `required` lags it by one usage
 * statement — the step just metered is on credit until the payer has seen it and paid for it.
 */
export class SessionAccount {
  readonly terms: SessionTerms;
  due = 0n;
  required = 0n;
  accepted = 0n;
  latest: SignedVoucher | undefined;
  closed = false;
  /** Set once the stop command has been issued, so it is issued once. */
  stopIssued = false;
  /** Set once a settlement has been started. */
  settling = false;
  usage: number[] = [];
  #micro = 0n;
  #start: { ts: number; index: number; unit: StatementOf<"usage">["unit"] } | undefined;

  constructor(terms: SessionTerms) {
    this.terms = terms;
  }

  /**
   * Applies one usage statement of the session (appended at `index`); returns true when the latest
   * voucher is below what is now required (the session must be stopped).
   */
  meter(index: number, u: StatementOf<"usage">, tariffs: readonly LoggedTariff[]): boolean {
    if (this.closed) return false;
    this.#start ??= { ts: u.ts, index, unit: u.unit };
    this.usage.push(index);
    this.#micro += toMicro(u.quantity);
    const picked = pickTariff(tariffs, this.#start.unit, this.#start.ts, this.#start.index);
    this.required = this.due;
    this.due = picked ? lineAmount(this.#micro, picked) : 0n;
    if (u.phase === "stop") this.closed = true;
    return this.accepted < this.required;
  }

  /** Records an accepted voucher (the caller has checked it with `checkVoucher`). */
  accept(signed: SignedVoucher): void {
    this.latest = signed;
    this.accepted = signed.voucher.cumulativeAmount;
  }

  /** Closed and paid in full: ready to settle. */
  get paidInFull(): boolean {
    return this.closed && this.accepted >= this.due;
  }
}
