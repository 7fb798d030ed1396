import { readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseStatement, sha256 } from "@tet/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deviceSigner, OBJECT_ID, stateDraft, tempDir, verifyChain } from "../test-support/index.js";
import { Outbox, type OutboxOptions } from "./outbox.js";

// A lost, truncated, corrupted or forked outbox against what the log holds: the chain continues
// from the log's head, no seq the log has used is signed again, and nothing the log holds is sent twice.
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const dir = () => join(tmp.dir, "outbox");
const open = (o: Partial<OutboxOptions> = {}) =>
  Outbox.open({ dir: dir(), objectId: OBJECT_ID, signer: deviceSigner(), holdUntilHead: true, ...o });
const segmentPath = () => join(dir(), readdirSync(dir()).find((n) => n.endsWith(".log"))!);
const readingN = (bytes: Uint8Array) =>
  (parseStatement(bytes).statement as { readings?: { n?: { v: number } } }).readings?.n?.v;

/** What the backend's log holds of the device chain: seq → bytes, as statements reach it in order. */
function log() {
  const held = new Map<number, Uint8Array>();
  return {
    held,
    /** Takes what the outbox sends, acknowledges it like a receipt. */
    deliver(o: Outbox) {
      for (const e of o.unacked()) if (!held.has(e.seq)) held.set(e.seq, e.bytes);
      if (held.size > 0) o.acknowledge(held.size);
    },
    head() {
      const seq = held.size;
      return { seq, hash: seq === 0 ? new Uint8Array(32) : sha256(held.get(seq)!) };
    },
    chain: () => [...held.keys()].sort((a, b) => a - b).map((k) => held.get(k)!),
  };
}

/** An outbox that signed and delivered readings 1..n; returns the log. */
function delivered(n: number) {
  const l = log();
  const o = open({ holdUntilHead: false, window: 2 });
  for (let i = 1; i <= n; i++) {
    o.add([stateDraft(i)]);
    l.deliver(o);
  }
  o.close();
  return l;
}

describe("Outbox recovery against the log's head", () => {
  it("holds signing until the log's head is known, then signs on it", () => {
    const o = open();
    o.add([1, 2, 3].map(stateDraft));
    expect(o.stats()).toMatchObject({ signed: 0, drafts: 3, held: true });
    expect(o.reconcile({ seq: 0, hash: new Uint8Array(32) })).toEqual({ kind: "on-chain", released: true });
    expect(o.stats()).toMatchObject({ signed: 3, drafts: 0, held: false });
    verifyChain(o.unacked().map((e) => e.bytes));
    o.close();
  });

  it("after the outbox was deleted, continues after the log's head instead of signing used seqs again", () => {
    const l = delivered(5);
    rmSync(dir(), { recursive: true });
    const o = open();
    o.add([6, 7].map(stateDraft));
    expect(o.reconcile(l.head())).toMatchObject({ kind: "rebased", why: "behind", from: 0, to: 5 });
    expect(o.unacked().map((e) => e.seq)).toEqual([6, 7]);
    verifyChain([...l.chain(), ...o.unacked().map((e) => e.bytes)]);
    o.close();
  });

  it("truncated to an older state: drafts the log holds are proven by the chain hash and never sent twice", () => {
    const l = log();
    const first = open({ holdUntilHead: false, window: 2 });
    first.add([1, 2, 3, 4, 5, 6].map(stateDraft)); // 1 and 2 signed, 3..6 wait as drafts
    const cut = statSync(segmentPath()).size;
    while (first.unacked().length > 0) l.deliver(first);
    first.close();
    truncateSync(segmentPath(), cut); // a clean record boundary: indistinguishable from a real state
    const o = open({ window: 2 });
    expect(o.stats()).toMatchObject({ headSeq: 2, signed: 2, drafts: 4, held: true });
    expect(o.reconcile(l.head())).toMatchObject({
      kind: "rebased",
      why: "behind",
      from: 2,
      to: 6,
      delivered: 6,
      redrafted: 0,
      proof: "hash",
    });
    o.add([stateDraft(7)]);
    expect(o.unacked().map((e) => [e.seq, readingN(e.bytes)])).toEqual([[7, 7]]);
    verifyChain([...l.chain(), ...o.unacked().map((e) => e.bytes)]);
    o.close();
    const again = open({ window: 2 }); // the rebase is a record: a restart replays it
    expect(again.stats()).toMatchObject({ headSeq: 7, ackedSeq: 6, signed: 1, drafts: 0, held: true });
    again.close();
  });

  it("truncated further back than its drafts reach: they are counted as the log's, oldest first", () => {
    const l = log();
    const first = open({ holdUntilHead: false, window: 2 });
    first.add([1, 2, 3].map(stateDraft));
    const cut = statSync(segmentPath()).size;
    for (let n = 4; n <= 8; n++) {
      l.deliver(first);
      first.add([stateDraft(n)]);
    }
    while (first.unacked().length > 0) l.deliver(first);
    first.close();
    truncateSync(segmentPath(), cut);
    const o = open();
    expect(o.reconcile(l.head())).toMatchObject({ kind: "rebased", to: 8, proof: "count", delivered: 3 });
    o.add([stateDraft(9)]);
    expect(o.unacked().map((e) => [e.seq, readingN(e.bytes)])).toEqual([[9, 9]]);
    o.close();
  });

  it("corrupted in the middle: keeps a copy, continues from the records before the damage, then from the log", () => {
    const l = delivered(6);
    const path = segmentPath();
    const file = readFileSync(path);
    file.fill(0xff, Math.floor(file.length / 2), Math.floor(file.length / 2) + 40);
    writeFileSync(path, file);
    const o = open();
    expect(o.damage).toMatchObject({ fileBytes: file.length });
    expect(o.damage!.offset).toBeLessThanOrEqual(file.length / 2);
    expect(readFileSync(o.damage!.kept)).toEqual(file);
    expect(o.reconcile(l.head())).toMatchObject({ kind: "rebased", why: "behind", to: 6 });
    o.add([stateDraft(7)]);
    expect(o.unacked().map((e) => e.seq)).toEqual([7]);
    verifyChain([...l.chain(), ...o.unacked().map((e) => e.bytes)]);
    o.close();
  });

  it("with its first record damaged: keeps a copy and starts empty, waiting for the log's head", () => {
    const l = delivered(3);
    const path = segmentPath();
    const file = readFileSync(path);
    file[10] = file[10]! ^ 0x55;
    writeFileSync(path, file);
    const o = open();
    expect(o.damage).toMatchObject({ offset: 0 });
    expect(o.stats()).toMatchObject({ headSeq: 0, entries: 0, held: true });
    expect(o.reconcile(l.head())).toMatchObject({ kind: "rebased", from: 0, to: 3 });
    o.close();
  });

  it("a torn tail is no damage: no copy is kept", () => {
    delivered(2);
    writeFileSync(segmentPath(), Buffer.concat([readFileSync(segmentPath()), Buffer.from([40, 0, 0, 0, 1])]));
    const o = open();
    expect(o.damage).toBeNull();
    expect(readdirSync(dir()).filter((n) => n.includes("damaged"))).toEqual([]);
    o.close();
  });

  it("a statement the log refused as a REPLAY is signed again after the log's head, with the ones after it", () => {
    const l = delivered(5);
    const forked = open({ dir: join(tmp.dir, "other"), holdUntilHead: false }); // signed 1..3 anew: a pre-fix agent
    forked.add([11, 12, 13].map(stateDraft));
    expect(forked.reconcile(l.head(), { replayAt: 1 })).toMatchObject({
      kind: "rebased",
      why: "replay",
      delivered: 0,
      redrafted: 3,
    });
    expect(forked.unacked().map((e) => [e.seq, readingN(e.bytes)])).toEqual([
      [6, 11],
      [7, 12],
      [8, 13],
    ]);
    verifyChain([...l.chain(), ...forked.unacked().map((e) => e.bytes)]);
    forked.close();
  });

  it("moves no head on a receipt it may not trust with that, or one without a hash: drafts wait", () => {
    const l = delivered(4);
    rmSync(dir(), { recursive: true });
    const o = open();
    o.add([stateDraft(5)]);
    expect(o.reconcile(l.head(), { mayRebase: false })).toMatchObject({ kind: "unverifiable" });
    expect(o.reconcile({ seq: 4, hash: undefined })).toMatchObject({ kind: "unverifiable" });
    expect(o.stats()).toMatchObject({ signed: 0, drafts: 1, held: true });
    expect(o.reconcile(l.head())).toMatchObject({ kind: "rebased" });
    expect(o.unacked().map((e) => e.seq)).toEqual([5]);
    o.close();
  });

  it("confirms a head on its chain without moving it, and sees a fork at a seq it holds", () => {
    const l = delivered(3);
    const o = open({ holdUntilHead: false });
    o.add([stateDraft(4)]);
    expect(o.reconcile(l.head())).toEqual({ kind: "on-chain", released: false });
    expect(o.reconcile({ seq: 4, hash: new Uint8Array(32).fill(1) })).toMatchObject({
      kind: "rebased",
      why: "fork",
      redrafted: 1,
    });
    expect(o.unacked().map((e) => [e.seq, readingN(e.bytes)])).toEqual([[5, 4]]);
    o.close();
  });
});
