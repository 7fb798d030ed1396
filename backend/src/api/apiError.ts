import { BackendError, type BackendErrorOptions, type ErrorTable } from "../errors/index.js";

/**
 * The API's own refusals (everything the ledger and the wire contract do not already name), with a
 * stable code from this closed union and the HTTP status it maps to. Problem documents (RFC 9457)
 * carry the code as their `code` member and in their `type` URI.
 */
export const API_ERROR_CODES = {
  BAD_REQUEST: { status: 400, title: "the request is malformed" },
  BAD_OBJECT_ID: { status: 400, title: "not an object id (26 characters of base32)" },
  BAD_QUERY: { status: 400, title: "a query parameter is out of range" },
  ADMISSION_DENIED: { status: 403, title: "this key may not create avatars here (admission policy)" },
  INVITATION_REQUIRED: { status: 403, title: "creating an avatar here needs an operator's invitation" },
  INVITATION_INVALID: { status: 403, title: "the invitation does not admit this signer" },
  NOT_FOUND: { status: 404, title: "no such resource" },
  UNKNOWN_OBJECT: { status: 404, title: "no avatar with this id" },
  NOT_ACCEPTABLE: { status: 406, title: "none of the accepted media types can be served" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "the request body is larger than the limit" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "statements are posted as application/cose" },
  DEVICE_STATEMENT: { status: 422, title: "device statements arrive over MQTT, not HTTP" },
  RATE_LIMITED: { status: 429, title: "too many requests from this principal" },
  ADMISSION_RATE_LIMITED: { status: 429, title: "too many new avatars from this address" },
  ADMISSION_CAP_REACHED: { status: 429, title: "the day's open admissions of new avatars are used up" },
  OBJECT_RATE_LIMITED: { status: 429, title: "this object's statements for the day are used up" },
  NO_CHECKPOINT: { status: 503, title: "the log has not issued a checkpoint yet" },
  INTERNAL: { status: 500, title: "internal error" },
  /** Never answered: an admission policy the configuration refuses at start-up (`PolicyError`). */
  ADMISSION_POLICY_INVALID: { status: 500, title: "the admission policy is invalid" },
} as const satisfies ErrorTable<string>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/**
 * An API refusal (`BackendError`): a stable `code`, its HTTP status, optional response headers. Its
 * message is the detail alone (the title when there is none): the problem document has the title.
 */
export class ApiError extends BackendError<ApiErrorCode> {
  override readonly name = "ApiError";

  constructor(code: ApiErrorCode, detail?: string, options?: BackendErrorOptions) {
    super(API_ERROR_CODES, code, detail, { ...options, message: detail ?? API_ERROR_CODES[code].title });
  }
}
