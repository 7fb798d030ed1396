import { BackendError, type BackendErrorOptions, type ErrorTable, MQTT5 } from "../errors/index.js";
import { LEDGER_ERROR_CODES } from "../ledger/index.js";

/**
 * Every refusal of the ingest carries a stable code from this closed union: the ingest's own checks
 * (size, strict decoding, kind, topic, signature, load) and the ledger's acceptance rules, which the
 * ingest passes through under the same names and MQTT reasons. The code is what a device reads in a
 * refused receipt, what the metrics count and what the single log line names.
 */
export const INGEST_ERROR_CODES = {
  ...LEDGER_ERROR_CODES,
  TOO_LARGE: { status: 413, title: "the message is larger than a signed statement may be" },
  INVALID_STATEMENT: {
    status: 400,
    title: "the bytes are not a well-formed signed statement",
    mqtt: MQTT5.PAYLOAD_FORMAT_INVALID,
  },
  NOT_DEVICE_STATEMENT: {
    status: 422,
    title: "only device statements (state, usage, gap, command-result) go on up",
    mqtt: MQTT5.PAYLOAD_FORMAT_INVALID,
  },
  WRONG_OBJECT: {
    status: 400,
    title: "the statement names another object than its topic",
    mqtt: MQTT5.NOT_AUTHORIZED,
  },
  TOPIC_INVALID: {
    status: 400,
    title: "the topic is not a TET up topic",
    mqtt: MQTT5.TOPIC_NAME_INVALID,
  },
  NOT_AUTHORIZED: { status: 403, title: "the client may not publish to this topic" },
  OVERLOADED: {
    status: 503,
    title: "the ingest queue is full; resend later",
    mqtt: MQTT5.QUOTA_EXCEEDED,
  },
} as const satisfies ErrorTable<string>;

export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;

/** An ingest refusal (`BackendError`): a stable `code`, a short message, a `cause`, the device's `seq` when known. */
export class IngestError extends BackendError<IngestErrorCode> {
  override readonly name = "IngestError";
  readonly seq: number | undefined;

  constructor(
    code: IngestErrorCode,
    detail?: string,
    options?: BackendErrorOptions & { seq?: number | undefined },
  ) {
    super(INGEST_ERROR_CODES, code, detail, options);
    this.seq = options?.seq;
  }
}

/** True when `e` is an IngestError, optionally with the given code. */
export function isIngestError(e: unknown, code?: IngestErrorCode): e is IngestError {
  return e instanceof IngestError && (code === undefined || e.code === code);
}
