import { downTopic, upTopic } from "@tet/schemas";

/** Who a connected client is: a device logged in for one object, or a backend ingest client. */
export type Principal = { kind: "device"; objectId: string } | { kind: "backend" };

/**
 * The topic ACL for publishing (pure): a device publishes only to its own `up`; a backend client
 * (ingest, downlink) may publish anywhere under its credential (ARCHITECTURE.md, MQTT).
 */
export function mayPublish(who: Principal, topic: string): boolean {
  return who.kind === "backend" || topic === upTopic(who.objectId);
}

/**
 * The topic ACL for subscribing (pure): a device subscribes only to its own `down`, never to a
 * wildcard; a backend client may subscribe to anything (e.g. `tet/v1/o/+/up`).
 */
export function maySubscribe(who: Principal, filter: string): boolean {
  return who.kind === "backend" || filter === downTopic(who.objectId);
}
