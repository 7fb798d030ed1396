import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseStatement, sha256 } from "@tet/schemas";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deviceSigner,
  OBJECT_ID,
  stateDraft,
  tempDir,
  usageDraft,
  verifyChain,
} from "../test-support/index.js";
import { Outbox, type OutboxOptions } from "./outbox.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const open = (o: Partial<OutboxOptions> = {}) =>
  Outbox.open({
    dir: tmp.dir,
    objectId: OBJECT_ID,
    signer: deviceSigner(),
    now: () => 1_795_000_100_000,
    ...o,
  });
const bytesOf = (o: Outbox) => o.unacked().map((e) => e.bytes);
const readingN = (bytes: Uint8Array) =>
  (parseStatement(bytes).statement as { readings?: { n?: { v: number } } }).readings?.n?.v;
const segmentPath = () => {
  const name = readdirSync(tmp.dir).find((n) => n.endsWith(".log"));
  return join(tmp.dir, name!);
};

describe("Outbox", () => {
  it("signs drafts into a hash chain from seq 1 with a zero prev", () => {
    const o = open();
    expect(o.add([stateDraft(1), usageDraft(2), stateDraft(3)])).toEqual({ stored: 3, dropped: 0 });
    const chain = verifyChain(bytesOf(o));
    expect(chain.map((p) => p.statement.t)).toEqual(["state", "usage", "state"]);
    expect(o.stats()).toMatchObject({ entries: 3, signed: 3, headSeq: 3, ackedSeq: 0 });
    o.close();
  });

  it("keeps entries and continues the chain after it is reopened", () => {
    const a = open();
    a.add([stateDraft(1), stateDraft(2)]);
    const first = bytesOf(a);
    a.close();
    const b = open();
    expect(bytesOf(b)).toEqual(first);
    b.add([stateDraft(3)]);
    verifyChain(bytesOf(b));
    expect(b.stats().headSeq).toBe(3);
    b.close();
  });

  it("drops entries only when a receipt covers their seq, and remembers it", () => {
    const a = open();
    a.add([1, 2, 3, 4].map(stateDraft));
    const second = bytesOf(a)[1]!;
    expect(a.acknowledge(2)).toBe(2);
    expect(a.acknowledge(1)).toBe(0); // an older receipt changes nothing
    expect(a.acknowledge(9)).toBe(0); // nor one beyond the head
    const rest = bytesOf(a);
    a.close();
    const b = open();
    expect(b.stats()).toMatchObject({ ackedSeq: 2, headSeq: 4, entries: 2 });
    expect(bytesOf(b)).toEqual(rest);
    b.add([stateDraft(5)]);
    verifyChain(bytesOf(b), { first: 3, prev: sha256(second) });
    b.close();
  });

  it("truncates a torn tail on recovery and keeps every complete record", () => {
    const a = open();
    a.add([stateDraft(1)]);
    a.add([stateDraft(2)]);
    a.close();
    const path = segmentPath();
    const size = statSync(path).size;
    truncateSync(path, size - 3); // the last record (seq 2's sign) is torn
    const b = open();
    // The torn sign record is gone, but its draft survived and is signed again: same bytes (Ed25519 is deterministic).
    expect(bytesOf(b).map(readingN)).toEqual([1, 2]);
    verifyChain(bytesOf(b));
    b.close();
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from([9, 0, 0, 0, 1, 2])]));
    const c = open();
    expect(bytesOf(c).map(readingN)).toEqual([1, 2]);
    c.close();
  });

  it("keeps at most `window` statements signed and chains the rest as receipts arrive", () => {
    const o = open({ window: 2 });
    o.add([1, 2, 3, 4, 5].map(stateDraft));
    expect(o.stats()).toMatchObject({ signed: 2, drafts: 3 });
    o.acknowledge(2);
    expect(o.unacked().map((e) => readingN(e.bytes))).toEqual([3, 4]);
    o.close();
  });

  it("when full drops the oldest telemetry, never usage, and signs a gap in its place", () => {
    const o = open({ window: 1, maxBytes: 1500 });
    o.add([usageDraft(0)]);
    let dropped = 0;
    for (let n = 1; n <= 40; n++) dropped += o.add([n % 10 === 0 ? usageDraft(n) : stateDraft(n)]).dropped;
    expect(dropped).toBeGreaterThan(0);
    expect(o.stats().bytes).toBeLessThanOrEqual(1500 + 400); // usage may pass the bound
    const sent: Uint8Array[] = [];
    while (o.unacked().length > 0) {
      const [e] = o.unacked();
      sent.push(e!.bytes);
      o.acknowledge(e!.seq);
    }
    const chain = verifyChain(sent).map((p) => p.statement);
    const usage = chain.flatMap((s) => (s.t === "usage" ? [s.quantity] : []));
    expect(usage).toEqual([0, 10, 20, 30, 40]);
    const gaps = chain.flatMap((s) => (s.t === "gap" ? [s] : []));
    expect(gaps.reduce((a, g) => a + g.dropped, 0)).toBe(dropped);
    const kept = chain.flatMap((s) => (s.t === "state" ? [s.readings.n!.v as number] : []));
    expect(kept.length + dropped + usage.length).toBe(41);
    // The oldest telemetry went first: what is kept is the newest.
    expect(Math.min(...kept)).toBeGreaterThan(Math.max(0, 40 - kept.length - usage.length - 1));
    expect(gaps[0]).toMatchObject({ reason: "outbox-full" });
    o.close();
  });

  it("with drop-newest keeps the oldest telemetry and drops what arrives", () => {
    const o = open({ window: 1, maxBytes: 1000, policy: "drop-newest" });
    for (let n = 1; n <= 20; n++) o.add([stateDraft(n)]);
    const kept: number[] = [];
    while (o.unacked().length > 0) {
      const [e] = o.unacked();
      const n = readingN(e!.bytes);
      if (n !== undefined) kept.push(n);
      o.acknowledge(e!.seq);
    }
    expect(kept.slice(0, 3)).toEqual([1, 2, 3]);
    expect(o.stats().droppedTotal).toBe(20 - kept.length);
    o.close();
  });

  it("compacts into a new segment and recovers the same state from it", () => {
    const o = open({ window: 4 });
    for (let n = 1; n <= 2000; n += 5) {
      o.add([n, n + 1, n + 2, n + 3, n + 4].map(stateDraft));
      o.acknowledge(o.unacked().at(-1)!.seq);
    }
    const stats = o.stats();
    expect(stats.fileBytes).toBeLessThan(300 * 1024);
    const before = bytesOf(o);
    o.close();
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith(".log"))).toHaveLength(1);
    expect(segmentPath()).not.toMatch(/00000001/);
    const b = open({ window: 4 });
    expect(bytesOf(b)).toEqual(before);
    expect(b.stats()).toMatchObject({ headSeq: stats.headSeq, ackedSeq: stats.ackedSeq });
    b.close();
  });

  it("resynchronises after a refused statement: drops it and chains the rest again", () => {
    const o = open();
    o.add([1, 2, 3, 4].map(stateDraft));
    const old = bytesOf(o);
    expect(o.resync(1, 2)).toBe(true);
    const after = bytesOf(o);
    expect(after.map(readingN)).toEqual([3, 4]);
    verifyChain([old[0]!, ...after]);
    expect(o.resync(0, 9)).toBe(false);
    o.close();
    expect(bytesOf(open()).map(readingN)).toEqual([3, 4]);
  });

  it("property: any mix of adds, receipts, reopenings and torn tails keeps one unbroken chain", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant("add" as const),
              usage: fc.boolean(),
              n: fc.integer({ min: 1, max: 3 }),
            }),
            fc.record({ op: fc.constant("ack" as const), k: fc.integer({ min: 0, max: 5 }) }),
            fc.record({ op: fc.constant("reopen" as const), tear: fc.integer({ min: 0, max: 40 }) }),
          ),
          { maxLength: 40 },
        ),
        (ops) => {
          const run = tempDir();
          const opts = {
            dir: run.dir,
            objectId: OBJECT_ID,
            signer: deviceSigner(),
            window: 3,
            maxBytes: 2000,
          };
          let o = Outbox.open(opts);
          const received = new Map<number, Uint8Array>();
          let n = 0;
          let usageAdded = 0;
          try {
            for (const step of ops) {
              if (step.op === "add") {
                const drafts = Array.from({ length: step.n }, () =>
                  step.usage ? usageDraft(++n) : stateDraft(++n),
                );
                if (step.usage) usageAdded += step.n;
                o.add(drafts);
              } else if (step.op === "ack") {
                const entries = o.unacked().slice(0, step.k);
                for (const e of entries) received.set(e.seq, e.bytes);
                if (entries.length > 0) o.acknowledge(entries.at(-1)!.seq);
              } else {
                o.close();
                // A torn tail can only cut what was never fsync'd: simulate by cutting junk appended after.
                const path = readdirSync(run.dir).find((x) => x.endsWith(".log"))!;
                writeFileSync(
                  join(run.dir, path),
                  Buffer.concat([readFileSync(join(run.dir, path)), Buffer.alloc(step.tear, 7)]),
                );
                o = Outbox.open(opts);
              }
            }
            while (o.unacked().length > 0) {
              for (const e of o.unacked()) received.set(e.seq, e.bytes);
              o.acknowledge(o.unacked().at(-1)!.seq);
            }
            const chain = verifyChain(
              [...received.keys()].sort((a, b) => a - b).map((k) => received.get(k)!),
            );
            expect(chain.filter((p) => p.statement.t === "usage")).toHaveLength(usageAdded);
          } finally {
            o.close();
            run.cleanup();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
