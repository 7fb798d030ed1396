import type { Counters, Ingest } from "../ingest/index.js";

/** Delivers one device statement to the ingest; `cb` finishes its MQTT delivery. */
export type Deliver = (objectId: string, payload: Uint8Array, cb: () => void) => void;

/**
 * Flow control between the broker and the ingest: below `highWater` statements in the ingest, each
 * goes straight in; past it, messages wait here as raw bytes, in arrival order, with their delivery
 * unfinished — aedes reads a publisher's next chunk only once every message of the last one is
 * delivered, so further statements wait in the publishers' TCP windows, not in memory as decoded
 * objects — until the ingest is below `lowWater`. The device already has its PUBACK (aedes
 * acknowledges QoS 1 before it publishes); the durable acknowledgement is the signed receipt.
 */
export function ingestFlow(opts: {
  ingest: Ingest;
  highWater: number;
  lowWater: number;
  counters: Counters;
}): Deliver {
  const { ingest, highWater, lowWater } = opts;
  const held: { objectId: string; payload: Uint8Array; cb: () => void }[] = [];
  let waiting = false;
  const release = () => {
    while (held.length > 0 && ingest.queued < highWater) {
      const m = held.shift() as (typeof held)[number];
      ingest.offer(m.objectId, m.payload);
      queueMicrotask(m.cb);
    }
    if (held.length > 0 && !waiting) {
      waiting = true;
      void ingest.drained(lowWater).then(() => {
        waiting = false;
        release();
      });
    }
  };
  return (objectId, payload, cb) => {
    if (held.length === 0 && ingest.queued < highWater) {
      ingest.offer(objectId, payload);
      // Released asynchronously: a synchronous cb lets aedes recurse once per queued message and
      // overflow the stack under load.
      queueMicrotask(cb);
      return;
    }
    opts.counters.inc("broker_held");
    held.push({ objectId, payload, cb });
    release();
  };
}
