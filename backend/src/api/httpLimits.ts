import { TokenBuckets } from "./tokenBucket.js";

/**
 * The HTTP API's rate limits and caps, each a number where 0 means no limit. Rates are token buckets
 * (a burst of 2× the rate for reads, 3× for writes); the per-hour and per-day figures are buckets of
 * that many tokens refilled evenly over the hour or the rolling day, so at most that many pass in any
 * such window after a quiet one.
 */
export interface HttpLimits {
  /** GET/HEAD requests per second per client address (an IPv4 address or an IPv6 /64). */
  readsPerSecond: number;
  /** `POST /v1/statements` per second per client address, charged before the signature is checked. */
  addressWritesPerSecond: number;
  /** `POST /v1/statements` per second per signing key, charged only once the signature verifies. */
  writesPerSecond: number;
  /** Open admission: new avatars per hour per client address (signers not admitted otherwise). */
  genesisPerAddressPerHour: number;
  /** Open admission: new avatars per rolling day from all addresses together. */
  genesisPerDay: number;
  /** Statements of any kind accepted over HTTP per object per rolling day. */
  objectStatementsPerDay: number;
  /** `key`, `transfer` and `relation` statements (the authority chain sent to devices) per object per day. */
  objectAuthorityPerDay: number;
}

/** The defaults (`tet-backend serve` and `createApi` alike); the README's configuration table states them. */
export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  readsPerSecond: 200,
  addressWritesPerSecond: 50,
  writesPerSecond: 20,
  genesisPerAddressPerHour: 20,
  genesisPerDay: 10_000,
  objectStatementsPerDay: 2_000,
  objectAuthorityPerDay: 100,
};

/** The buckets behind `HttpLimits` (undefined: that limit is off). */
export interface LimitBuckets {
  read?: TokenBuckets;
  addressWrite?: TokenBuckets;
  write?: TokenBuckets;
  genesisPerAddress?: TokenBuckets;
  genesisPerDay?: TokenBuckets;
  objectStatements?: TokenBuckets;
  objectAuthority?: TokenBuckets;
}

const HOUR = 3600;
const DAY = 86_400;

/** Builds the token buckets for `limits` (`false`: none) on the clock `now`. */
export function limitBuckets(limits: false | Partial<HttpLimits>, now: () => number): LimitBuckets {
  if (limits === false) return {};
  const l = { ...DEFAULT_HTTP_LIMITS, ...limits };
  const bucket = (n: number, perSeconds: number, burst: number, maxPrincipals?: number) =>
    n > 0
      ? new TokenBuckets({ rate: n / perSeconds, burst, now, ...(maxPrincipals ? { maxPrincipals } : {}) })
      : undefined;
  const out: LimitBuckets = {};
  const set = (k: keyof LimitBuckets, b: TokenBuckets | undefined) => {
    if (b) out[k] = b;
  };
  set("read", bucket(l.readsPerSecond, 1, 2 * l.readsPerSecond));
  set("addressWrite", bucket(l.addressWritesPerSecond, 1, 3 * l.addressWritesPerSecond));
  set("write", bucket(l.writesPerSecond, 1, 3 * l.writesPerSecond));
  set("genesisPerAddress", bucket(l.genesisPerAddressPerHour, HOUR, l.genesisPerAddressPerHour));
  set("genesisPerDay", bucket(l.genesisPerDay, DAY, l.genesisPerDay, 1));
  set("objectStatements", bucket(l.objectStatementsPerDay, DAY, l.objectStatementsPerDay));
  set("objectAuthority", bucket(l.objectAuthorityPerDay, DAY, l.objectAuthorityPerDay));
  return out;
}

/**
 * The principal a client address is limited as: an IPv4 address as it is (also when IPv4-mapped),
 * an IPv6 address by its /64 — one end site gets a /64 (RFC 6177 §2), so per-address limits on full
 * IPv6 addresses would give one host 2^64 buckets.
 */
export function addressPrincipal(address: string): string {
  const a = (address.startsWith("::ffff:") ? address.slice(7) : address).split("%")[0] ?? "";
  if (!a.includes(":")) return `ip:${a}`;
  const [head = "", tail = ""] = a.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0); // a dotted quad is two groups
  const zeros = a.includes("::") ? Array(Math.max(0, 8 - width(left) - width(right))).fill("0") : [];
  const groups = [...left, ...zeros, ...right];
  return `ip6:${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}
