import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  generatePrivateKey,
  leafHash,
  nobleVerifier,
  openCheckpoint,
  publicKeyOf,
  verifyConsistency,
  verifyInclusion,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import type { AppendBatch, LedgerStore, ProjectionRow, StoredCheckpoint } from "./ledgerStore.js";
import { MerkleLog } from "./merkleLog.js";
import type { LogAppend } from "./merkleLogOptions.js";
import { PostgresStore } from "./postgresStore.js";
import { SqliteStore } from "./sqliteStore.js";

const privateKey = generatePrivateKey();
const signer = nodeSigner(privateKey);
const logKey = { name: "test.tet/log", publicKey: publicKeyOf(privateKey) };
const origin = logKey.name;

let pgServer: EmbeddedPostgresServer | undefined;
const tmp = mkdtempSync(join(tmpdir(), "tet-ledger-"));
let dbCount = 0;

beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Harness {
  store: LedgerStore;
  /** Runs raw SQL straight at the database, bypassing the store's API. */
  raw(sql: string): Promise<unknown>;
}

const factories: [string, () => Promise<Harness>][] = [
  [
    "SqliteStore",
    async () => {
      const store = SqliteStore.open(join(tmp, `s${dbCount++}.db`));
      return { store, raw: async (sql) => store.database.exec(sql) };
    },
  ],
  [
    "PostgresStore",
    async () => {
      const url = await (pgServer as EmbeddedPostgresServer).createDatabase(`t${dbCount++}`);
      const store = await PostgresStore.open(url);
      return { store, raw: (sql) => store.query(sql) };
    },
  ],
];

const object = (n: number): Uint8Array => new Uint8Array(16).fill(n);
const entryFor = (i: number, n = 3): LogAppend => ({
  bytes: new TextEncoder().encode(`statement ${i}`),
  object: object(i % n),
  seq: Math.floor(i / n) + 1,
  kind: i % 2 === 0 ? "state" : "usage",
  ts: 1_700_000_000_000 + i,
});

describe.each(factories)("%s", (_, open) => {
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

  it("after random appends every inclusion proof verifies against every later checkpoint, and checkpoints are mutually consistent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 16 }),
        async (bursts, batchSize) => {
          const { store } = await open();
          const ledger = await MerkleLog.open({
            store,
            origin,
            signer,
            batchSize,
            checkpointEvery: 1_000_000,
          });
          let n = 0;
          for (const burst of bursts) {
            await Promise.all(Array.from({ length: burst }, () => ledger.append(entryFor(n++))));
            await ledger.checkpoint();
          }
          const cps = await store.checkpoints();
          expect(cps.map((c) => c.size)).toEqual(
            bursts.map((_, i) => bursts.slice(0, i + 1).reduce((a, b) => a + b)),
          );
          for (const cp of cps) {
            expect(openCheckpoint(cp.note, { key: logKey, verifier: nobleVerifier })).toEqual({
              origin,
              size: cp.size,
              root: cp.root,
            });
            expect(await ledger.root(cp.size)).toEqual(cp.root);
            for (let index = 0; index < cp.size; index++) {
              const p = await ledger.inclusionProof(index, cp.size);
              expect(p.leafHash).toEqual(leafHash(entryFor(index).bytes));
              expect(verifyInclusion({ ...p, root: cp.root })).toBe(true);
            }
          }
          for (const a of cps) {
            for (const b of cps.filter((c) => c.size >= a.size)) {
              const proof = await ledger.consistencyProof(a.size, b.size);
              expect(
                verifyConsistency({ size1: a.size, size2: b.size, root1: a.root, root2: b.root, proof }),
              ).toBe(true);
            }
          }
          await ledger.close();
          await store.close();
        },
      ),
      { numRuns: 6 },
    );
  });

  it("reopens where it left off: same roots, and the next checkpoint extends the earlier ones", async () => {
    const { store } = await open();
    let ledger = await MerkleLog.open({ store, origin, signer });
    for (let i = 0; i < 13; i++) void ledger.append(entryFor(i));
    const first = await ledger.checkpoint();
    await ledger.close();
    ledger = await MerkleLog.open({ store, origin, signer });
    expect(ledger.size).toBe(13);
    for (let i = 13; i < 21; i++) void ledger.append(entryFor(i));
    const second = await ledger.checkpoint();
    const proof = await ledger.consistencyProof(13, 21);
    const claim = {
      size1: 13,
      size2: 21,
      root1: first?.root as Uint8Array,
      root2: second?.root as Uint8Array,
      proof,
    };
    expect(verifyConsistency(claim)).toBe(true);
    await ledger.close();
    await store.close();
  });

  it("issues a checkpoint T ms after entries arrive when fewer than N came", async () => {
    const { store } = await open();
    let announced: (cp: StoredCheckpoint) => void = () => {};
    const next = new Promise<StoredCheckpoint>((resolve) => {
      announced = resolve;
    });
    const ledger = await MerkleLog.open({
      store,
      origin,
      signer,
      checkpointEvery: 1_000_000,
      checkpointMs: 20,
      onCheckpoint: (cp) => announced(cp),
    });
    await Promise.all([0, 1, 2].map((i) => ledger.append(entryFor(i))));
    const cp = await next;
    expect(cp.size).toBe(3);
    expect(await store.checkpoints()).toEqual([cp]);
    await ledger.close();
    await store.close();
  });

  it("issues a checkpoint every N entries", async () => {
    const { store } = await open();
    const ledger = await MerkleLog.open({ store, origin, signer, batchSize: 5, checkpointEvery: 10 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => ledger.append(entryFor(i))));
    expect((await store.checkpoints()).map((c) => c.size)).toEqual([10, 20]);
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
