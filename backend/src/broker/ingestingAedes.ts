import { Aedes, type AedesOptions, type Client, type PublishPacket } from "aedes";
import type { Deliver } from "./ingestFlow.js";

type Done = (error?: Error) => void;

/**
 * aedes with one interception point, its `publish`: a device's authorised publish on its own `up`
 * goes straight to the ingest (`deliver`), everything else (a family member's publishes, the
 * backend's own, wills, refused publishes re-addressed to the sink) takes aedes' usual path. Why:
 * aedes' path looks for retained-message storage, offline sessions and subscribers — two topic-tree
 * matches and a promise per message — only to find the ingest's own subscription; on the hot path
 * of every device statement that is work for nothing. aedes calls `publish(packet, client, done)`
 * from its PUBLISH handler once `authorizePublish` accepted the packet and (QoS 1) the PUBACK is
 * written, and waits for `done` before reading the publisher's next packets, which is what flow
 * control relies on. `startBroker.test.ts` checks that nothing of a device's `up` reaches aedes'
 * routing, so an aedes that stops calling it this way fails a test instead of going slow.
 */
export class IngestingAedes extends Aedes {
  /** aedes' persistence, set by `listen()` (aedes' type declarations leave it out). */
  declare readonly persistence: unknown;
  readonly #target: (packet: PublishPacket, client: Client) => string | undefined;
  readonly #deliver: Deliver;

  /**
   * `target` names the object whose ingest a packet goes to (a device publishing on its own `up`),
   * or undefined for aedes' routing; `deliver` hands it over.
   */
  constructor(
    opts: AedesOptions,
    path: { target: (packet: PublishPacket, client: Client) => string | undefined; deliver: Deliver },
  ) {
    super(opts);
    this.#target = path.target;
    this.#deliver = path.deliver;
  }

  override publish(packet: PublishPacket, callback: Done): void;
  override publish(packet: PublishPacket, client: Client | null, done: Done): void;
  override publish(packet: PublishPacket, client: Client | null | Done, done?: Done): void {
    if (client !== null && typeof client === "object") {
      const objectId = this.#target(packet, client);
      if (objectId !== undefined) {
        this.#deliver(objectId, packet.payload as Uint8Array, () => done?.());
        return;
      }
    }
    // aedes' own publish takes (packet, client, done), which its declarations do not say.
    Reflect.apply(super.publish, this, [packet, client, done]);
  }
}
