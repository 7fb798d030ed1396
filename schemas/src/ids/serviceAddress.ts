import { TetError } from "../errors.js";
import { serviceInterfaceId } from "./interfaceId.js";
import { ipv6ToText, prefix64FromText } from "./ipv6Text.js";

/**
 * The IPv6 address of a service on an avatar: its host's /64 prefix followed by the service's
 * interface id (`serviceInterfaceId`: SHA-256 over a domain-separated object id and service name).
 * Anyone who knows the prefix, the object and the name computes it; the service named `avatar` is
 * at the avatar's own address (`avatarAddress`), so a dedicated avatar process answers there.
 *
 * @example serviceAddress({ prefix: "fd54:4554:1::/64", objectId, name: "meter" }) // "fd54:4554:1:0:…"
 */
export function serviceAddress(options: {
  prefix: string | Uint8Array;
  objectId: Uint8Array;
  name: string;
}): string {
  return ipv6ToText(serviceAddressBytes(options));
}

/** `serviceAddress` as 16 bytes (the form a service lock stores). */
export function serviceAddressBytes(options: {
  prefix: string | Uint8Array;
  objectId: Uint8Array;
  name: string;
}): Uint8Array {
  const prefix = typeof options.prefix === "string" ? prefix64FromText(options.prefix) : options.prefix;
  if (prefix.length !== 8) throw new TetError("ID_INVALID", `a /64 prefix is 8 bytes, not ${prefix.length}`);
  const out = new Uint8Array(16);
  out.set(prefix);
  out.set(serviceInterfaceId(options), 8);
  return out;
}
