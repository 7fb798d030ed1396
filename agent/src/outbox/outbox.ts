import { type Ed25519Signer, sha256 } from "@tet/schemas/device";
import { chainNext, type DeviceDraft, encodeDraft } from "../chain/index.js";
import type { GapTally, OutboxRecord } from "./outboxRecord.js";
import { OutboxState, type Signed } from "./outboxState.js";
import { type DraftProof, type LogHead, planRebase } from "./planRebase.js";
import { type FullPolicy, planRoom, type RoomOptions } from "./planRoom.js";
import { frameOf, type SegmentDamage, SegmentFile } from "./segmentFile.js";

export interface OutboxOptions {
  /** The directory the segment files live in (created, mode 0700). */
  dir: string;
  /** The object the device statements are about (for the gap statements the outbox signs). */
  objectId: Uint8Array;
  signer: Ed25519Signer;
  /** Bound on the bytes of live entries; default 4 MiB. */
  maxBytes?: number;
  policy?: FullPolicy;
  /** How many signed statements may wait for a receipt at once (the rest wait as drafts); default 64. */
  window?: number;
  now?: () => number;
  /**
   * Sign nothing until `reconcile` has seen the log's head once (the agent: a lost, truncated or
   * restored outbox must not sign seqs the log has used). Default false: sign at once.
   */
  holdUntilHead?: boolean;
}

/** What `reconcile` did with the log's head. */
export type Reconciliation =
  | { kind: "on-chain"; released: boolean }
  | { kind: "unverifiable"; why: string }
  | {
      kind: "rebased";
      why: "behind" | "fork" | "replay";
      from: number;
      to: number;
      delivered: number;
      redrafted: number;
      proof: DraftProof;
    };

/** Counters for `tet-agent status` and the tests. */
export interface OutboxStats {
  entries: number;
  drafts: number;
  signed: number;
  bytes: number;
  fileBytes: number;
  headSeq: number;
  ackedSeq: number;
  droppedTotal: number;
  pendingGap: GapTally | null;
  /** True while signing waits for the log's head (see `holdUntilHead`). */
  held: boolean;
}

/**
 * The agent's durable outbox (ARCHITECTURE.md, MQTT: nothing is lost). A device statement is stored
 * as a draft, fsync'd before `add` returns, and signed into the device hash chain while fewer than
 * `window` signed statements wait for a receipt; a statement leaves only when a receipt covers its
 * seq. When the live bytes would pass `maxBytes`, the full policy drops telemetry (`state`) drafts —
 * the oldest, or the one arriving — and tallies them into a signed `gap` statement that takes the
 * next place in the chain, so the backend always sees an unbroken chain. Usage is never dropped:
 * it may take the outbox past its bound.
 */
export class Outbox {
  private state = new OutboxState();
  private segment: SegmentFile;
  private readonly room: RoomOptions;
  private readonly window: number;
  private readonly now: () => number;
  /** Damage found when the outbox was opened (the part after it was set aside); null if none. */
  readonly damage: SegmentDamage | null;
  private held: boolean;
  private baseSeq: number;
  private recoveredBelow: number;
  private recoveredGap: number;

  private constructor(private readonly opts: OutboxOptions) {
    this.room = { maxBytes: opts.maxBytes ?? 4 * 1024 * 1024, policy: opts.policy };
    this.window = opts.window ?? 64;
    this.now = opts.now ?? Date.now;
    const opened = SegmentFile.open(opts.dir, this.state.snapshot());
    this.segment = opened.segment;
    this.damage = opened.damage;
    for (const { r, size } of opened.records) this.state.apply(r, size);
    this.held = opts.holdUntilHead ?? false;
    this.baseSeq = this.state.head.seq;
    this.recoveredBelow = this.state.nextId;
    this.recoveredGap = this.state.gap?.dropped ?? 0;
  }

  /**
   * Opens (or creates) the outbox in `opts.dir`, recovering from a torn tail. Damage inside the
   * file (a bad record followed by good ones, a first record that is no snapshot) is not a torn
   * write: the file is kept aside (`damage`) and the outbox continues from the part before it.
   */
  static open(opts: OutboxOptions): Outbox {
    const outbox = new Outbox(opts);
    outbox.fill();
    outbox.segment.sync();
    return outbox;
  }

  /**
   * Checks the log's head from a log-signed receipt against this outbox's chain, and releases
   * signing after the first one of a run. When the log holds more than this outbox signed, another
   * statement at one of its seqs, or refused one as a REPLAY (`replayAt`), the chain continues from
   * the log's head (see `planRebase`): no seq the log has used is signed again. Without `mayRebase`
   * (a receipt too old to be trusted with that) a needed rebase is refused as `unverifiable`.
   */
  reconcile(
    head: LogHead,
    opts: { replayAt?: number | undefined; mayRebase?: boolean } = {},
  ): Reconciliation {
    const plan = planRebase(this.state, head, {
      held: this.held,
      baseSeq: this.baseSeq,
      recoveredBelow: this.recoveredBelow,
      recoveredGap: this.recoveredGap,
      replayAt: opts.replayAt,
      signer: this.opts.signer,
    });
    if (plan.kind === "unverifiable") return plan;
    if (plan.kind === "rebase" && opts.mayRebase === false)
      return {
        kind: "unverifiable",
        why: `a receipt for seq ${head.seq} older than this run would move the chain head`,
      };
    const from = this.state.head.seq;
    const released = this.held;
    if (plan.kind === "rebase") this.log(plan.record);
    this.held = false;
    this.recoveredBelow = 0;
    this.recoveredGap = 0;
    this.baseSeq = this.state.head.seq;
    this.fill();
    this.segment.sync();
    this.compactIfWorthIt();
    if (plan.kind === "on-chain") return { kind: "on-chain", released };
    const { why, delivered, redrafted, proof } = plan;
    return { kind: "rebased", why, from, to: plan.record.seq, delivered, redrafted, proof };
  }

  /**
   * Stores device statements durably (one fsync for the batch), applying the full policy. Each draft
   * is validated and encoded here, once (`encodeDraft`); a draft that is no valid statement throws
   * its STATEMENT_* error.
   */
  add(drafts: readonly DeviceDraft[]): { stored: number; dropped: number } {
    let stored = 0;
    let dropped = 0;
    for (const draft of drafts) {
      const payload = encodeDraft(draft);
      const put: OutboxRecord = { type: "put", id: this.state.nextId, ts: draft.ts, t: draft.t, payload };
      const frame = frameOf(put);
      const room = planRoom(this.state, { t: draft.t, ts: draft.ts, size: frame.length }, this.room);
      if (room.drop) this.log(room.drop);
      dropped += room.drop?.tally.dropped ?? 0;
      if (room.keep) {
        this.write(put, frame);
        stored++;
      }
    }
    this.fill();
    this.segment.sync(); // an entry counts as stored only after this
    this.compactIfWorthIt();
    return { stored, dropped };
  }

  /** Signed statements waiting for a receipt, in seq order: what the link sends. */
  unacked(): Signed[] {
    return [...this.state.signed.values()];
  }

  /** A receipt covers every seq up to `seq`: those entries leave. Returns how many left. */
  acknowledge(seq: number): number {
    const s = this.state;
    if (seq <= s.acked.seq || seq > s.head.seq) return 0;
    let covered = 0;
    for (const k of s.signed.keys()) if (k <= seq) covered++;
    this.log({ type: "ack", seq, hash: sha256(s.signed.get(seq)!.bytes) });
    this.fill();
    this.segment.sync();
    this.compactIfWorthIt();
    return covered;
  }

  /**
   * The backend refused statement `refused` (a chain defect or an invalid statement) and holds the
   * chain up to `seq`: the refused statement is dropped and the later ones are chained again after
   * `seq`. Returns false when `seq` is not a point this outbox can continue from.
   */
  resync(seq: number, refused: number): boolean {
    const s = this.state;
    const hash = seq === s.acked.seq ? s.acked.hash : s.signed.get(seq) && sha256(s.signed.get(seq)!.bytes);
    if (!hash || refused <= seq || !s.signed.has(refused)) return false;
    this.log({ type: "resync", seq, hash, refused });
    this.fill();
    this.segment.sync();
    return true;
  }

  stats(): OutboxStats {
    const s = this.state;
    return {
      entries: s.drafts.size + s.signed.size,
      drafts: s.drafts.size,
      signed: s.signed.size,
      bytes: s.liveBytes,
      fileBytes: this.segment.bytes,
      headSeq: s.head.seq,
      ackedSeq: s.acked.seq,
      droppedTotal: s.droppedTotal,
      pendingGap: s.gap && { ...s.gap },
      held: this.held,
    };
  }

  close(): void {
    this.segment.close();
  }

  private log(r: OutboxRecord): void {
    this.write(r, frameOf(r));
  }

  private write(r: OutboxRecord, frame: Uint8Array): void {
    this.segment.append(frame);
    this.state.apply(r, frame.length);
  }

  // Signs drafts (a pending gap first) into the chain while the window has room.
  private fill(): void {
    const s = this.state;
    if (this.held) return;
    while (s.signed.size < this.window) {
      if (s.gap) {
        const { dropped, from, to } = s.gap;
        const draft: DeviceDraft = {
          v: 1,
          t: "gap",
          ts: this.now(),
          obj: this.opts.objectId,
          dropped,
          from,
          to,
          reason: "outbox-full",
        };
        const { bytes, head } = chainNext(s.head, encodeDraft(draft), this.opts.signer);
        this.log({ type: "sign", from: 0, gap: true, seq: head.seq, bytes });
        continue;
      }
      const next = s.drafts.values().next();
      if (next.done) break;
      const { bytes, head } = chainNext(s.head, next.value.payload, this.opts.signer);
      this.log({ type: "sign", from: next.value.id, gap: false, seq: head.seq, bytes });
    }
  }

  // Rewrites the live entries into a new segment once dead records outweigh them.
  private compactIfWorthIt(): void {
    const s = this.state;
    const dead = this.segment.bytes - s.liveBytes;
    if (dead < 256 * 1024 || dead < s.liveBytes) return;
    const records: OutboxRecord[] = [s.snapshot()];
    for (const d of s.drafts.values())
      records.push({ type: "put", id: d.id, ts: d.ts, t: d.t, payload: d.payload });
    for (const e of s.signed.values())
      records.push({ type: "sign", from: 0, gap: false, seq: e.seq, bytes: e.bytes });
    const frames = records.map(frameOf);
    const next = SegmentFile.create(this.opts.dir, this.segment.number + 1, frames);
    this.segment.remove();
    this.segment = next;
    const fresh = new OutboxState();
    for (const [i, r] of records.entries()) fresh.apply(r, frames[i]!.length);
    this.state = fresh;
  }
}
