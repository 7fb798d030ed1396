import { parseStatement } from "@tet/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox } from "../outbox/index.js";
import { makeAvatar } from "../test-support/avatar.js";
import { stateDraft, tempDir } from "../test-support/fixtures.js";
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
    const ctx = { logKey: a.log.publicKey, objectId: a.obj, outbox };
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
    const ctx = { logKey: a.log.publicKey, objectId: a.obj, outbox };
    const out = handleReceipt(parseStatement(a.receipt(1, { code: "STATEMENT_INVALID", seq: 2 })), ctx);
    expect(out).toEqual({
      kind: "refused",
      seq: 1,
      code: "STATEMENT_INVALID",
      refusedSeq: 2,
      resynced: true,
    });
    expect(outbox.unacked().map((e) => e.seq)).toEqual([2, 3]);
    // A key problem is not re-chained away: the statements wait for the key to be bound.
    const keyProblem = handleReceipt(parseStatement(a.receipt(1, { code: "KEY_NOT_BOUND", seq: 2 })), ctx);
    expect(keyProblem).toMatchObject({ resynced: false });
    expect(outbox.unacked()).toHaveLength(2);
    outbox.close();
  });
});
