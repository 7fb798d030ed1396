import type { Statement } from "@tet/schemas";

/** The reading agents add to their signed `state` statements: their outbox depth at signing time. */
export const OUTBOX_READING = "agent.outbox";

/**
 * The latest outbox depth each agent reported (the `agent.outbox` reading of its signed state), kept
 * per object and summarised for /metrics as a total, a maximum and the number of agents reporting —
 * bounded series however many devices there are.
 */
export class OutboxDepths {
  readonly #depth = new Map<string, number>();

  /** Takes the depth from a committed statement, if it is a state statement that carries one. */
  observe(statement: Statement): void {
    if (statement.t !== "state") return;
    const v = statement.readings[OUTBOX_READING]?.v;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return;
    this.#depth.set(Buffer.from(statement.obj).toString("hex"), v);
  }

  /** Total, maximum and count over the agents' latest reports. */
  summary(): { total: number; max: number; agents: number } {
    let total = 0;
    let max = 0;
    for (const d of this.#depth.values()) {
      total += d;
      if (d > max) max = d;
    }
    return { total, max, agents: this.#depth.size };
  }
}
