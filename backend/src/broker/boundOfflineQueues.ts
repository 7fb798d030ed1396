import { Readable } from "node:stream";

/** A queued delivery as aedes' persistence keeps it (an aedes-packet). */
interface Queued {
  cmd: string;
  brokerId: string;
  brokerCounter: number;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  dup: boolean;
  messageId?: number | undefined;
}

/** The outgoing part of aedes' persistence interface (aedes-persistence's README), promise style. */
interface OutgoingStore {
  outgoingEnqueue(sub: { clientId: string }, packet: Queued): Promise<void>;
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: Queued): Promise<void>;
  outgoingUpdate(client: { id: string }, packet: Queued): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: { messageId?: number }): Promise<Queued | undefined>;
  outgoingStream(client: { id: string }): Readable;
  cleanSubscriptions(client: { id: string }): Promise<void>;
}

/** Settings of `boundOfflineQueues`. */
export interface OfflineQueueOptions {
  /** Deliveries kept per session (client id); past it the oldest goes. */
  max: number;
  /** Called for every delivery dropped; `first` when the session's queue was not full before. */
  onDrop: (clientId: string, first: boolean) => void;
}

const copy = (p: Queued): Queued => ({
  cmd: p.cmd,
  brokerId: p.brokerId,
  brokerCounter: p.brokerCounter,
  topic: p.topic,
  payload: p.payload,
  qos: p.qos,
  retain: p.retain,
  dup: p.dup,
  messageId: undefined, // [MQTT-2.3.1-1]: an id is given when the delivery is written
});

/**
 * Replaces the outgoing queues of aedes' persistence (`aedes.persistence`, the in-memory
 * aedes-persistence: one unbounded array per persistent session, of every QoS 1 message for it not
 * yet acknowledged, kept for as long as the client stays away) with queues of at most `max` per
 * session, dropping the oldest — through the persistence interface aedes documents as its extension
 * point, with the same semantics otherwise (aedes-persistence 11's asyncPersistence.js). A device's
 * down carries receipts (resent on its next subscription anyway), commands and authority statements
 * (both in the log); a clean session's queue is dropped when it connects clean.
 */
export function boundOfflineQueues(persistence: unknown, opts: OfflineQueueOptions): void {
  const p = persistence as OutgoingStore;
  const queues = new Map<string, Queued[]>();
  const full = new Set<string>();
  const queueOf = (id: string): Queued[] => {
    let q = queues.get(id);
    if (q === undefined) {
      q = [];
      queues.set(id, q);
    }
    return q;
  };
  const enqueue = (id: string, packet: Queued) => {
    const q = queueOf(id);
    q.push(copy(packet));
    if (q.length <= opts.max) return;
    q.shift();
    opts.onDrop(id, !full.has(id));
    full.add(id);
  };
  p.outgoingEnqueue = async (sub, packet) => enqueue(sub.clientId, packet);
  p.outgoingEnqueueCombi = async (subs, packet) => {
    for (const sub of subs) enqueue(sub.clientId, packet);
  };
  p.outgoingUpdate = async (client, packet) => {
    const q = queueOf(client.id);
    for (let i = 0; i < q.length; i++) {
      const t = q[i] as Queued;
      if (t.brokerId === packet.brokerId) {
        if (t.brokerCounter === packet.brokerCounter) {
          t.messageId = packet.messageId;
          return;
        }
      } else if (t.messageId === packet.messageId) {
        q[i] = packet;
        return;
      }
    }
    // Dropped from a full queue meanwhile: delivered untracked. (aedes-persistence throws, which aedes
    // turns into a client error and a disconnect — of a client that did nothing wrong here.)
  };
  p.outgoingClearMessageId = async (client, packet) => {
    const q = queues.get(client.id);
    if (q === undefined) return undefined;
    const i = q.findIndex((t) => t.messageId === packet.messageId);
    if (i < 0) return undefined;
    const [cleared] = q.splice(i, 1);
    if (q.length === 0) queues.delete(client.id);
    if (q.length < opts.max) full.delete(client.id);
    return cleared;
  };
  p.outgoingStream = (client) => Readable.from([...(queues.get(client.id) ?? [])]);
  const cleanSubscriptions = p.cleanSubscriptions.bind(p);
  p.cleanSubscriptions = async (client) => {
    queues.delete(client.id); // [MQTT-3.1.2-6]: a clean session starts without the old one's queue
    full.delete(client.id);
    await cleanSubscriptions(client);
  };
}
