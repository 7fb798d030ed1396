import { downTopic, upTopic } from "@tet/schemas";
import { payerAckTopic, payTopicObject } from "./payerTopics.js";

/**
 * Who a connected client is: a device logged in for one object, a payer that proved control of an
 * EVM address (lowercase), or a backend ingest client.
 */
export type Principal =
  | { kind: "device"; objectId: string }
  | { kind: "payer"; address: string }
  | { kind: "backend" };

/**
 * The topic ACL for publishing (pure): a device publishes only to its own `up`; a payer only to
 * `tet/v1/o/{id}/pay` of any object (it pays objects it does not own; the voucher check, not the
 * broker, decides whether it pays anything); a backend client (ingest, downlink, billing) anywhere.
 */
export function mayPublish(who: Principal, topic: string): boolean {
  if (who.kind === "backend") return true;
  if (who.kind === "payer") return payTopicObject(topic) !== undefined;
  return topic === upTopic(who.objectId);
}

/**
 * The topic ACL for subscribing (pure): a device subscribes only to its own `down`, a payer only to
 * its own `tet/v1/p/{address}/ack`, never to a wildcard; a backend client to anything.
 */
export function maySubscribe(who: Principal, filter: string): boolean {
  if (who.kind === "backend") return true;
  if (who.kind === "payer") return filter === payerAckTopic(who.address);
  return filter === downTopic(who.objectId);
}
