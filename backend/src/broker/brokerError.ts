/**
 * Every refusal of the broker — a login or an ACL decision — carries a stable code from this closed
 * union, counted in the broker's metrics and named in its single log line. All logins refused map to
 * CONNACK "not authorized": MQTT 3.1.1 return code 5 [MQTT-3.2.2-5], MQTT 5 reason 0x87.
 */
export const BROKER_ERROR_CODES = {
  LOGIN_MALFORMED: "the password is not a well-formed signed connect statement",
  LOGIN_BAD_SIGNATURE: "the connect statement's signature does not verify",
  LOGIN_WRONG_OBJECT: "the connect statement names another object than the username",
  LOGIN_BAD_CLIENT_ID: "a device's client id must be tet-{objectId}, a payer's payer-{address}[-…]",
  LOGIN_STALE: "the login's ts is outside the login window",
  LOGIN_REPLAY: "the login's nonce was used before",
  LOGIN_KEY_NOT_BOUND: "the signing key is not a device key of the object",
  LOGIN_BUSY: "too many fresh logins to remember their nonces; retry shortly",
  LOGIN_BAD_CREDENTIAL: "unknown username or wrong backend credential",
  LOGIN_PAYER_MALFORMED: "a payer's password is not a well-formed JSON login {ts, nonce, signature}",
  LOGIN_PAYER_BAD_SIGNATURE: "the payer login is not signed by the username's address (EIP-712)",
  PUBLISH_DENIED: "a device publishes only to its own up topic, a payer only to tet/v1/o/{id}/pay",
  SUBSCRIBE_DENIED: "a device subscribes only to its own down topic, a payer only to its own ack",
} as const;

export type BrokerErrorCode = keyof typeof BROKER_ERROR_CODES;

/** CONNACK return code 5 of MQTT 3.1.1 §3.2.2.3, "not authorized". */
export const MQTT311_NOT_AUTHORIZED = 5;
/** MQTT 5 §2.4 reason code 0x87, "not authorized". */
export const MQTT5_NOT_AUTHORIZED = 0x87;

/** The base of every broker refusal: a stable `code`, a short message and the MQTT answer to give. */
export class BrokerError extends Error {
  override readonly name = "BrokerError";
  readonly code: BrokerErrorCode;
  /** Read by aedes to answer CONNACK with "not authorized". */
  readonly returnCode = MQTT311_NOT_AUTHORIZED;

  constructor(code: BrokerErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${BROKER_ERROR_CODES[code]}: ${detail}` : BROKER_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
  }

  /** The MQTT 5 reason code for this refusal. */
  get mqttReason(): number {
    return MQTT5_NOT_AUTHORIZED;
  }
}

/** True when `e` is a BrokerError, optionally with the given code. */
export function isBrokerError(e: unknown, code?: BrokerErrorCode): e is BrokerError {
  return e instanceof BrokerError && (code === undefined || e.code === code);
}
