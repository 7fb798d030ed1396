import { bytesEqual, type Ed25519Signer, sha256 } from "@tet/schemas/device";
import { chainNext } from "../chain/index.js";
import type { OutboxRecord } from "./outboxRecord.js";
import type { Draft, OutboxState } from "./outboxState.js";

/** Where the log's copy of a device chain ends, as a log-signed receipt says: `seq` and its hash. */
export interface LogHead {
  seq: number;
  /** SHA-256 of the bytes at `seq` (32 zero bytes at seq 0); receipts from older backends lack it. */
  hash: Uint8Array | undefined;
}

/** What the outbox knows besides its state: which entries this run signed, what it recovered at open. */
export interface RebaseContext {
  /** True until the first receipt of the run: nothing has been signed since the outbox was opened. */
  held: boolean;
  /** Entries above this seq were signed in this run, on a head the log confirmed. */
  baseSeq: number;
  /** Drafts with a smaller id were in the outbox when it was opened (they may have been signed before). */
  recoveredBelow: number;
  /** Telemetry the recovered gap tally counted (it may have been signed before too). */
  recoveredGap: number;
  /** The receipt refused our statement at this seq as a REPLAY: the log holds another one there. */
  replayAt: number | undefined;
  signer: Ed25519Signer;
}

/** How a rebase decided which recovered drafts the log holds already. */
export type DraftProof = "hash" | "count" | "none";

/** The verdict on a receipt's head: on our chain, a rebase to make, or one that cannot be made. */
export type RebasePlan =
  | { kind: "on-chain" }
  | { kind: "unverifiable"; why: string }
  | {
      kind: "rebase";
      why: "behind" | "fork" | "replay";
      record: Extract<OutboxRecord, { type: "rebase" }>;
      delivered: number;
      redrafted: number;
      proof: DraftProof;
    };

/**
 * Compares the log's head with the outbox's chain and plans a `rebase` when they disagree (pure: the
 * outbox logs the record). In normal operation the log's head is at or below ours, on our chain.
 * When the log holds more than we signed (`behind`: the outbox was deleted, truncated or restored), a
 * different statement at a seq we hold (`fork`), or refused ours as a REPLAY, our chain continues
 * from the log's head instead — never from a seq it has used. Our signed entries it must hold (all,
 * for `behind` before the first receipt of a run: they were signed and sent in an earlier run) leave;
 * the rest are drafted again. Drafts recovered at open were signed first-in first-out after the
 * recovered head, so the log's extra seqs consumed the oldest of them: proven by signing them again
 * in memory and comparing the chain hash with the receipt's (`hash`), else assumed by count.
 */
export function planRebase(s: OutboxState, head: LogHead, c: RebaseContext): RebasePlan {
  let offChain: number;
  let why: "behind" | "fork" | "replay";
  if (c.replayAt !== undefined && s.signed.has(c.replayAt) && head.seq >= c.replayAt) {
    offChain = c.replayAt;
    why = "replay";
  } else if (head.seq <= s.head.seq) {
    const ours = hashAt(s, head.seq);
    if (ours === undefined || head.hash === undefined || bytesEqual(ours, head.hash))
      return { kind: "on-chain" };
    offChain = head.seq;
    why = "fork";
  } else {
    offChain = c.held ? 0 : c.baseSeq + 1; // this run's entries cannot be in a log that has others there
    why = "behind";
  }
  if (head.hash === undefined)
    return {
      kind: "unverifiable",
      why: `the log holds this chain up to seq ${head.seq} but its receipt names no hash to continue from (a backend without receipt hashes)`,
    };
  const signed = [...s.signed.keys()];
  const redrafted = offChain > 0 ? signed.filter((q) => q >= offChain).length : 0;
  const taken =
    why === "behind" && c.held
      ? consumed(s, { seq: head.seq, hash: head.hash }, c)
      : { ids: [], gapDropped: 0, proof: "none" as const };
  return {
    kind: "rebase",
    why,
    record: {
      type: "rebase",
      seq: head.seq,
      hash: head.hash,
      offChain,
      consumed: taken.ids,
      gapDropped: taken.gapDropped,
    },
    delivered: signed.length - redrafted + taken.ids.length,
    redrafted,
    proof: taken.proof,
  };
}

/** The hash of our statement at `seq`, when the outbox still knows it. */
function hashAt(s: OutboxState, seq: number): Uint8Array | undefined {
  if (seq === s.head.seq) return s.head.hash;
  const e = s.signed.get(seq);
  if (e) return sha256(e.bytes);
  return seq === s.acked.seq ? s.acked.hash : undefined;
}

// The recovered drafts (and gap tally) the log's seqs after our head took, oldest first.
function consumed(
  s: OutboxState,
  head: { seq: number; hash: Uint8Array },
  c: RebaseContext,
): { ids: number[]; gapDropped: number; proof: DraftProof } {
  let n = head.seq - s.head.seq;
  const gapDropped = Math.max(c.recoveredGap, 0);
  if (gapDropped > 0) n--; // a pending gap is signed before any draft
  const recovered: Draft[] = [];
  for (const d of s.drafts.values()) if (d.id < c.recoveredBelow) recovered.push(d);
  const taken = recovered.slice(0, Math.max(0, n));
  if (taken.length === 0) return { ids: [], gapDropped, proof: gapDropped > 0 ? "count" : "none" };
  let proof: DraftProof = "count";
  if (gapDropped === 0 && n <= recovered.length) {
    // Ed25519 is deterministic: the same drafts on the same head give the same bytes, hence the same hash.
    let h = s.head;
    for (const d of taken) h = chainNext(h, d.payload, c.signer).head;
    if (bytesEqual(h.hash, head.hash)) proof = "hash";
  }
  return { ids: taken.map((d) => d.id), gapDropped, proof };
}
