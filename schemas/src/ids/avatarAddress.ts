import { Address6 } from "ip-address";
import { TetError } from "../errors.js";
import { hex } from "../hex.js";
import { avatarInterfaceId } from "./interfaceId.js";

/** The default avatar prefix: a ULA /64 (RFC 4193) for a single local backend. */
export const DEFAULT_AVATAR_PREFIX = "fd54:4554:0001:0000::/64";

/**
 * The IPv6 address of an avatar: the backend's /64 prefix followed by the first 64 bits of
 * SHA-256("tet-avatar-address" ‖ object id). Anyone who knows the prefix can compute it, and one
 * socket on `::` with a local route for the prefix answers every avatar.
 *
 * @example avatarAddress({ prefix: "fd54:4554:1::/64", objectId }) // "fd54:4554:1:0:9c1f:…"
 */
export function avatarAddress(options: { prefix: string; objectId: Uint8Array }): string {
  const net = parsePrefix(options.prefix);
  const iid = avatarInterfaceId(options.objectId);
  const interfaceId = BigInt(`0x${hex(iid)}`);
  return Address6.fromBigInt(net.startAddress().bigInt() | interfaceId).correctForm();
}

/** Parses and checks an avatar prefix: a valid IPv6 network of length /64. */
export function parsePrefix(prefix: string): Address6 {
  let net: Address6;
  try {
    net = new Address6(prefix);
  } catch (cause) {
    throw new TetError("ID_INVALID", `not an IPv6 prefix: ${prefix}`, { cause });
  }
  if (net.subnetMask !== 64)
    throw new TetError("ID_INVALID", `avatar prefix must be a /64, got /${net.subnetMask}`);
  return net;
}

/** True when `address` lies inside `prefix`. */
export function isInPrefix(address: string, prefix: string): boolean {
  try {
    return new Address6(address).isInSubnet(parsePrefix(prefix));
  } catch {
    return false;
  }
}
