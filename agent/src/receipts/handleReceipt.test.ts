import { parseStatement } from "@tet/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox } from "../outbox/index.js";
import { makeAvatar, stateDraft, tempDir } from "../test-support/index.js";
import { handleReceipt } from "./handleReceipt.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe("handleReceipt", () => {
  it("drops entries a log-signed receipt covers, and ignores receipts signed by anyone else", () => {
    const a = makeAvatar();
    const outbox = Outbox.open({ dir: tmp.dir, objectId: a.obj, signer: a.device });
    outbox.add([1, 2, 3].map((n) => ({ ...stateDraft(n), obj: a.obj })));
    const ctx = { logKey: a.log.publicKey, objectId: a.obj, outbox, rebaseNotBefore: 0 };
    expect(handleReceipt(parseStatement(a.receipt(2, undefined, a.owner)), ctx)).toEqual({
      kind: "ignored",
      why: "not signed by the log key",
    });
    expect(outbox.stats().entries).toBe(3);
    expect(handleReceipt(parseStatement(a.receipt(2)), ctx)).toEqual({ kind: "ack", seq: 2, dropped: 2 });
    expect(outbox.unacked().map((e) => e.seq)).toEqual([3]);
    outbox.close();
  });

  it("on a refusal right after seq drops that statement and chains the rest again", () => {
    const a = makeAvatar();
    const outbox = Outbox.open({ dir: tmp.dir, objectId: a.obj, signer: a.device });
    outbox.add([1, 2, 3, 4].map((n) => ({ ...stateDraft(n), obj: a.obj })));
    const ctx = { logKey: a.log.publicKey, objectId: a.obj, outbox, rebaseNotBefore: 0 };
    const out = handleReceipt(parseStatement(a.receipt(1, { code: "INVALID_STATEMENT", seq: 2 })), ctx);
    expect(out).toEqual({
      kind: "refused",
      seq: 1,
      code: "INVALID_STATEMENT",
      refusedSeq: 2,
      resynced: true,
    });
    expect(outbox.unacked().map((e) => e.seq)).toEqual([2, 3]);
    // A key problem or a transient store failure is not re-chained away: the statements are sent again.
    for (const code of ["KEY_NOT_BOUND", "STORE_FAILED", "LEDGER_CLOSED"]) {
      const kept = handleReceipt(parseStatement(a.receipt(1, { code, seq: 2 })), ctx);
      expect(kept).toMatchObject({ resynced: false });
      expect(outbox.unacked()).toHaveLength(2);
    }
    outbox.close();
  });

  it("continues the chain from the head of a receipt that refused one of its statements as a REPLAY", () => {
    const a = makeAvatar();
    const outbox = Outbox.open({ dir: tmp.dir, objectId: a.obj, signer: a.device });
    outbox.add([1, 2].map((n) => ({ ...stateDraft(n), obj: a.obj })));
    const logHead = new Uint8Array(32).fill(9); // the log's seq 7: someone else's statement than ours
    const receipt = a.sign(
      { t: "receipt", seq: 7, index: 1007, hash: logHead, refused: { code: "REPLAY", seq: 1 } },
      a.log,
    );
    const ctx = { logKey: a.log.publicKey, objectId: a.obj, outbox, rebaseNotBefore: 0 };
    expect(handleReceipt(parseStatement(receipt), ctx)).toMatchObject({
      kind: "rebased",
      seq: 7,
      chain: { why: "replay", redrafted: 2, to: 7 },
    });
    expect(outbox.unacked().map((e) => e.seq)).toEqual([8, 9]);
    // An older receipt (before the run) is not trusted with moving the head.
    const old = { ...ctx, rebaseNotBefore: Date.now() + 60_000 };
    const later = a.sign({ t: "receipt", seq: 20, index: 1020, hash: logHead }, a.log);
    expect(handleReceipt(parseStatement(later), old)).toMatchObject({
      kind: "ack",
      chain: { kind: "unverifiable" },
    });
    expect(outbox.unacked().map((e) => e.seq)).toEqual([8, 9]);
    outbox.close();
  });
});
