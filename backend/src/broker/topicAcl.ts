import { downTopic, upTopic } from "@tet/schemas";
import type { ClientFamily } from "./clientFamily.js";

/**
 * Who a connected client is: a device logged in for one object, a backend client (ingest workers,
 * gateways), or a member of a client family another module registered (billing's payers).
 */
export type Principal =
  | { kind: "device"; objectId: string }
  | { kind: "backend" }
  | { kind: "member"; family: ClientFamily; id: string };

/**
 * The topic ACL for publishing (pure): a device publishes only to its own `up`, a backend client
 * anywhere, a family's member where its family says.
 */
export function mayPublish(who: Principal, topic: string): boolean {
  if (who.kind === "backend") return true;
  if (who.kind === "member") return who.family.mayPublish(who.id, topic);
  return topic === upTopic(who.objectId);
}

/**
 * The topic ACL for subscribing (pure): a device subscribes only to its own `down`, never to a
 * wildcard; a backend client to anything; a family's member where its family says.
 */
export function maySubscribe(who: Principal, filter: string): boolean {
  if (who.kind === "backend") return true;
  if (who.kind === "member") return who.family.maySubscribe(who.id, filter);
  return filter === downTopic(who.objectId);
}
