import { EventEmitter } from "node:events";
import type { BridgeErrorCode } from "../bridgeError.js";
import { encodeFrame, FrameDecoder, type Message } from "../frame/index.js";
import type { Transport } from "../transport/index.js";

export interface BridgeOptions {
  transport: Transport;
  /** Reopen a closed or failed line after minMs, doubling up to maxMs (default 500 ms .. 30 s). */
  reconnect?: { minMs: number; maxMs: number };
}

export interface BridgeEvents {
  /** A valid frame from the microcontroller. */
  message: [message: Message];
  /** A frame that was counted and skipped (bad CRC, COBS, payload…). */
  rejected: [code: BridgeErrorCode, detail: string];
  state: [state: "open" | "closed"];
  /** The transport failed; the bridge reopens it. */
  fault: [error: Error];
}

export interface BridgeStats {
  frames: number;
  rejected: Partial<Record<BridgeErrorCode, number>>;
  opens: number;
}

/**
 * One line to one microcontroller: opens the transport (and reopens it after a failure, with
 * backoff), decodes the frames it carries and emits each message; damaged frames are counted,
 * reported and skipped, never thrown (PROTOCOL.md §4). `send` writes host → MCU frames.
 *
 * @example
 * const bridge = new Bridge({ transport: createTransport("serial:/dev/ttyUSB0") });
 * bridge.on("message", (m) => console.log(m));
 * bridge.start();
 */
export class Bridge extends EventEmitter<BridgeEvents> {
  private decoder = new FrameDecoder();
  private running = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private opens = 0;
  state: "open" | "closed" = "closed";

  constructor(private readonly o: BridgeOptions) {
    super();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.o.transport.close();
    this.setState("closed");
  }

  /** Writes one message as a frame; rejects when the line is not open. */
  send(message: Message): Promise<void> {
    return this.o.transport.write(encodeFrame(message));
  }

  stats(): BridgeStats {
    return { frames: this.decoder.frames, rejected: { ...this.decoder.errors }, opens: this.opens };
  }

  private async open(): Promise<void> {
    try {
      await this.o.transport.open({
        data: (chunk) => this.onData(chunk),
        error: (e) => this.emit("fault", e),
        close: () => this.onClose(),
      });
    } catch (e) {
      this.emit("fault", e as Error);
      this.retry();
      return;
    }
    if (!this.running) {
      await this.o.transport.close();
      return;
    }
    this.opens++;
    this.attempt = 0;
    this.setState("open");
  }

  private onData(chunk: Uint8Array): void {
    for (const r of this.decoder.push(chunk)) {
      if (r.ok) this.emit("message", r.message);
      else this.emit("rejected", r.code, r.detail);
    }
  }

  private onClose(): void {
    this.setState("closed");
    // Bytes of a frame cut off by the close must not be glued to the first frame after reopening.
    this.onData(Uint8Array.of(0));
    this.retry();
  }

  private retry(): void {
    if (!this.running) return;
    const { minMs, maxMs } = this.o.reconnect ?? { minMs: 500, maxMs: 30_000 };
    const delay = Math.min(maxMs, minMs * 2 ** this.attempt++);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.o.transport.close().then(() => this.open());
    }, delay);
    this.timer.unref();
  }

  private setState(s: "open" | "closed"): void {
    if (this.state === s) return;
    this.state = s;
    this.emit("state", s);
  }
}
