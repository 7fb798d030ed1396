import { downTopic, objectIdFromText } from "@tet/schemas";
import type { AuthorityChain } from "./authorityChain.js";
import type { Counters } from "./metrics.js";
import type { ReceiptBook } from "./receiptBook.js";

/**
 * A way to send on `down` (a broker). With `acknowledges`, it calls `done` once the message has left
 * for the device's socket (or could not), and the ingest waits for that between windows of a long
 * authority chain, so that what it sends one device waits in the device's socket, not in memory.
 */
export type Downlink = (topic: string, payload: Uint8Array, done?: (e?: Error) => void) => void;

/** What `deviceSubscribed` sent a device: the length of its authority chain then. */
export interface DownSync {
  chain: number;
}

/** Authority statements sent to one device before waiting for them to leave (`Downlink` acknowledges). */
const DOWN_WINDOW = 32;

/**
 * The ingest's side of `down`: the downlinks (brokers) it sends on, and the sync a device gets when
 * it subscribes — its authority chain in windows, then its latest receipt — coalesced per connection.
 */
export class DownChannel {
  readonly #downlinks = new Map<Downlink, boolean>();
  readonly #opts: { chain: AuthorityChain; receipts: () => ReceiptBook; counters: Counters };

  constructor(opts: { chain: AuthorityChain; receipts: () => ReceiptBook; counters: Counters }) {
    this.#opts = opts;
  }

  /** Adds a downlink; returns a function that removes it. */
  add(send: Downlink, opts: { acknowledges?: boolean } = {}): () => void {
    this.#downlinks.set(send, opts.acknowledges === true);
    return () => this.#downlinks.delete(send);
  }

  /** Sends one message on every downlink. */
  publish(topic: string, payload: Uint8Array): void {
    for (const send of this.#downlinks.keys()) send(topic, payload);
  }

  clear(): void {
    this.#downlinks.clear();
  }

  /**
   * A device subscribed to its `down`: sends its authority chain (genesis, transfers, keys in log
   * order, in windows that wait for the broker) and then its latest receipt (seq 0 before its first). With `since` — what this
   * connection was sent before — nothing is sent unless the chain changed since (statements appended
   * meanwhile reached the device live), so repeated subscriptions cost nothing. Resolves to what was sent.
   */
  async deviceSubscribed(objectId: string, opts: { since?: DownSync | undefined } = {}): Promise<DownSync> {
    const object = objectIdFromText(objectId);
    const topic = downTopic(objectId);
    const chain = await this.#opts.chain.get(object);
    const sync = { chain: chain.length };
    if (opts.since?.chain === sync.chain) {
      this.#opts.counters.inc("ingest_down_sync", "coalesced");
      return sync;
    }
    for (let i = 0; i < chain.length; i += DOWN_WINDOW)
      await this.#publishAll(topic, chain.slice(i, i + DOWN_WINDOW));
    // A receipt at seq 0 before the first statement too: an agent signs nothing new in a run before a
    // receipt tells it where the log's copy of its chain ends. None for an object the log does not know.
    if (chain.length > 0) await this.#opts.receipts().send(object);
    this.#opts.counters.inc("ingest_down_sync");
    return sync;
  }

  /** Sends each payload on every downlink; resolves once the acknowledging ones are done with them. */
  #publishAll(topic: string, payloads: Uint8Array[]): Promise<void> {
    return new Promise((resolve) => {
      let waiting = 1;
      const done = () => {
        if (--waiting === 0) resolve();
      };
      for (const [send, acknowledges] of this.#downlinks)
        for (const p of payloads) {
          if (!acknowledges) send(topic, p);
          else {
            waiting++;
            send(topic, p, done);
          }
        }
      done();
    });
  }
}
