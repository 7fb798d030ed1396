import { bytesEqual, type ParsedStatement, type StatementOf } from "@tet/schemas/device";
import type { Outbox, Reconciliation } from "../outbox/index.js";

/** What a receipt did, for the log and the status file. */
export type ReceiptOutcome =
  | { kind: "ignored"; why: string }
  | { kind: "ack"; seq: number; dropped: number; chain?: Reconciliation }
  | {
      kind: "refused";
      seq: number;
      code: string;
      refusedSeq: number | undefined;
      resynced: boolean;
      chain?: Reconciliation;
    }
  | { kind: "rebased"; seq: number; chain: Extract<Reconciliation, { kind: "rebased" }> };

/**
 * The refusal codes (the ingest's) that condemn the statement itself, so dropping it and chaining
 * the rest again helps. Any other — a key problem, or a transient one like STORE_FAILED or
 * LEDGER_CLOSED, after which the same statement is accepted later — keeps it to be sent again.
 */
const RESYNC = new Set([
  "TOO_LARGE",
  "INVALID_STATEMENT",
  "NOT_DEVICE_STATEMENT",
  "WRONG_OBJECT",
  "BAD_SIGNATURE",
  "SEQ_GAP",
  "CHAIN_FORK",
  "NOT_ACCEPTED",
]);

/** What `handleReceipt` works on. */
export interface ReceiptContext {
  logKey: Uint8Array;
  objectId: Uint8Array;
  outbox: Outbox;
  /**
   * A receipt signed before this time (ms) may acknowledge but not move the chain's head: an old
   * receipt replayed on `down` must not make the agent continue from a head the log has passed.
   */
  rebaseNotBefore: number;
}

/**
 * Applies a `receipt` from the down topic — opened already, its signature checked — to the outbox
 * (schemas README, MQTT protocol: Down). It must be signed by the configured log key (a receipt from
 * anyone else is ignored: it would let them make the agent drop statements) and be about this object.
 * Its head (`seq`, `hash`) is first reconciled with the outbox's chain, which releases signing after
 * the first receipt of a run and continues the chain from the log's head when the outbox lost,
 * rolled back or forked it (then the receipt has done its work). Otherwise entries with seq ≤ `seq`
 * leave the outbox; a receipt with `refused` names a statement the backend would not take: if it is
 * the one right after `seq` and the code condemns the statement itself (`RESYNC`), it is dropped and
 * the later ones are chained again after `seq`, so one bad statement cannot block the stream.
 */
export function handleReceipt(p: ParsedStatement, ctx: ReceiptContext): ReceiptOutcome {
  const r = p.statement as StatementOf<"receipt">;
  if (!bytesEqual(p.signer, ctx.logKey)) return { kind: "ignored", why: "not signed by the log key" };
  if (!bytesEqual(r.obj, ctx.objectId)) return { kind: "ignored", why: "about another object" };
  const replayAt = r.refused?.code === "REPLAY" ? r.refused.seq : undefined;
  const chain = ctx.outbox.reconcile(
    { seq: r.seq, hash: r.hash },
    { replayAt, mayRebase: r.ts >= ctx.rebaseNotBefore },
  );
  if (chain.kind === "rebased") return { kind: "rebased", seq: r.seq, chain };
  const noted = chain.kind === "on-chain" && !chain.released ? {} : { chain };
  if (r.refused) {
    const refusedSeq = r.refused.seq;
    ctx.outbox.acknowledge(r.seq);
    const resynced =
      refusedSeq === r.seq + 1 && RESYNC.has(r.refused.code) && ctx.outbox.resync(r.seq, refusedSeq);
    return { kind: "refused", seq: r.seq, code: r.refused.code, refusedSeq, resynced, ...noted };
  }
  return { kind: "ack", seq: r.seq, dropped: ctx.outbox.acknowledge(r.seq), ...noted };
}
