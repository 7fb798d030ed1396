import type { Link } from "../link/index.js";
import type { Outbox } from "../outbox/index.js";

/**
 * Moves signed statements from the outbox to the link in seq order (schemas README, MQTT protocol:
 * Up). Each connection starts again from the oldest unacknowledged entry — the backend appends
 * idempotently by (object, seq) and answers a duplicate with the same receipt — and, while
 * connected, anything still unacknowledged `resendMs` after the last receipt is sent again.
 */
export class Sender {
  private sentThrough = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly link: Link,
    private readonly resendMs = 60_000,
  ) {}

  /** The link (re)connected: resend everything unacknowledged. */
  restart(): void {
    this.sentThrough = 0;
    this.pump();
  }

  /** A receipt moved the window: send what is newly signed and reset the resend clock. */
  progressed(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pump();
  }

  /** Sends every signed entry not yet sent on this connection. */
  pump(): void {
    if (this.link.state !== "connected") return;
    for (const e of this.outbox.unacked()) {
      if (e.seq <= this.sentThrough) continue;
      this.sentThrough = e.seq;
      this.link.publish(e.bytes).catch(() => {
        // The connection dropped; the next connection resends from the oldest unacknowledged.
      });
    }
    if (this.timer === undefined && this.outbox.unacked().length > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.restart();
      }, this.resendMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
