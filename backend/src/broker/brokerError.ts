/**
 * Every refusal of the broker — a login, an ACL decision or a limit — carries a stable code from this
 * closed union, counted in the broker's metrics and named in its single log line. Logins refused for
 * who the client is map to CONNACK "not authorized" (MQTT 3.1.1 return code 5 [MQTT-3.2.2-5], MQTT 5
 * reason 0x87); logins refused for load or rate to "server unavailable" (3.1.1 return code 3, MQTT 5
 * 0x89 "server busy" / 0x9F "connection rate exceeded"), so that a client retries later.
 */
export const BROKER_ERROR_CODES = {
  LOGIN_MALFORMED: "the password is not a well-formed signed connect statement",
  LOGIN_BAD_SIGNATURE: "the connect statement's signature does not verify",
  LOGIN_WRONG_OBJECT: "the connect statement names another object than the username",
  LOGIN_BAD_CLIENT_ID: "a device's client id must be tet-{objectId}, a payer's payer-{address}[-…]",
  LOGIN_STALE: "the login's ts is outside the login window",
  LOGIN_REPLAY: "the login is not newer than the device's last accepted one (or its nonce was used)",
  LOGIN_KEY_NOT_BOUND: "the signing key is not a device key of the object",
  LOGIN_BUSY: "too many logins are waiting for their signature check; retry shortly",
  LOGIN_RATE_LIMITED: "too many logins from this address or for this device; retry later",
  LOGIN_BAD_CREDENTIAL: "unknown username or wrong backend credential",
  LOGIN_PAYER_MALFORMED: "a payer's password is not a well-formed JSON login {ts, nonce, signature}",
  LOGIN_PAYER_BAD_SIGNATURE: "the payer login is not signed by the username's address (EIP-712)",
  PUBLISH_DENIED: "a device publishes only to its own up topic, a payer only to tet/v1/o/{id}/pay",
  SUBSCRIBE_DENIED: "a device subscribes only to its own down topic, a payer only to its own ack",
  CONNECTIONS_EXCEEDED: "too many connections from this address that have not logged in; closed",
  PACKET_TOO_LARGE: "an MQTT packet is larger than the broker accepts; closed before buffering it",
  OUTGOING_QUEUE_FULL: "the client does not read what it is sent; disconnected past the outgoing bound",
  PUBLISH_RATE_LIMITED: "the connection publishes faster than its rate; its packets wait (throttled)",
  OFFLINE_QUEUE_FULL: "the session's queue of undelivered down messages is full; the oldest was dropped",
} as const;

export type BrokerErrorCode = keyof typeof BROKER_ERROR_CODES;

/** CONNACK return code 5 of MQTT 3.1.1 §3.2.2.3, "not authorized". */
export const MQTT311_NOT_AUTHORIZED = 5;
/** MQTT 5 §2.4 reason code 0x87, "not authorized". */
export const MQTT5_NOT_AUTHORIZED = 0x87;
/** CONNACK return code 3 of MQTT 3.1.1 §3.2.2.3, "server unavailable": the client retries later. */
export const MQTT311_SERVER_UNAVAILABLE = 3;

// MQTT 5 §2.4 reason codes where a code is not "not authorized" (0x87).
const MQTT5_REASON: Partial<Record<BrokerErrorCode, number>> = {
  LOGIN_BUSY: 0x89, // server busy
  LOGIN_RATE_LIMITED: 0x9f, // connection rate exceeded
  CONNECTIONS_EXCEEDED: 0x9f, // connection rate exceeded
  PACKET_TOO_LARGE: 0x95, // packet too large
  OUTGOING_QUEUE_FULL: 0x97, // quota exceeded
  PUBLISH_RATE_LIMITED: 0x96, // message rate too high
  OFFLINE_QUEUE_FULL: 0x97, // quota exceeded
};

/** The base of every broker refusal: a stable `code`, a short message and the MQTT answer to give. */
export class BrokerError extends Error {
  override readonly name = "BrokerError";
  readonly code: BrokerErrorCode;
  /** Read by aedes to answer CONNACK: 3 "server unavailable" for load and rate, else 5 "not authorized". */
  readonly returnCode: number;

  constructor(code: BrokerErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${BROKER_ERROR_CODES[code]}: ${detail}` : BROKER_ERROR_CODES[code], {
      cause: options?.cause,
    });
    this.code = code;
    this.returnCode =
      code === "LOGIN_BUSY" || code === "LOGIN_RATE_LIMITED"
        ? MQTT311_SERVER_UNAVAILABLE
        : MQTT311_NOT_AUTHORIZED;
  }

  /** The MQTT 5 reason code for this refusal. */
  get mqttReason(): number {
    return MQTT5_REASON[this.code] ?? MQTT5_NOT_AUTHORIZED;
  }
}

/** True when `e` is a BrokerError, optionally with the given code. */
export function isBrokerError(e: unknown, code?: BrokerErrorCode): e is BrokerError {
  return e instanceof BrokerError && (code === undefined || e.code === code);
}
