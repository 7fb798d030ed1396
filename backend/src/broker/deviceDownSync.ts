import type { Aedes, Client } from "aedes";
import type { DownSync, Ingest } from "../ingest/index.js";
import { maySubscribe, type Principal } from "./topicAcl.js";

interface Synced {
  sent: DownSync | undefined;
  busy: boolean;
  again: boolean;
}

/**
 * Sends a device its authority chain and latest receipt when it subscribes to its `down` — once per
 * connection, and again only when the chain changed since (`Ingest.deviceSubscribed` with `since`).
 * A SUBSCRIBE that arrives while a sync is going on is answered after it, once, however many arrive:
 * thousands of SUBSCRIBE packets from one device cost one chain, not thousands: a 40-byte packet
 * must not buy a client the whole chain again.
 */
export function deviceDownSync(opts: {
  aedes: Aedes;
  ingest: Ingest;
  principals: WeakMap<Client, Principal>;
  log: (line: string) => void;
}): void {
  const synced = new WeakMap<Client, Synced>();
  const sync = (client: Client, objectId: string, s: Synced) => {
    s.busy = true;
    opts.ingest.deviceSubscribed(objectId, { since: s.sent }).then(
      (sent) => {
        s.sent = sent;
        s.busy = false;
        if (s.again && !client.closed) {
          s.again = false;
          sync(client, objectId, s);
        }
      },
      (e: unknown) => {
        s.busy = false;
        opts.log(`broker: down sync failed for ${objectId}: ${String(e)}`);
      },
    );
  };
  opts.aedes.on("subscribe", (subs, client) => {
    const who = client ? opts.principals.get(client) : undefined;
    if (who?.kind !== "device") return;
    if (!subs.some((s) => (s.qos as number) !== 128 && maySubscribe(who, s.topic))) return;
    let s = synced.get(client);
    if (s === undefined) {
      s = { sent: undefined, busy: false, again: false };
      synced.set(client, s);
    }
    if (s.busy) s.again = true;
    else sync(client, who.objectId, s);
  });
}
