import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, describe, expect, it } from "vitest";
import { MerkleLog } from "./merkleLog.js";
import type { LogAppend } from "./merkleLogOptions.js";
import { SqliteStore } from "./sqliteStore.js";

const tmp = mkdtempSync(join(tmpdir(), "tet-sqlite-writer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const signer = nodeSigner(generatePrivateKey());
const entry = (i: number): LogAppend => ({
  bytes: new TextEncoder().encode(`statement ${i}`),
  object: new Uint8Array(16).fill(i % 5),
  seq: Math.floor(i / 5) + 1,
  kind: "state",
  ts: 1_700_000_000_000 + i,
});

describe("SqliteWriter (batches in staged parts)", () => {
  it("commits a batch staged in parts as one transaction, acknowledged only after the commit", async () => {
    const store = SqliteStore.open(join(tmp, "parts.db"));
    const ledger = await MerkleLog.open({
      store,
      origin: "test.tet/log",
      signer,
      batchSize: 10_000,
      batchMs: 50,
    });
    const acks = Array.from({ length: 7000 }, (_, i) => ledger.append(entry(i)));
    // 6,000 entries are staged in the writer's open transaction; none is visible before the commit.
    expect(await store.size()).toBe(0);
    expect(await Promise.all(acks)).toEqual(Array.from({ length: 7000 }, (_, i) => i));
    expect(await store.size()).toBe(7000);
    expect((await store.entryBySeq(new Uint8Array(16).fill(3), 1000))?.index).toBe(4998);
    await ledger.close();
    await store.close();
  });

  it("fails the whole batch when a staged part fails, commits none of it, and later writes still run", async () => {
    const store = SqliteStore.open(join(tmp, "fail.db"));
    const ledger = await MerkleLog.open({
      store,
      origin: "test.tet/log",
      signer,
      batchSize: 10_000,
      batchMs: 50,
    });
    // Index 0 taken behind the Ledger's back: the first staged part hits the PRIMARY KEY.
    store.database
      .prepare("INSERT INTO entries (idx, leaf, kind, ts) VALUES (0, ?, 'state', 0)")
      .run(Buffer.alloc(32));
    const acks = Array.from({ length: 5000 }, (_, i) => ledger.append(entry(i)));
    const settled = await Promise.allSettled(acks);
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(await store.size()).toBe(1);
    await ledger.close();
    await store.replaceProjections([]); // the writer is not stuck in the failed batch's transaction
    await store.close();
  });
});
