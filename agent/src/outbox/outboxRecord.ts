import { type CborValue, decodeStrict, encode } from "@tet/schemas/device";
import { AgentError } from "../errors.js";

/** The gap being accumulated: telemetry dropped under the full-outbox policy, not yet signed. */
export interface GapTally {
  dropped: number;
  from: number;
  to: number;
}

/**
 * The records of the outbox log. Every change of state is one record, so replaying the log from its
 * snapshot rebuilds the state exactly:
 * - `snap`: the state a segment starts from (chain head, acknowledged seq, gap tally, counters);
 * - `put`: a durable draft (a device statement that has not taken its place in the chain yet);
 * - `sign`: a signed device statement, consuming a draft (`from` > 0) or the gap tally (`gap`);
 * - `drop`: drafts dropped by the full policy, added to the gap tally;
 * - `ack`: a receipt covered every seq up to `seq`;
 * - `resync`: the backend refused `refused`; signed entries after `seq` go back to drafts;
 * - `rebase`: the log's copy of the chain ends at `seq` (`hash`), not where this outbox thought
 *   (it was lost, rolled back or forked): signed entries from `offChain` on (0: none) go back to the
 *   drafts, the others and the drafts `consumed` are in the log, and so is `gapDropped` of the tally.
 */
export type OutboxRecord =
  | {
      type: "snap";
      nextId: number;
      headSeq: number;
      headHash: Uint8Array;
      ackedSeq: number;
      ackedHash: Uint8Array;
      gap: GapTally | null;
      droppedTotal: number;
    }
  | { type: "put"; id: number; ts: number; t: string; payload: Uint8Array }
  | { type: "sign"; from: number; gap: boolean; seq: number; bytes: Uint8Array }
  | { type: "drop"; ids: number[]; tally: GapTally }
  | { type: "ack"; seq: number; hash: Uint8Array }
  | { type: "resync"; seq: number; hash: Uint8Array; refused: number }
  | {
      type: "rebase";
      seq: number;
      hash: Uint8Array;
      offChain: number;
      consumed: number[];
      gapDropped: number;
    };

const TYPES = ["snap", "put", "sign", "drop", "ack", "resync", "rebase"] as const;

/** The record's type byte and CBOR body (deterministic encoding, RFC 8949 §4.2.1): a positional array. */
export function encodeRecord(r: OutboxRecord): { type: number; body: Uint8Array } {
  const tally = (g: GapTally | null): CborValue => (g === null ? null : [g.dropped, g.from, g.to]);
  let values: CborValue[];
  switch (r.type) {
    case "snap":
      values = [r.nextId, r.headSeq, r.headHash, r.ackedSeq, r.ackedHash, tally(r.gap), r.droppedTotal];
      break;
    case "put":
      values = [r.id, r.ts, r.t, r.payload];
      break;
    case "sign":
      values = [r.from, r.gap, r.seq, r.bytes];
      break;
    case "drop":
      values = [r.ids, tally(r.tally)];
      break;
    case "ack":
      values = [r.seq, r.hash];
      break;
    case "resync":
      values = [r.seq, r.hash, r.refused];
      break;
    case "rebase":
      values = [r.seq, r.hash, r.offChain, r.consumed, r.gapDropped];
      break;
  }
  return { type: TYPES.indexOf(r.type) + 1, body: encode(values) };
}

/** Decodes a record read back from a segment; a defect means the outbox is corrupt. */
export function decodeRecord(type: number, body: Uint8Array): OutboxRecord {
  const name = TYPES[type - 1];
  let v: CborValue[];
  try {
    v = decodeStrict(body, { tags: [], maxBytes: body.length }) as CborValue[];
  } catch (cause) {
    throw new AgentError("OUTBOX_CORRUPT", `record of type ${type} does not decode`, { cause });
  }
  if (name === undefined || !Array.isArray(v)) throw new AgentError("OUTBOX_CORRUPT", `record type ${type}`);
  const n = (i: number) => v[i] as number;
  const b = (i: number) => v[i] as Uint8Array;
  const tally = (i: number): GapTally | null => {
    const t = v[i] as number[] | null;
    return t === null ? null : { dropped: t[0]!, from: t[1]!, to: t[2]! };
  };
  switch (name) {
    case "snap":
      return {
        type: name,
        nextId: n(0),
        headSeq: n(1),
        headHash: b(2),
        ackedSeq: n(3),
        ackedHash: b(4),
        gap: tally(5),
        droppedTotal: n(6),
      };
    case "put":
      return { type: name, id: n(0), ts: n(1), t: v[2] as string, payload: b(3) };
    case "sign":
      return { type: name, from: n(0), gap: v[1] === true, seq: n(2), bytes: b(3) };
    case "drop":
      return { type: name, ids: v[0] as number[], tally: tally(1)! };
    case "ack":
      return { type: name, seq: n(0), hash: b(1) };
    case "resync":
      return { type: name, seq: n(0), hash: b(1), refused: n(2) };
    case "rebase":
      return {
        type: name,
        seq: n(0),
        hash: b(1),
        offChain: n(2),
        consumed: v[3] as number[],
        gapDropped: n(4),
      };
  }
}
