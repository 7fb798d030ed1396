import { BackendError, type BackendErrorOptions, type ErrorTable, MQTT5 } from "../errors/index.js";

/**
 * Every refusal of the ledger carries a stable code from this closed union, so that ingest can answer
 * a device (MQTT reason), an HTTP client (problem+json status) and the logs with the same name.
 */
export const LEDGER_ERROR_CODES = {
  SEQ_GAP: {
    status: 409,
    title: "the sequence number skips ahead of the device's chain",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  CHAIN_FORK: {
    status: 409,
    title: "prev is not the hash of the device's previous statement",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  REPLAY: {
    status: 409,
    title: "a different statement already holds this sequence number",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  KEY_NOT_BOUND: { status: 403, title: "the signing key is not bound to the object" },
  NOT_OWNER: { status: 403, title: "the statement must be signed by the object's current owner" },
  UNKNOWN_OBJECT: {
    status: 404,
    title: "no genesis statement for this object",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  BAD_SIGNATURE: { status: 401, title: "the signature does not verify" },
  INVALID_STATEMENT: {
    status: 400,
    title: "the statement is malformed",
    mqtt: MQTT5.PAYLOAD_FORMAT_INVALID,
  },
  NOT_ACCEPTED: {
    status: 422,
    title: "the statement kind is not accepted here",
    mqtt: MQTT5.PAYLOAD_FORMAT_INVALID,
  },
  NOT_FOUND: { status: 404, title: "no such entry", mqtt: MQTT5.IMPLEMENTATION_SPECIFIC },
  NOT_SETTLED: { status: 403, title: "a rating needs a settled session of its signer on this object" },
  AUTHORITY_UNLINKED: {
    status: 409,
    title: "prev is not the object's last authority statement (or a version 1 one has none)",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  ISSUER_NOT_ACCEPTED: { status: 403, title: "the owner has not accepted this warranty issuer" },
  FUTURE_TIMESTAMP: {
    status: 422,
    title: "the statement's ts is too far ahead of the ledger's clock",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  TIMESTAMP_BACKWARDS: {
    status: 422,
    title: "the device statement's ts is too far behind its chain head",
    mqtt: MQTT5.IMPLEMENTATION_SPECIFIC,
  },
  LEDGER_CLOSED: { status: 503, title: "the ledger is closed or failed", mqtt: MQTT5.UNSPECIFIED },
  STORE_FAILED: { status: 503, title: "the store could not commit", mqtt: MQTT5.UNSPECIFIED },
  LOG_CORRUPT: { status: 500, title: "stored log data does not match its hashes", mqtt: MQTT5.UNSPECIFIED },
  MALFORMED_PROJECTION: {
    status: 500,
    title: "a stored projection row does not hold what its kind says",
    mqtt: MQTT5.UNSPECIFIED,
  },
} as const satisfies ErrorTable<string>;

export type LedgerErrorCode = keyof typeof LEDGER_ERROR_CODES;

/** A ledger refusal (`BackendError`): a stable `code`, a short message, a `cause`, an HTTP status. */
export class LedgerError extends BackendError<LedgerErrorCode> {
  override readonly name = "LedgerError";

  constructor(code: LedgerErrorCode, detail?: string, options?: BackendErrorOptions) {
    super(LEDGER_ERROR_CODES, code, detail, options);
  }
}

/** True when `e` is a LedgerError, optionally with the given code. */
export function isLedgerError(e: unknown, code?: LedgerErrorCode): e is LedgerError {
  return e instanceof LedgerError && (code === undefined || e.code === code);
}
