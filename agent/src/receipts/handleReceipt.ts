import { bytesEqual, type ParsedStatement, type StatementOf } from "@tet/schemas/device";
import type { Outbox } from "../outbox/index.js";

/** What a receipt did, for the log and the status file. */
export type ReceiptOutcome =
  | { kind: "ignored"; why: string }
  | { kind: "ack"; seq: number; dropped: number }
  | { kind: "refused"; seq: number; code: string; refusedSeq: number | undefined; resynced: boolean };

/** Codes after which re-chaining cannot help: the key itself is the problem. */
const NO_RESYNC = new Set(["KEY_NOT_BOUND", "NOT_AUTHORIZED", "UNKNOWN_OBJECT"]);

/**
 * Applies a `receipt` from the down topic to the outbox (schemas README, MQTT protocol: Down). It
 * must be signed by the configured log key (a receipt from anyone else is ignored: it would let them
 * make the agent drop statements) and be about this object. Entries with seq ≤ `seq` leave the
 * outbox. A receipt with `refused` names a statement the backend would not take: if it is the one
 * right after `seq`, it is dropped and the later ones are chained again after `seq`, so one bad
 * statement cannot block the stream.
 */
export function handleReceipt(
  p: ParsedStatement,
  ctx: { logKey: Uint8Array; objectId: Uint8Array; outbox: Outbox },
): ReceiptOutcome {
  const r = p.statement as StatementOf<"receipt">;
  if (!bytesEqual(p.signer, ctx.logKey)) return { kind: "ignored", why: "not signed by the log key" };
  if (!bytesEqual(r.obj, ctx.objectId)) return { kind: "ignored", why: "about another object" };
  if (r.refused) {
    const refusedSeq = r.refused.seq;
    ctx.outbox.acknowledge(r.seq);
    const resynced =
      refusedSeq === r.seq + 1 && !NO_RESYNC.has(r.refused.code) && ctx.outbox.resync(r.seq, refusedSeq);
    return { kind: "refused", seq: r.seq, code: r.refused.code, refusedSeq, resynced };
  }
  return { kind: "ack", seq: r.seq, dropped: ctx.outbox.acknowledge(r.seq) };
}
