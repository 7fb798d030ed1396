import { decodeSign1, decodeStrict, sha256 } from "@tet/schemas/device";
import { type ChainHead, GENESIS_HEAD, placeInChain } from "../chain/index.js";
import { AgentError } from "../errors.js";
import { encodeRecord, type GapTally, type OutboxRecord } from "./outboxRecord.js";
import { FRAME_HEADER_BYTES } from "./recordFrame.js";

/** A durable draft: a device statement waiting for its place in the chain. */
export interface Draft {
  readonly id: number;
  readonly ts: number;
  /** The statement kind; only `state` is telemetry that the full policy may drop. */
  readonly t: string;
  /** The deterministic CBOR payload with placeholder seq/prev. */
  readonly payload: Uint8Array;
  readonly size: number;
}

/** A signed device statement, in the chain, waiting for a receipt. */
export interface Signed {
  readonly seq: number;
  readonly bytes: Uint8Array;
  readonly size: number;
}

/** The size on disk of a record, framing included. */
export function recordSize(r: OutboxRecord): number {
  return FRAME_HEADER_BYTES + 1 + encodeRecord(r).body.length;
}

/**
 * The draft a signed entry came from, to be chained again: its payload with the placeholder `seq` 1
 * and zero `prev` back in place, and its kind and time. The bytes are the outbox's own (signed from a
 * validated draft), so nothing is validated or encoded again.
 */
function draftOf(bytes: Uint8Array): { payload: Uint8Array; t: string; ts: number } {
  const payload = placeInChain(decodeSign1(bytes).payload, 1, GENESIS_HEAD.hash);
  const map = decodeStrict(payload, { tags: [] });
  const t = map instanceof Map ? map.get("t") : undefined;
  const ts = map instanceof Map ? map.get("ts") : undefined;
  if (typeof t !== "string" || typeof ts !== "number")
    throw new AgentError("OUTBOX_CORRUPT", "a signed entry");
  return { payload, t, ts };
}

/**
 * The outbox's state as a pure function of its records: `apply` is used both live (after a record is
 * written) and in recovery (replaying the log), so the two can never disagree.
 */
export class OutboxState {
  nextId = 1;
  head: ChainHead = GENESIS_HEAD;
  acked: ChainHead = GENESIS_HEAD;
  gap: GapTally | null = null;
  droppedTotal = 0;
  /** Drafts in the order they will be signed. */
  drafts = new Map<number, Draft>();
  /** Signed statements by seq, ascending. */
  readonly signed = new Map<number, Signed>();
  /** Bytes of the live records (drafts and signed entries): what the byte bound limits. */
  liveBytes = 0;

  apply(r: OutboxRecord, size: number): void {
    switch (r.type) {
      case "snap":
        this.nextId = r.nextId;
        this.head = { seq: r.headSeq, hash: r.headHash };
        this.acked = { seq: r.ackedSeq, hash: r.ackedHash };
        this.gap = r.gap;
        this.droppedTotal = r.droppedTotal;
        break;
      case "put":
        this.drafts.set(r.id, { id: r.id, ts: r.ts, t: r.t, payload: r.payload, size });
        this.liveBytes += size;
        this.nextId = Math.max(this.nextId, r.id + 1);
        break;
      case "sign":
        if (r.from > 0) this.removeDraft(r.from);
        if (r.gap) this.gap = null;
        this.signed.set(r.seq, { seq: r.seq, bytes: r.bytes, size });
        this.liveBytes += size;
        this.head = { seq: r.seq, hash: sha256(r.bytes) };
        break;
      case "drop":
        for (const id of r.ids) this.removeDraft(id);
        this.gap = mergeGap(this.gap, r.tally);
        this.droppedTotal += r.tally.dropped;
        break;
      case "ack":
        this.dropSignedThrough(r.seq);
        this.acked = { seq: r.seq, hash: r.hash };
        break;
      case "resync":
        this.resync(r.seq, r.hash, r.refused);
        break;
      case "rebase":
        this.rebase(r);
        break;
    }
  }

  /** The snapshot a new segment starts from. */
  snapshot(): OutboxRecord {
    return {
      type: "snap",
      nextId: this.nextId,
      headSeq: this.head.seq,
      headHash: this.head.hash,
      ackedSeq: this.acked.seq,
      ackedHash: this.acked.hash,
      gap: this.gap,
      droppedTotal: this.droppedTotal,
    };
  }

  private removeDraft(id: number): void {
    const d = this.drafts.get(id);
    if (!d) return;
    this.drafts.delete(id);
    this.liveBytes -= d.size;
  }

  private dropSignedThrough(seq: number): void {
    for (const [s, e] of this.signed) {
      if (s > seq) break;
      this.signed.delete(s);
      this.liveBytes -= e.size;
    }
  }

  // The backend holds the chain up to `seq` (hash `hash`) and refused `refused`: every signed entry
  // after `seq` but the refused one goes back to the front of the drafts, to be chained again.
  private resync(seq: number, hash: Uint8Array, refused: number): void {
    this.dropSignedThrough(seq);
    this.redraftSigned((s) => s !== refused);
    this.head = { seq, hash };
    this.acked = { seq, hash };
  }

  // The log's copy of the chain ends at `seq`: signed entries it holds leave, those it cannot hold
  // (from `offChain` on) are drafted again in front; the consumed drafts and gap tally leave.
  private rebase(r: Extract<OutboxRecord, { type: "rebase" }>): void {
    this.redraftSigned((s) => r.offChain > 0 && s >= r.offChain);
    for (const id of r.consumed) this.removeDraft(id);
    if (this.gap && r.gapDropped > 0) {
      const left = this.gap.dropped - r.gapDropped;
      this.gap = left > 0 ? { ...this.gap, dropped: left } : null;
    }
    this.head = { seq: r.seq, hash: r.hash };
    this.acked = { seq: r.seq, hash: r.hash };
  }

  // Empties the signed entries; those `keep` selects go back to the front of the drafts, in seq order.
  private redraftSigned(keep: (seq: number) => boolean): void {
    const redrafted = new Map<number, Draft>();
    for (const [s, e] of this.signed) {
      this.signed.delete(s);
      this.liveBytes -= e.size;
      if (!keep(s)) continue;
      const { payload, t, ts } = draftOf(e.bytes);
      const id = this.nextId++;
      const size = recordSize({ type: "put", id, ts, t, payload });
      redrafted.set(id, { id, ts, t, payload, size });
      this.liveBytes += size;
    }
    this.drafts = new Map([...redrafted, ...this.drafts]);
  }
}

function mergeGap(a: GapTally | null, b: GapTally): GapTally {
  if (a === null) return { ...b };
  return { dropped: a.dropped + b.dropped, from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}
