import { objectIdFromText } from "@tet/schemas";
import type { Client, PublishPacket, Subscription } from "aedes";
import type { Counters } from "../ingest/index.js";
import { type Ingest, IngestError } from "../ingest/index.js";
import type { SendJson } from "./clientFamily.js";
import { mayPublish, maySubscribe, type Principal } from "./topicAcl.js";

const REFUSED_SINK = "$tet/refused"; // no one may subscribe to it: an acknowledged, undelivered publish

/** What the ACL hooks need from the broker around them. */
export interface AclHooksOptions {
  principals: WeakMap<Client, Principal>;
  counters: Counters;
  ingest: Ingest;
  /** Publishes as the broker itself (a family's answer to a refused publish). */
  sendJson: SendJson;
  log: (line: string) => void;
}

/**
 * aedes' `authorizePublish` and `authorizeSubscribe` with the topic ACL (`mayPublish`,
 * `maySubscribe`): a family member's authorised publish is routed as its family says; a refused
 * publish is acknowledged and delivered to no one [MQTT-3.3.5-2], its refusal sent to the device as
 * a signed receipt or to the member where its family answers; a refused subscription gets SUBACK
 * 0x80 [MQTT-3.9.3]. Every refusal is counted by code.
 */
export function aclHooks(o: AclHooksOptions) {
  const { principals, counters, ingest, log } = o;
  return {
    publish(client: Client | null, packet: PublishPacket, done: (e?: Error | null) => void) {
      const who = client ? principals.get(client) : undefined;
      if (who !== undefined && mayPublish(who, packet.topic)) {
        if (who.kind === "member") who.family.routePublish?.(who.id, packet);
        return done(null);
      }
      counters.inc("broker_refused", "PUBLISH_DENIED");
      if (who?.kind === "member") {
        // [MQTT-3.3.5-2]: acknowledged and delivered to no one; the family may answer the member.
        log(`broker: refused PUBLISH_DENIED ${who.family.name}=${who.id} topic=${packet.topic.slice(0, 80)}`);
        who.family.publishRefused?.(who.id, packet.topic, o.sendJson);
        packet.topic = REFUSED_SINK;
        return done(null);
      }
      if (who?.kind === "device") {
        // [MQTT-3.3.5-2]: acknowledge as usual and deliver to no one; the refusal goes to the
        // device's own down as a signed receipt, which a closed connection could not carry.
        ingest.refuse(
          objectIdFromText(who.objectId),
          new IngestError("NOT_AUTHORIZED", `publish to ${packet.topic.slice(0, 80)}`),
        );
        packet.topic = REFUSED_SINK;
        return done(null);
      }
      log(`broker: refused PUBLISH_DENIED client=${client?.id ?? "-"} topic=${packet.topic.slice(0, 80)}`);
      done(new Error("not authorized"));
    },

    subscribe(client: Client, sub: Subscription, done: (e: Error | null, s?: Subscription | null) => void) {
      const who = principals.get(client);
      if (who !== undefined && maySubscribe(who, sub.topic))
        return done(null, { ...sub, qos: Math.min(sub.qos, 1) as 0 | 1 });
      counters.inc("broker_refused", "SUBSCRIBE_DENIED");
      if (who?.kind === "device") {
        ingest.refuse(
          objectIdFromText(who.objectId),
          new IngestError("NOT_AUTHORIZED", `subscribe to ${sub.topic.slice(0, 80)}`),
        );
      } else log(`broker: refused SUBSCRIBE_DENIED client=${client.id} filter=${sub.topic.slice(0, 80)}`);
      done(null, null); // [MQTT-3.9.3]: SUBACK return code 0x80, failure
    },
  };
}
