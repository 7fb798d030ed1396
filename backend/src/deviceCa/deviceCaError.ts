import { BackendError, type BackendErrorOptions, type ErrorTable } from "../errors/index.js";

/**
 * Every refusal of the device CA's enrolment carries a stable code from this closed union, with its
 * HTTP status (answered as RFC 9457 problem details), counted in `tet_device_ca_refused_total{code}`
 * and logged once.
 */
export const DEVICE_CA_ERROR_CODES = {
  CA_MALFORMED: {
    status: 400,
    title: "the body is not a well-formed signed connect statement (application/cose)",
  },
  CA_TOO_LARGE: { status: 413, title: "a certificate request is at most 1,024 bytes" },
  CA_BAD_SIGNATURE: { status: 401, title: "the connect statement's signature does not verify" },
  CA_WRONG_OBJECT: { status: 400, title: "the connect statement names another object than the URL" },
  CA_STALE: { status: 401, title: "the connect statement's ts is outside the ±60 s window" },
  CA_REPLAY: { status: 401, title: "the connect statement's nonce was used before" },
  CA_KEY_NOT_BOUND: {
    status: 403,
    title: "the signing key is not a device key the ledger binds to the object",
  },
  CA_BUSY: { status: 503, title: "too many fresh requests to remember their nonces; retry shortly" },
} as const satisfies ErrorTable<string>;

export type DeviceCaErrorCode = keyof typeof DEVICE_CA_ERROR_CODES;

/** A refused certificate request (`BackendError`): a stable `code`, a short message, its HTTP status. */
export class DeviceCaError extends BackendError<DeviceCaErrorCode> {
  override readonly name = "DeviceCaError";

  constructor(code: DeviceCaErrorCode, detail?: string, options?: BackendErrorOptions) {
    super(DEVICE_CA_ERROR_CODES, code, detail, options);
  }
}

/** True when `e` is a DeviceCaError, optionally with the given code. */
export function isDeviceCaError(e: unknown, code?: DeviceCaErrorCode): e is DeviceCaError {
  return e instanceof DeviceCaError && (code === undefined || e.code === code);
}
