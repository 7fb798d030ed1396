import type { GapTally, OutboxRecord } from "./outboxRecord.js";
import type { OutboxState } from "./outboxState.js";

/** What happens to telemetry when the outbox is full. Usage, gaps and command results are never dropped. */
export type FullPolicy = "drop-oldest" | "drop-newest";

/** The outbox's bound and what it does when the bound is reached. */
export interface RoomOptions {
  maxBytes: number;
  policy: FullPolicy | undefined;
}

/**
 * The full policy for one arriving draft of `size` bytes (ARCHITECTURE.md, MQTT: nothing is lost):
 * when telemetry (`state`) would take the live bytes past `maxBytes`, telemetry drafts are dropped —
 * the oldest first (`drop-oldest`, the default) until it fits, or the arriving one (`drop-newest`,
 * or when dropping the older ones is not enough) — and tallied for the signed `gap` statement that
 * takes their place in the chain. Usage and everything else always stays, past the bound if need
 * be. Pure: the outbox logs the `drop` record.
 */
export function planRoom(
  s: OutboxState,
  arriving: { t: string; ts: number; size: number },
  o: RoomOptions,
): { keep: boolean; drop: Extract<OutboxRecord, { type: "drop" }> | undefined } {
  const { size, ts } = arriving;
  if (arriving.t !== "state" || s.liveBytes + size <= o.maxBytes) return { keep: true, drop: undefined };
  const ids: number[] = [];
  const tally: GapTally = { dropped: 0, from: ts, to: ts };
  let free = o.maxBytes - s.liveBytes;
  if (o.policy !== "drop-newest") {
    for (const d of s.drafts.values()) {
      if (free >= size) break;
      if (d.t !== "state") continue;
      ids.push(d.id);
      free += d.size;
      tally.dropped++;
      tally.from = Math.min(tally.from, d.ts);
      tally.to = Math.max(tally.to, d.ts);
    }
  }
  const keep = free >= size;
  if (!keep) tally.dropped++;
  return { keep, drop: tally.dropped > 0 ? { type: "drop", ids, tally } : undefined };
}
