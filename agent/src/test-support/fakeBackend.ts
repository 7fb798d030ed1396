import { EventEmitter } from "node:events";
import { bytesEqual, downTopic, nobleVerifier, openStatement, sha256, upTopic } from "@tet/schemas";
import mqtt, { type MqttClient } from "mqtt";
import type { makeAvatar } from "./avatar.js";

/**
 * The backend's half of the device protocol, just enough to test the agent against a real broker:
 * it takes statements from `up`, appends them when they extend the chain (seq = head + 1, prev =
 * hash of the head), answers every one with a receipt signed by the log key (a duplicate gets the
 * same receipt again), and can publish down messages (authority chain, commands).
 */
export class FakeBackend extends EventEmitter<{ appended: [seq: number]; statement: [bytes: Uint8Array] }> {
  readonly log: Uint8Array[] = [];
  receipts = true;
  private constructor(
    private readonly client: MqttClient,
    private readonly avatar: ReturnType<typeof makeAvatar>,
  ) {
    super();
  }

  static async start(url: string, avatar: ReturnType<typeof makeAvatar>): Promise<FakeBackend> {
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 4,
      clientId: `backend-${avatar.objectId}`,
    });
    const b = new FakeBackend(client, avatar);
    client.on("message", (_t, payload) => b.onUp(new Uint8Array(payload)));
    await client.subscribeAsync(upTopic(avatar.objectId), { qos: 1 });
    return b;
  }

  get head(): number {
    return this.log.length;
  }

  /** Sends one signed statement to the device. */
  async down(bytes: Uint8Array): Promise<void> {
    await this.client.publishAsync(downTopic(this.avatar.objectId), Buffer.from(bytes), { qos: 1 });
  }

  /** Resolves once the log holds `seq`. */
  reached(seq: number): Promise<void> {
    if (this.head >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const on = (s: number) => {
        if (s < seq) return;
        this.off("appended", on);
        resolve();
      };
      this.on("appended", on);
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }

  private onUp(bytes: Uint8Array): void {
    this.emit("statement", bytes);
    const p = openStatement(bytes, { verifier: nobleVerifier });
    const s = p.statement as { seq: number; prev: Uint8Array };
    const prev = this.log.length === 0 ? new Uint8Array(32) : sha256(this.log.at(-1)!);
    if (s.seq === this.head + 1 && bytesEqual(s.prev, prev)) {
      this.log.push(bytes);
      this.emit("appended", s.seq);
    } else if (s.seq > this.head + 1) {
      if (this.receipts) void this.down(this.avatar.receipt(this.head, { code: "SEQ_GAP", seq: s.seq }));
      return;
    } else if (s.seq <= this.head && !bytesEqual(this.log[s.seq - 1]!, bytes)) {
      throw new Error(`fork at seq ${s.seq}`);
    }
    if (this.receipts) void this.down(this.avatar.receipt(this.head));
  }
}
