/** The custodian service's stable refusal codes (closed union), each with what it means. */
export const CUSTODIAN_ERROR_CODES = {
  /** A statement or webhook body is larger than the service reads. */
  TOO_LARGE: "the input is too large",
  /** The file is neither a CSV statement nor camt.053 XML. */
  STATEMENT_FORMAT: "not a CSV statement or camt.053 XML",
  /** The CSV breaks RFC 4180 (a stray quote, a row with a different number of fields). */
  CSV_MALFORMED: "the CSV is malformed",
  /** The CSV header lacks a required column, or names one twice. */
  CSV_HEADER: "the CSV header lacks a required column",
  /** The XML is not well-formed (or uses a DTD, which is never read). */
  XML_MALFORMED: "the XML is not well-formed",
  /** The XML is not a camt.053 bank-to-customer statement. */
  CAMT_UNSUPPORTED: "not a camt.053 statement",
  /** A camt.053 entry lacks an element the custodian needs. */
  CAMT_FIELD: "a camt.053 entry lacks a required element",
  /** An amount is not a plain decimal (digits, one point, no thousands separators). */
  BAD_AMOUNT: "an amount is not a plain decimal",
  /** A date is not ISO 8601 (YYYY-MM-DD). */
  BAD_DATE: "a date is not YYYY-MM-DD",
  /** A currency is not an ISO 4217 code (three capitals). */
  BAD_CURRENCY: "a currency is not an ISO 4217 code",
  /** The same bank reference appears twice in one statement. */
  DUPLICATE_IN_FILE: "a bank reference appears twice in one statement",
  /** A credit's remittance names no buyer address (`0x` + 40 hex digits). */
  NO_BUYER: "the credit names no buyer address",
  /** A credit is in a currency the reserve has no fund for. */
  UNKNOWN_FUND: "no fund for the credit's currency",
  /** A credit is in a crypto (ERC-20) fund's currency: such funds need no custodian. */
  CRYPTO_FUND: "a crypto fund takes no attestations",
  /** A credit has more decimals than the fund's currency. */
  AMOUNT_PRECISION: "the amount has more decimals than the fund",
  /** The attestation reference was already used (imported before, or attested on chain). */
  DUPLICATE_REFERENCE: "the attestation reference was already used",
  /** A peer's attestation is malformed or not signed by a custodian of the board. */
  BAD_PEER_ATTESTATION: "a peer's attestation is not signed by a custodian",
  /** A peer signed different terms (amount, buyer, fund) for the same reference. */
  PEER_DISAGREES: "a peer attests different terms for the reference",
  /** A debit names a payout whose amount or fund differs. */
  PAYOUT_MISMATCH: "a debit does not match its payout",
  /** A payout's beneficiary has no bank details in the beneficiaries file. */
  NO_BENEFICIARY: "no bank details for the payout's beneficiary",
  /** The payout adapter failed to write the order. */
  PAYOUT_FAILED: "the payout order could not be written",
  /** A webhook's signature is missing, wrong or too old. */
  WEBHOOK_UNAUTHORIZED: "the webhook signature is missing, wrong or too old",
  /** A webhook body is not a payment event. */
  WEBHOOK_MALFORMED: "the webhook body is not a payment event",
  /** A query parameter is not one the route takes. */
  BAD_QUERY: "a query parameter is not one the route takes",
  /** The journal's hash chain or a signature does not verify. */
  JOURNAL_BROKEN: "the journal does not verify",
} as const;

export type CustodianErrorCode = keyof typeof CUSTODIAN_ERROR_CODES;

/** Every custodian refusal: a stable `code`, a short message, the cause. */
export class CustodianError extends Error {
  readonly code: CustodianErrorCode;

  constructor(code: CustodianErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? CUSTODIAN_ERROR_CODES[code], options);
    this.name = "CustodianError";
    this.code = code;
  }
}
