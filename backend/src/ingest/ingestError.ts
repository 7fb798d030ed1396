import type { LedgerErrorCode } from "../ledger/index.js";

/**
 * Every refusal of the ingest carries a stable code from this closed union: the ingest's own checks
 * (size, strict decoding, kind, topic, signature, load) and the ledger's acceptance rules, which the
 * ingest passes through under the same names. The code is what a device reads in a refused receipt,
 * what the metrics count and what the single log line names.
 */
export const INGEST_ERROR_CODES = {
  TOO_LARGE: "the message is larger than a signed statement may be",
  INVALID_STATEMENT: "the bytes are not a well-formed signed statement",
  NOT_DEVICE_STATEMENT: "only device statements (state, usage, gap, command-result) go on up",
  WRONG_OBJECT: "the statement names another object than its topic",
  TOPIC_INVALID: "the topic is not a TET up topic",
  NOT_AUTHORIZED: "the client may not publish to this topic",
  BAD_SIGNATURE: "the signature does not verify",
  OVERLOADED: "the ingest queue is full; resend later",
  SEQ_GAP: "the sequence number skips ahead of the device's chain",
  CHAIN_FORK: "prev is not the hash of the device's previous statement",
  REPLAY: "a different statement already holds this sequence number",
  KEY_NOT_BOUND: "the signing key is not bound to the object",
  NOT_OWNER: "the statement must be signed by the object's current owner",
  UNKNOWN_OBJECT: "no genesis statement for this object",
  NOT_ACCEPTED: "the statement kind is not accepted here",
  NOT_FOUND: "no such entry",
  NOT_SETTLED: "a rating needs a settled session of its signer on this object",
  AUTHORITY_UNLINKED: "prev is not the object's last authority statement (or a version 1 one has none)",
  ISSUER_NOT_ACCEPTED: "the owner has not accepted this warranty issuer",
  FUTURE_TIMESTAMP: "the statement's ts is too far ahead of the ledger's clock",
  TIMESTAMP_BACKWARDS: "the device statement's ts is too far behind its chain head",
  LEDGER_CLOSED: "the ledger is closed or failed",
  STORE_FAILED: "the store could not commit",
} as const satisfies Record<LedgerErrorCode | string, string>;

export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;

// MQTT 5 §2.4 reason codes (PUBACK / DISCONNECT): what an MQTT 5 front end would answer with.
const MQTT5_REASON: Record<IngestErrorCode, number> = {
  TOO_LARGE: 0x95, // packet too large
  INVALID_STATEMENT: 0x99, // payload format invalid
  NOT_DEVICE_STATEMENT: 0x99,
  WRONG_OBJECT: 0x87, // not authorized
  TOPIC_INVALID: 0x90, // topic name invalid
  NOT_AUTHORIZED: 0x87,
  BAD_SIGNATURE: 0x87,
  OVERLOADED: 0x97, // quota exceeded
  SEQ_GAP: 0x83, // implementation specific error
  CHAIN_FORK: 0x83,
  REPLAY: 0x83,
  KEY_NOT_BOUND: 0x87,
  NOT_OWNER: 0x87,
  UNKNOWN_OBJECT: 0x83,
  NOT_ACCEPTED: 0x99,
  NOT_FOUND: 0x83,
  NOT_SETTLED: 0x87,
  AUTHORITY_UNLINKED: 0x83,
  ISSUER_NOT_ACCEPTED: 0x87,
  FUTURE_TIMESTAMP: 0x83,
  TIMESTAMP_BACKWARDS: 0x83,
  LEDGER_CLOSED: 0x80, // unspecified error
  STORE_FAILED: 0x80,
};

/** The base of every ingest refusal: a stable `code`, a short message, a `cause`, the device's `seq` when known. */
export class IngestError extends Error {
  override readonly name = "IngestError";
  readonly code: IngestErrorCode;
  readonly seq: number | undefined;

  constructor(
    code: IngestErrorCode,
    detail?: string,
    options?: { cause?: unknown; seq?: number | undefined },
  ) {
    super(detail ? `${INGEST_ERROR_CODES[code]}: ${detail}` : INGEST_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
    this.seq = options?.seq;
  }

  /** The MQTT 5 reason code for this refusal (MQTT 5 §2.4). */
  get mqttReason(): number {
    return MQTT5_REASON[this.code];
  }

  /** The detail without the generic prefix, bounded for a receipt's `refused.detail` (1..256 chars). */
  get detail(): string | undefined {
    const prefix = `${INGEST_ERROR_CODES[this.code]}: `;
    return this.message.startsWith(prefix)
      ? this.message.slice(prefix.length, prefix.length + 256)
      : undefined;
  }
}

/** True when `e` is an IngestError, optionally with the given code. */
export function isIngestError(e: unknown, code?: IngestErrorCode): e is IngestError {
  return e instanceof IngestError && (code === undefined || e.code === code);
}
