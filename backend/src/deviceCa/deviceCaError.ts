/**
 * Every refusal of the device CA's enrolment carries a stable code from this closed union, with its
 * HTTP status (answered as RFC 9457 problem details), counted in `tet_device_ca_refused_total{code}`
 * and logged once.
 */
export const DEVICE_CA_ERROR_CODES = {
  CA_MALFORMED: [400, "the body is not a well-formed signed connect statement (application/cose)"],
  CA_TOO_LARGE: [413, "a certificate request is at most 1,024 bytes"],
  CA_BAD_SIGNATURE: [401, "the connect statement's signature does not verify"],
  CA_WRONG_OBJECT: [400, "the connect statement names another object than the URL"],
  CA_STALE: [401, "the connect statement's ts is outside the ±60 s window"],
  CA_REPLAY: [401, "the connect statement's nonce was used before"],
  CA_KEY_NOT_BOUND: [403, "the signing key is not a device key the ledger binds to the object"],
  CA_BUSY: [503, "too many fresh requests to remember their nonces; retry shortly"],
} as const satisfies Record<string, readonly [number, string]>;

export type DeviceCaErrorCode = keyof typeof DEVICE_CA_ERROR_CODES;

/** A refused certificate request: a stable `code`, a short message and the HTTP status to answer. */
export class DeviceCaError extends Error {
  override readonly name = "DeviceCaError";
  readonly code: DeviceCaErrorCode;

  constructor(code: DeviceCaErrorCode, detail?: string, options?: { cause?: unknown }) {
    const title = DEVICE_CA_ERROR_CODES[code][1];
    super(detail ? `${title}: ${detail}` : title, { cause: options?.cause });
    this.code = code;
  }

  get httpStatus(): number {
    return DEVICE_CA_ERROR_CODES[this.code][0];
  }
}

/** True when `e` is a DeviceCaError, optionally with the given code. */
export function isDeviceCaError(e: unknown, code?: DeviceCaErrorCode): e is DeviceCaError {
  return e instanceof DeviceCaError && (code === undefined || e.code === code);
}
