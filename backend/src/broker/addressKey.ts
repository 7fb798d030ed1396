import { isIPv4, isIPv6 } from "node:net";

/**
 * The rate-limit key of a client's source address: an IPv4 address as it is (an IPv4-mapped IPv6
 * address too), an IPv6 address by its /64 — one subnet is one site (RFC 4291 §2.5.4 interface
 * identifiers are the low 64 bits), so that a client cannot get a fresh bucket per address of its
 * own prefix. Anything else (no address: a socket already closed) is one key, `-`.
 *
 * @example
 * addressKey("2001:db8:1:2::5") // "2001:db8:1:2::/64"
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return "-";
  const mapped = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return "-";
  const zone = address.indexOf("%");
  const bare = (zone < 0 ? address : address.slice(0, zone)).toLowerCase();
  const [head = "", tail] = bare.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
