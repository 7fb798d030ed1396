/** The billing's stable refusal codes (closed union), each with its HTTP status. */
export const BILLING_ERROR_CODES = {
  /** A voucher's EIP-712 signature is not the channel payer's. */
  VOUCHER_BAD_SIGNATURE: 401,
  /** The voucher names another channel than the session's. */
  VOUCHER_WRONG_CHANNEL: 409,
  /** The voucher pays someone other than the tariff's payout address. */
  VOUCHER_WRONG_PAYEE: 409,
  /** The voucher's cumulative amount is not above the last accepted one. */
  VOUCHER_NOT_NEWER: 409,
  /** The voucher is worth more than the channel's deposit. */
  VOUCHER_EXCEEDS_DEPOSIT: 409,
  /** The voucher (or its channel) has expired. */
  VOUCHER_EXPIRED: 409,
  /** The voucher is below what the metered usage already costs (the session is stopped). */
  VOUCHER_SHORT: 402,
  /** The voucher message is not well-formed. */
  VOUCHER_MALFORMED: 400,
  /** No such session on the object, or it is closed. */
  UNKNOWN_SESSION: 404,
  /** The session id is already in use on the object. */
  SESSION_EXISTS: 409,
  /** The channel is unknown on chain, or does not fit the session. */
  CHANNEL_INVALID: 409,
  /** The object has no tariff in force. */
  NO_TARIFF: 409,
  /** A tariff not signed by the provider (the owner or a delegate at that moment). */
  TARIFF_NOT_BY_PROVIDER: 403,
  /** A usage statement not signed by a device key bound to the object. */
  USAGE_NOT_BY_DEVICE: 403,
  /** A rating without a settled session of the signer on that object. */
  RATING_NOT_SETTLED: 403,
  /** Nothing to settle (no accepted voucher). */
  NOTHING_TO_SETTLE: 409,
  /** No checkpoint has been anchored on chain yet. */
  NOT_ANCHORED: 404,
  /** A recomputed invoice differs from the one given. */
  INVOICE_MISMATCH: 422,
  /** The invoice or bundle file is not well-formed. */
  INVOICE_MALFORMED: 400,
} as const;

export type BillingErrorCode = keyof typeof BILLING_ERROR_CODES;

/** Every billing refusal: a stable `code`, a short message, an HTTP status. */
export class BillingError extends Error {
  readonly code: BillingErrorCode;
  readonly status: number;

  constructor(code: BillingErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = "BillingError";
    this.code = code;
    this.status = BILLING_ERROR_CODES[code];
  }
}

/** True for a BillingError (across module copies too). */
export function isBillingError(e: unknown): e is BillingError {
  return e instanceof Error && e.name === "BillingError" && "code" in e;
}
