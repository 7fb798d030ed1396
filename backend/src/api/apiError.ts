/**
 * The API's own refusals (everything the ledger and the wire contract do not already name), with a
 * stable code from this closed union and the HTTP status it maps to. Problem documents (RFC 9457)
 * carry the code as their `code` member and in their `type` URI.
 */
export const API_ERROR_CODES = {
  BAD_REQUEST: [400, "the request is malformed"],
  BAD_OBJECT_ID: [400, "not an object id (26 characters of base32)"],
  BAD_QUERY: [400, "a query parameter is out of range"],
  ADMISSION_DENIED: [403, "this key may not create avatars here (admission policy)"],
  INVITATION_REQUIRED: [403, "creating an avatar here needs an operator's invitation"],
  INVITATION_INVALID: [403, "the invitation does not admit this signer"],
  NOT_FOUND: [404, "no such resource"],
  UNKNOWN_OBJECT: [404, "no avatar with this id"],
  NOT_ACCEPTABLE: [406, "none of the accepted media types can be served"],
  PAYLOAD_TOO_LARGE: [413, "the request body is larger than the limit"],
  UNSUPPORTED_MEDIA_TYPE: [415, "statements are posted as application/cose"],
  DEVICE_STATEMENT: [422, "device statements arrive over MQTT, not HTTP"],
  RATE_LIMITED: [429, "too many requests from this principal"],
  ADMISSION_RATE_LIMITED: [429, "too many new avatars from this address"],
  ADMISSION_CAP_REACHED: [429, "the day's open admissions of new avatars are used up"],
  OBJECT_RATE_LIMITED: [429, "this object's statements for the day are used up"],
  NO_CHECKPOINT: [503, "the log has not issued a checkpoint yet"],
  INTERNAL: [500, "internal error"],
} as const satisfies Record<string, readonly [number, string]>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** An API refusal: a stable `code`, a short message, its HTTP status, and optional response headers. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  readonly headers: Record<string, string>;

  constructor(
    code: ApiErrorCode,
    detail?: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(detail ?? API_ERROR_CODES[code][1], { cause: options?.cause });
    this.code = code;
    this.headers = options?.headers ?? {};
  }

  get httpStatus(): number {
    return API_ERROR_CODES[this.code][0];
  }

  get title(): string {
    return API_ERROR_CODES[this.code][1];
  }
}
