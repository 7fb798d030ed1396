import { sha256Concat } from "../crypto/index.js";
import { TetError } from "../errors.js";

const AVATAR_DOMAIN = new TextEncoder().encode("tet-avatar-address");
const SERVICE_DOMAIN = new TextEncoder().encode("tet-service-address");

/** The service name that stands for the avatar itself: its address is the avatar's own. */
export const AVATAR_SERVICE = "avatar";

/** The low 64 bits of an avatar's address: the first 8 bytes of SHA-256("tet-avatar-address" ‖ object id). */
export function avatarInterfaceId(objectId: Uint8Array): Uint8Array {
  return sha256Concat(AVATAR_DOMAIN, objectId).slice(0, 8);
}

/**
 * The low 64 bits of a service's address: the first 8 bytes of SHA-256("tet-service-address" ‖
 * object id ‖ UTF-8 name). The object id has a fixed length, so the input is unambiguous, and the
 * domain differs from the avatar's, so no service lands on an avatar's address — except the service
 * named `avatar`, which is the avatar's own process and has the avatar's interface id.
 */
export function serviceInterfaceId(options: { objectId: Uint8Array; name: string }): Uint8Array {
  if (options.objectId.length !== 16)
    throw new TetError("ID_INVALID", `object id is ${options.objectId.length} bytes`);
  if (options.name === AVATAR_SERVICE) return avatarInterfaceId(options.objectId);
  return sha256Concat(SERVICE_DOMAIN, options.objectId, new TextEncoder().encode(options.name)).slice(0, 8);
}
