import { BackendError, type BackendErrorOptions, type ErrorTable, MQTT5 } from "../errors/index.js";

/** The billing's stable refusal codes (closed union), each with its HTTP status. */
export const BILLING_ERROR_CODES = {
  VOUCHER_BAD_SIGNATURE: { status: 401, title: "the voucher's EIP-712 signature is not the channel payer's" },
  VOUCHER_WRONG_CHANNEL: { status: 409, title: "the voucher names another channel than the session's" },
  VOUCHER_WRONG_PAYEE: {
    status: 409,
    title: "the voucher pays someone other than the tariff's payout address",
  },
  VOUCHER_NOT_NEWER: {
    status: 409,
    title: "the voucher's cumulative amount is not above the last accepted one",
  },
  VOUCHER_EXCEEDS_DEPOSIT: { status: 409, title: "the voucher is worth more than the channel's deposit" },
  VOUCHER_EXPIRED: { status: 409, title: "the voucher (or its channel) has expired" },
  VOUCHER_SHORT: {
    status: 402,
    title: "the voucher is below what the metered usage already costs (the session is stopped)",
  },
  VOUCHER_MALFORMED: { status: 400, title: "the voucher message is not well-formed" },
  UNKNOWN_SESSION: { status: 404, title: "no such session on the object, or it is closed" },
  SESSION_EXISTS: { status: 409, title: "the session id is already in use on the object" },
  CHANNEL_INVALID: { status: 409, title: "the channel is unknown on chain, or does not fit the session" },
  NO_TARIFF: { status: 409, title: "the object has no tariff in force" },
  TARIFF_NOT_BY_PROVIDER: {
    status: 403,
    title: "a tariff not signed by the provider (the owner or a delegate at that moment)",
  },
  USAGE_NOT_BY_DEVICE: {
    status: 403,
    title: "a usage statement not signed by a device key bound to the object",
  },
  RATING_NOT_SETTLED: {
    status: 403,
    title: "a rating without a settled session of the signer on that object",
  },
  NOTHING_TO_SETTLE: { status: 409, title: "nothing to settle (no accepted voucher)" },
  NOT_ANCHORED: { status: 404, title: "no checkpoint has been anchored on chain yet" },
  INVOICE_MISMATCH: { status: 422, title: "a recomputed invoice differs from the one given" },
  INVOICE_MALFORMED: { status: 400, title: "the invoice or bundle file is not well-formed" },
  // Payers' MQTT logins (`payerFamily`), answered CONNACK 5 "not authorized" [MQTT-3.2.2-5].
  LOGIN_PAYER_MALFORMED: {
    status: 401,
    title: "a payer's password is not a well-formed JSON login {ts, nonce, signature}",
    mqtt: MQTT5.NOT_AUTHORIZED,
  },
  LOGIN_PAYER_BAD_SIGNATURE: {
    status: 401,
    title: "the payer login is not signed by the username's address (EIP-712)",
    mqtt: MQTT5.NOT_AUTHORIZED,
  },
} as const satisfies ErrorTable<string>;

export type BillingErrorCode = keyof typeof BILLING_ERROR_CODES;

/**
 * A billing refusal (`BackendError`): a stable `code`, a short message, an HTTP status. The message
 * is the detail alone, or the code when there is none (what the billing's problem documents and
 * MQTT acks have always carried as their `detail`).
 */
export class BillingError extends BackendError<BillingErrorCode> {
  override readonly name = "BillingError";

  constructor(code: BillingErrorCode, message?: string, options?: BackendErrorOptions) {
    super(BILLING_ERROR_CODES, code, message, { ...options, message: message ?? code });
  }
}

/** True for a BillingError (across module copies too). */
export function isBillingError(e: unknown): e is BillingError {
  return e instanceof Error && e.name === "BillingError" && "code" in e;
}
