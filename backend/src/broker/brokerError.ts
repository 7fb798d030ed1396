import { BackendError, type BackendErrorOptions, type ErrorTable, MQTT5 } from "../errors/index.js";

const denied = (title: string) => ({ status: 401, title, mqtt: MQTT5.NOT_AUTHORIZED }) as const;

/**
 * Every refusal of the broker — a login, an ACL decision or a limit — carries a stable code from this
 * closed union, counted in the broker's metrics and named in its single log line. Logins refused for
 * who the client is map to CONNACK "not authorized" (MQTT 3.1.1 return code 5 [MQTT-3.2.2-5], MQTT 5
 * reason 0x87); logins refused for load or rate to "server unavailable" (3.1.1 return code 3, MQTT 5
 * 0x89 "server busy" / 0x9F "connection rate exceeded"), so that a client retries later. A client
 * family's own login codes (billing's payers) are in its area's table.
 */
export const BROKER_ERROR_CODES = {
  LOGIN_MALFORMED: denied("the password is not a well-formed signed connect statement"),
  LOGIN_BAD_SIGNATURE: denied("the connect statement's signature does not verify"),
  LOGIN_WRONG_OBJECT: denied("the connect statement names another object than the username"),
  LOGIN_BAD_CLIENT_ID: denied("a device's client id must be tet-{objectId}, a payer's payer-{address}[-…]"),
  LOGIN_STALE: denied("the login's ts is outside the login window"),
  LOGIN_REPLAY: denied("the login is not newer than the device's last accepted one (or its nonce was used)"),
  LOGIN_KEY_NOT_BOUND: denied("the signing key is not a device key of the object"),
  LOGIN_BUSY: {
    status: 503,
    title: "too many logins are waiting for their signature check; retry shortly",
    mqtt: MQTT5.SERVER_BUSY,
  },
  LOGIN_RATE_LIMITED: {
    status: 429,
    title: "too many logins from this address or for this device; retry later",
    mqtt: MQTT5.CONNECTION_RATE_EXCEEDED,
  },
  LOGIN_BAD_CREDENTIAL: denied("unknown username or wrong backend credential"),
  PUBLISH_DENIED: {
    status: 403,
    title: "a device publishes only to its own up topic, a payer only to tet/v1/o/{id}/pay",
    mqtt: MQTT5.NOT_AUTHORIZED,
  },
  SUBSCRIBE_DENIED: {
    status: 403,
    title: "a device subscribes only to its own down topic, a payer only to its own ack",
    mqtt: MQTT5.NOT_AUTHORIZED,
  },
  CONNECTIONS_EXCEEDED: {
    status: 429,
    title: "too many connections from this address that have not logged in; closed",
    mqtt: MQTT5.CONNECTION_RATE_EXCEEDED,
  },
  PACKET_TOO_LARGE: {
    status: 413,
    title: "an MQTT packet is larger than the broker accepts; closed before buffering it",
    mqtt: MQTT5.PACKET_TOO_LARGE,
  },
  OUTGOING_QUEUE_FULL: {
    status: 429,
    title: "the client does not read what it is sent; disconnected past the outgoing bound",
    mqtt: MQTT5.QUOTA_EXCEEDED,
  },
  PUBLISH_RATE_LIMITED: {
    status: 429,
    title: "the connection publishes faster than its rate; its packets wait (throttled)",
    mqtt: MQTT5.MESSAGE_RATE_TOO_HIGH,
  },
  OFFLINE_QUEUE_FULL: {
    status: 429,
    title: "the session's queue of undelivered down messages is full; the oldest was dropped",
    mqtt: MQTT5.QUOTA_EXCEEDED,
  },
} as const satisfies ErrorTable<string>;

export type BrokerErrorCode = keyof typeof BROKER_ERROR_CODES;

/**
 * A broker refusal (`BackendError`): a stable `code`, a short message, and the MQTT answer to give —
 * aedes reads `returnCode` for the CONNACK: 3 "server unavailable" for load and rate, else 5.
 */
export class BrokerError extends BackendError<BrokerErrorCode> {
  override readonly name = "BrokerError";

  constructor(code: BrokerErrorCode, detail?: string, options?: BackendErrorOptions) {
    super(BROKER_ERROR_CODES, code, detail, options);
  }
}
