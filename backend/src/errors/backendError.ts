/**
 * How one stable error code crosses the backend's boundaries: a short human title, the HTTP status
 * it is answered with (RFC 9457 problem details, RFC 9110 §15) and, where the code can reach an MQTT
 * client, its MQTT 5 reason code (MQTT 5 §2.4; default: from the status, `mqttReasonOf`).
 */
export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
  readonly mqtt?: number;
}

/** An area's codes: a closed union of stable code strings, each with its `ErrorSpec`. */
export type ErrorTable<C extends string> = { readonly [K in C]: ErrorSpec };

/** MQTT 5 §2.4 reason codes the backend answers with. */
export const MQTT5 = {
  UNSPECIFIED: 0x80,
  IMPLEMENTATION_SPECIFIC: 0x83,
  NOT_AUTHORIZED: 0x87,
  SERVER_BUSY: 0x89,
  TOPIC_NAME_INVALID: 0x90,
  PACKET_TOO_LARGE: 0x95,
  MESSAGE_RATE_TOO_HIGH: 0x96,
  QUOTA_EXCEEDED: 0x97,
  PAYLOAD_FORMAT_INVALID: 0x99,
  CONNECTION_RATE_EXCEEDED: 0x9f,
} as const;

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3 the broker refuses logins with. */
export const CONNACK = { SERVER_UNAVAILABLE: 3, NOT_AUTHORIZED: 5 } as const;

/** The MQTT 5 reason for an HTTP status, where a code's spec names none. */
function mqttReasonOf(status: number): number {
  if (status === 401 || status === 403) return MQTT5.NOT_AUTHORIZED;
  if (status === 413) return MQTT5.PACKET_TOO_LARGE;
  if (status === 429) return MQTT5.QUOTA_EXCEEDED;
  if (status === 503) return MQTT5.SERVER_BUSY;
  return MQTT5.UNSPECIFIED;
}

/** Options of every backend error: its `cause`, and a whole message where the title does not fit. */
export interface BackendErrorOptions {
  cause?: unknown;
  /** The message, when it is not `title: detail` (configuration errors name their option first). */
  message?: string;
  /** Response headers an HTTP answer carries (`Retry-After` of a rate limit). */
  headers?: Record<string, string>;
}

/**
 * The one error base of the backend (STYLE.md rule 6): a stable `code` from its area's closed union,
 * a short message (`title: detail`), a `cause`, and one mapping to the boundary it crosses — the HTTP
 * status of its RFC 9457 problem, its MQTT 5 reason and, for a login, its MQTT 3.1.1 CONNACK code.
 * Each area (ledger, ingest, broker, billing, API, device CA, configuration) names its codes in an
 * `ErrorTable` and derives a class of a few lines, so `instanceof LedgerError` still tells areas apart.
 *
 * @example
 * export class LedgerError extends BackendError<LedgerErrorCode> {
 *   override readonly name = "LedgerError";
 *   constructor(code: LedgerErrorCode, detail?: string, options?: BackendErrorOptions) {
 *     super(LEDGER_ERRORS, code, detail, options);
 *   }
 * }
 */
export class BackendError<C extends string = string> extends Error {
  override readonly name: string = "BackendError";
  readonly code: C;
  /** The short, stable description of the code. */
  readonly title: string;
  /** What this occurrence adds to the title (no generic prefix), if anything. */
  readonly detail: string | undefined;
  readonly httpStatus: number;
  /** MQTT 5 §2.4 reason code for this refusal. */
  readonly mqttReason: number;
  /** Response headers of its HTTP answer (usually none). */
  readonly headers: Record<string, string>;

  constructor(table: ErrorTable<C>, code: C, detail?: string, options?: BackendErrorOptions) {
    const spec = table[code];
    super(options?.message ?? (detail ? `${spec.title}: ${detail}` : spec.title), {
      cause: options?.cause,
    });
    this.code = code;
    this.title = spec.title;
    this.detail = detail || undefined;
    this.httpStatus = spec.status;
    this.mqttReason = spec.mqtt ?? mqttReasonOf(spec.status);
    this.headers = options?.headers ?? {};
  }

  /**
   * The MQTT 3.1.1 CONNACK return code of a refused login (read by aedes): 3 "server unavailable"
   * for load and rate, so that the client retries later, else 5 "not authorized" [MQTT-3.2.2-5].
   */
  get returnCode(): number {
    const busy = this.mqttReason === MQTT5.SERVER_BUSY || this.mqttReason === MQTT5.CONNECTION_RATE_EXCEEDED;
    return busy ? CONNACK.SERVER_UNAVAILABLE : CONNACK.NOT_AUTHORIZED;
  }
}

/** True when `e` is one of the backend's errors, optionally with the given code. */
export function isBackendError(e: unknown, code?: string): e is BackendError {
  return e instanceof BackendError && (code === undefined || e.code === code);
}
