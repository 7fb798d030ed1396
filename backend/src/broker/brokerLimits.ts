import { MAX_STATEMENT_BYTES } from "@tet/schemas";

/**
 * The embedded broker's bounds on what one client can make it do. Every one is per connection, per
 * device or per source address — never global — so that no client's behaviour can refuse another's
 * login or delay another's delivery. The defaults are what `tet-backend serve` uses (its
 * configuration table names each one).
 */
export interface BrokerLimits {
  /** Largest MQTT packet after CONNECT, checked from its fixed header before it is buffered. */
  maxPacketBytes: number;
  /** Largest CONNECT packet (a login is a ~200-byte signed statement). */
  maxConnectBytes: number;
  /** Bytes waiting in a connection's socket buffer beyond which it is disconnected (a client that does not read). */
  maxOutgoingBytes: number;
  /** QoS 1 deliveries to a connection not yet acknowledged beyond which it is disconnected. */
  maxOutgoingMessages: number;
  /** Undelivered down messages kept per persistent session; past it the oldest is dropped. */
  maxOfflineMessages: number;
  /** PUBLISH and SUBSCRIBE packets per second per device or payer connection, and the burst. */
  publishRate: number;
  publishBurst: number;
  /** Accepted logins per minute per device, and the burst (charged only once the signature verified). */
  loginsPerDevicePerMinute: number;
  loginBurstPerDevice: number;
  /**
   * Logins per second per source address (IPv4 address, IPv6 /64) that reached the key lookup and
   * signature check and were not (yet) accepted, and the burst.
   */
  loginsPerAddressPerSecond: number;
  loginBurstPerAddress: number;
  /** Logins waiting for their signature check at once; more are answered "server unavailable". */
  maxPendingLogins: number;
  /** Connections from one source address (IPv4, IPv6 /64) not logged in yet; more are closed. */
  maxConnectingPerAddress: number;
}

/** The defaults, with the reason for each in `brokerLimits.ts`. */
export const DEFAULT_BROKER_LIMITS: Readonly<BrokerLimits> = {
  // A statement (16 KiB) plus its topic and header, with room to spare.
  maxPacketBytes: MAX_STATEMENT_BYTES + 4096,
  // Client id, username and a connect statement (≤ 1,024 bytes), or a payer's JSON login (≤ 512).
  maxConnectBytes: 4096,
  // An authority chain of ~5,000 statements in flight at once; the kernel's socket buffer comes first.
  maxOutgoingBytes: 1024 * 1024,
  maxOutgoingMessages: 1000,
  // Commands and authority statements queued while a device is away (receipts are resent anyway).
  maxOfflineMessages: 256,
  // Well above a device's steady rate (one statement every few seconds) and an outbox flushing its
  // backlog; a connection past it waits (TCP backpressure), nothing is dropped.
  publishRate: 200,
  publishBurst: 400,
  // An agent reconnects with backoff from 1 s; ten in a row, then one every 10 s.
  loginsPerDevicePerMinute: 6,
  loginBurstPerDevice: 10,
  // Tokens come back when a login is accepted, so a fleet behind one NAT only spends them while its
  // logins wait to be verified; a source forcing signature checks that fail spends them for good;
  // a login refused by a cheap check (malformed, stale, replayed, its device over its rate) spends none.
  loginsPerAddressPerSecond: 100,
  loginBurstPerAddress: 1000,
  // The verify pool checks ~15,000 signatures/s on two cores: a quarter of a second of logins.
  maxPendingLogins: 4096,
  // A login takes milliseconds; a socket kept open without one is held for the connect timeout (10 s).
  maxConnectingPerAddress: 1024,
};

/** The limits that are rates: 0 turns the limiter off. */
const RATES = new Set<keyof BrokerLimits>([
  "publishRate",
  "loginsPerDevicePerMinute",
  "loginsPerAddressPerSecond",
]);

/**
 * `DEFAULT_BROKER_LIMITS` with the given ones replaced; a bound given as 0 means no limit (Infinity),
 * a rate given as 0 stays 0 and turns its limiter off, a burst below 1 is 1.
 */
export function brokerLimits(overrides: Partial<BrokerLimits> = {}): BrokerLimits {
  const out = { ...DEFAULT_BROKER_LIMITS };
  for (const [k, v] of Object.entries(overrides) as [keyof BrokerLimits, number | undefined][]) {
    if (v === undefined) continue;
    out[k] = v === 0 && !RATES.has(k) ? Number.POSITIVE_INFINITY : v;
  }
  for (const k of ["publishBurst", "loginBurstPerDevice", "loginBurstPerAddress"] as const)
    out[k] = Math.max(1, out[k]);
  return out;
}
