/**
 * Every refusal of the ledger carries a stable code from this closed union, so that ingest can answer
 * a device (MQTT reason), an HTTP client (problem+json status) and the logs with the same name.
 */
export const LEDGER_ERROR_CODES = {
  SEQ_GAP: "the sequence number skips ahead of the device's chain",
  CHAIN_FORK: "prev is not the hash of the device's previous statement",
  REPLAY: "a different statement already holds this sequence number",
  KEY_NOT_BOUND: "the signing key is not bound to the object",
  NOT_OWNER: "the statement must be signed by the object's current owner",
  UNKNOWN_OBJECT: "no genesis statement for this object",
  BAD_SIGNATURE: "the signature does not verify",
  INVALID_STATEMENT: "the statement is malformed",
  NOT_ACCEPTED: "the statement kind is not accepted here",
  NOT_FOUND: "no such entry",
  NOT_SETTLED: "a rating needs a settled session of its signer on this object",
  AUTHORITY_UNLINKED: "prev is not the object's last authority statement (or a version 1 one has none)",
  ISSUER_NOT_ACCEPTED: "the owner has not accepted this warranty issuer",
  FUTURE_TIMESTAMP: "the statement's ts is too far ahead of the ledger's clock",
  TIMESTAMP_BACKWARDS: "the device statement's ts is too far behind its chain head",
  LEDGER_CLOSED: "the ledger is closed or failed",
  STORE_FAILED: "the store could not commit",
} as const;

export type LedgerErrorCode = keyof typeof LEDGER_ERROR_CODES;

const HTTP_STATUS: Record<LedgerErrorCode, number> = {
  SEQ_GAP: 409,
  CHAIN_FORK: 409,
  REPLAY: 409,
  KEY_NOT_BOUND: 403,
  NOT_OWNER: 403,
  UNKNOWN_OBJECT: 404,
  BAD_SIGNATURE: 401,
  INVALID_STATEMENT: 400,
  NOT_ACCEPTED: 422,
  NOT_FOUND: 404,
  NOT_SETTLED: 403,
  AUTHORITY_UNLINKED: 409,
  ISSUER_NOT_ACCEPTED: 403,
  FUTURE_TIMESTAMP: 422,
  TIMESTAMP_BACKWARDS: 422,
  LEDGER_CLOSED: 503,
  STORE_FAILED: 503,
};

/** The base of every ledger refusal: a stable `code`, a short message, a `cause`, an HTTP status. */
export class LedgerError extends Error {
  override readonly name = "LedgerError";
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${LEDGER_ERROR_CODES[code]}: ${detail}` : LEDGER_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
  }

  /** The HTTP status to answer with (RFC 9457 problem details carry `code` as their type). */
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/** True when `e` is a LedgerError, optionally with the given code. */
export function isLedgerError(e: unknown, code?: LedgerErrorCode): e is LedgerError {
  return e instanceof LedgerError && (code === undefined || e.code === code);
}
