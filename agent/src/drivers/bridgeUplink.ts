import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Bridge } from "@tet/firmware-bridge";
import {
  bytesEqual,
  isDeviceStatement,
  isTetError,
  objectIdFromText,
  parseStatement,
  type StatementOf,
} from "@tet/schemas/device";
import { Link } from "../link/index.js";

export interface PassThroughOptions {
  bridge: Bridge;
  /** The MCU's own avatar (its key is a device key of that object, not of the agent's). */
  objectId: string;
  url: string;
  protocol: 4 | 5;
  caPath?: string;
  /** Statements held while the broker is unreachable; the oldest go first (the MCU resends). Default 1000. */
  maxQueued?: number;
}

export interface PassThroughEvents {
  /** A statement frame that is not the MCU's device statement for its avatar: counted, not sent. */
  refused: [why: string];
  forwarded: [seq: number];
}

/**
 * Pass-through (PROTOCOL.md §5): the MCU signs its own statements — its own avatar, key, seq and
 * prev chain — and the agent only carries bytes. Up: each device statement for the MCU's object is
 * published untouched on that object's `up` topic. Login: the broker wants a fresh `connect`
 * statement signed by a device key of the object, so before every connection attempt the bridge
 * sends the MCU a `login` frame (time and nonce) and uses the `connect` statement it signs as the
 * MQTT password. Down: receipts and commands from the object's `down` topic go to the MCU as `down`
 * frames, untouched — the MCU drops what a receipt covers and resends the rest. The agent keeps
 * nothing on disk for the MCU: the MCU's own buffer is the outbox of its chain.
 */
export class PassThroughUplink extends EventEmitter<PassThroughEvents> {
  readonly link: Link;
  /** Statements published (PUBACK received). */
  forwarded = 0;
  private readonly obj: Uint8Array;
  private login: Uint8Array = new Uint8Array(0);
  /** The nonce of the login request awaiting the MCU's connect statement. */
  private asked: Uint8Array | undefined;
  private readonly queue: Uint8Array[] = [];
  private started = false;
  private sending = false;

  constructor(private readonly o: PassThroughOptions) {
    super();
    this.obj = objectIdFromText(o.objectId);
    this.link = new Link({
      url: o.url,
      protocol: o.protocol,
      objectId: o.objectId,
      caPath: o.caPath,
      password: () => this.takeLogin(),
    });
  }

  start(): void {
    const { bridge } = this.o;
    // Ask for a login whenever the line (re)opens or the next attempt is scheduled; the link starts
    // on the first connect statement.
    bridge.on("state", (s) => s === "open" && this.requestLogin());
    if (bridge.state === "open") this.requestLogin();
    this.link.on("retry", () => this.requestLogin());
    this.link.on("state", (s) => s === "connected" && void this.pump());
    this.link.on("message", (bytes) => void bridge.send({ type: "down", bytes }).catch(() => {}));
  }

  async stop(): Promise<void> {
    await this.link.stop();
  }

  /** A statement frame from the MCU. */
  forward(bytes: Uint8Array): void {
    let obj: Uint8Array;
    let kind: string;
    try {
      const s = parseStatement(bytes).statement; // strict: the backend would refuse anything else
      kind = s.t;
      obj = (s as { obj: Uint8Array }).obj;
      if (kind === "connect") {
        if (!bytesEqual(obj, this.obj)) return void this.emit("refused", "connect for another object");
        // Only the answer to the latest request is kept: an older one is spent or about to go stale.
        if (!this.asked || !bytesEqual((s as StatementOf<"connect">).nonce, this.asked)) return;
        this.asked = undefined;
        this.login = bytes;
        if (!this.started) {
          this.started = true;
          this.link.start();
        }
        return;
      }
      if (!isDeviceStatement(s)) return void this.emit("refused", `${kind} is not a device statement`);
    } catch (e) {
      return void this.emit("refused", isTetError(e) ? e.code : String(e));
    }
    if (!bytesEqual(obj, this.obj)) return void this.emit("refused", "statement for another object");
    if (this.queue.length >= (this.o.maxQueued ?? 1000)) this.queue.shift();
    this.queue.push(bytes);
    void this.pump();
  }

  private takeLogin(): Uint8Array {
    const l = this.login;
    this.login = new Uint8Array(0); // single use: a second attempt needs a fresh one
    return l;
  }

  /** The MCU (re)started: until the link runs, ask it for a login now. */
  hello(): void {
    if (!this.started || this.link.state !== "connected") this.requestLogin();
  }

  private requestLogin(): void {
    this.asked = new Uint8Array(randomBytes(16));
    this.o.bridge.send({ type: "login", ts: Date.now(), nonce: this.asked }).catch(() => {}); // the line is down: it asks again when it reopens
  }

  // Publishes queued statements in order, one PUBACK at a time, so seq N+1 never overtakes N.
  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && this.link.state === "connected") {
        const bytes = this.queue[0]!;
        try {
          await this.link.publish(bytes);
        } catch {
          return; // disconnected: the next connection continues from here
        }
        this.queue.shift();
        this.forwarded++;
        this.emit("forwarded", this.forwarded);
      }
    } finally {
      this.sending = false;
    }
  }
}
