import { leafHash, verifyInclusion } from "@tet/schemas";
import { describe, expect, it } from "vitest";
import type { AppendBatch, ProjectionRow } from "./ledgerStore.js";
import { MerkleLog } from "./merkleLog.js";
import { entryFor, harnesses, object, origin, signer } from "./stores.fixture.js";

describe.each(harnesses())("%s", (_, open) => {
  it("appends, assigns consecutive indices and reads back by index, object and seq", async () => {
    const { store } = await open();
    const ledger = await MerkleLog.open({ store, origin, signer, batchSize: 8 });
    const indices = await Promise.all(Array.from({ length: 30 }, (_, i) => ledger.append(entryFor(i))));
    expect(indices).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await store.size()).toBe(30);
    const e7 = await store.entry(7);
    expect(e7 && new TextDecoder().decode(e7.bytes as Uint8Array)).toBe("statement 7");
    expect(e7?.leafHash).toEqual(leafHash(entryFor(7).bytes));
    expect(e7).toMatchObject({ index: 7, seq: 3, kind: "usage", ts: 1_700_000_000_007 });
    const page1 = await store.entriesByObject(object(1), { limit: 4 });
    expect(page1.map((e) => e.index)).toEqual([1, 4, 7, 10]);
    const page2 = await store.entriesByObject(object(1), { afterIndex: 10, limit: 4 });
    expect(page2.map((e) => e.index)).toEqual([13, 16, 19, 22]);
    expect((await store.entryBySeq(object(2), 4))?.index).toBe(11);
    expect(await store.entryBySeq(object(2), 99)).toBeUndefined();
    expect((await store.entries(28, 10)).map((e) => e.index)).toEqual([28, 29]);
    await ledger.close();
    await store.close();
  });

  it("acknowledges an append only after its batch is committed, and groups appends into batches", async () => {
    const { store } = await open();
    const batches: number[] = [];
    const append = async (b: AppendBatch) => {
      await store.append(b);
      batches.push(b.entries.length);
    };
    const counting = new Proxy(store, {
      get: (target, prop) => {
        if (prop === "append") return append;
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const ledger = await MerkleLog.open({ store: counting, origin, signer, batchSize: 50, batchMs: 1000 });
    const acks = Array.from({ length: 120 }, (_, i) =>
      ledger.append(entryFor(i)).then(async (index) => (await store.entry(index))?.index),
    );
    await ledger.flush();
    expect(await Promise.all(acks)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(batches).toEqual([50, 50, 20]);
    await ledger.close();
    await store.close();
  });

  it("refuses raw UPDATE, DELETE and out-of-order INSERT on every history table", async () => {
    const { store, raw } = await open();
    const ledger = await MerkleLog.open({ store, origin, signer });
    for (let i = 0; i < 20; i++) void ledger.append(entryFor(i)); // 20 leaves: tree nodes up to level 4
    await ledger.checkpoint();
    const attempts = [
      "UPDATE entries SET kind = 'forged' WHERE idx = 1",
      "UPDATE entries SET ts = 0",
      "DELETE FROM entries WHERE idx = 19",
      "DELETE FROM entries",
      "UPDATE entries SET bytes = x'00' WHERE idx = 0",
      "UPDATE entries SET bytes = NULL WHERE idx = 0",
      "UPDATE entries SET bytes = NULL, kind = 'usage' WHERE idx = 0",
      "UPDATE tree SET hash = x'00'",
      "DELETE FROM tree",
      "UPDATE checkpoints SET note = 'forged'",
      "DELETE FROM checkpoints",
      "INSERT INTO entries (idx, leaf, object, seq, kind, ts) VALUES (30, x'00', NULL, NULL, 'state', 0)",
      "INSERT INTO prune_rules (prune_idx, kind, before) VALUES (0, 'state', 9999999999999)",
    ];
    for (const sql of attempts) await expect(raw(sql), sql).rejects.toThrow();
    if (store.kind === "postgres") {
      for (const t of ["entries", "tree", "checkpoints", "prune_rules"]) {
        await expect(raw(`TRUNCATE ${t} CASCADE`), t).rejects.toThrow(/append-only/);
      }
    }
    expect(await store.size()).toBe(20);
    expect((await store.entry(1))?.kind).toBe("usage");
    expect((await store.entry(0))?.bytes).not.toBeNull();
    await ledger.close();
    await store.close();
  });

  it("drops payloads only under a prune rule recorded in the log, and pruned entries still prove inclusion", async () => {
    const { store, raw } = await open();
    const ledger = await MerkleLog.open({ store, origin, signer });
    for (let i = 0; i < 9; i++) void ledger.append(entryFor(i));
    await ledger.flush();
    await expect(store.dropPayloads([0])).rejects.toThrow();
    const pruneIndex = await ledger.append({
      bytes: new Uint8Array([1, 2, 3]),
      object: null,
      seq: null,
      kind: "prune",
      ts: 1_800_000_000_000,
      pruneRules: [{ kind: "state", before: 1_700_000_000_005 }],
    });
    const cp = await ledger.checkpoint();
    const candidates = await store.prunable({
      kinds: ["state"],
      before: 1_700_000_000_005,
      belowIndex: pruneIndex,
    });
    // entry 4 is the newest state of its object below the prune, so it is kept
    expect(candidates.map((c) => c.index)).toEqual([0, 2]);
    expect(candidates[0]?.bytes).toBe("statement 0".length);
    await store.dropPayloads(candidates.map((c) => c.index));
    expect((await store.entry(0))?.bytes).toBeNull();
    expect((await store.entry(0))?.leafHash).toEqual(leafHash(entryFor(0).bytes));
    await expect(
      raw("UPDATE entries SET bytes = NULL WHERE idx = 1"),
      "usage is not covered",
    ).rejects.toThrow();
    await expect(raw("UPDATE entries SET bytes = NULL WHERE idx = 6"), "too young").rejects.toThrow();
    await expect(raw("UPDATE entries SET ts = 0 WHERE idx = 0"), "pruned metadata stays").rejects.toThrow();
    const p = await ledger.inclusionProof(0, cp?.size);
    expect(verifyInclusion({ ...p, root: cp?.root as Uint8Array })).toBe(true);
    await ledger.close();
    await store.close();
  });

  it("replaces projections and pages through them in (object, kind, key) order", async () => {
    const { store } = await open();
    const rows = [
      { object: object(2), kind: "state", key: "", value: "{}" },
      { object: object(1), kind: "warranty", key: "b", value: "2" },
      { object: object(1), kind: "warranty", key: "a", value: "1" },
      { object: object(1), kind: "owner", key: "", value: '"x"' },
    ];
    await store.replaceProjections(rows);
    const page1 = await store.allProjections({ limit: 2 });
    const page2 = await store.allProjections({ after: page1[1] as ProjectionRow, limit: 5 });
    expect([...page1, ...page2].map((r) => `${r.object[0]}/${r.kind}/${r.key}`)).toEqual([
      "1/owner/",
      "1/warranty/a",
      "1/warranty/b",
      "2/state/",
    ]);
    expect((await store.projections(object(1))).length).toBe(3);
    const first = await store.allProjections({ limit: 1, kind: "warranty" });
    const rest = await store.allProjections({ after: first[0] as ProjectionRow, limit: 5, kind: "warranty" });
    expect([...first, ...rest].map((r) => `${r.object[0]}/${r.kind}/${r.key}`)).toEqual([
      "1/warranty/a",
      "1/warranty/b",
    ]);
    await store.replaceProjections([]);
    expect(await store.allProjections({ limit: 10 })).toEqual([]);
    await store.close();
  });
});
