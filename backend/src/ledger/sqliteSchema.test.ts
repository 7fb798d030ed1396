import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { MerkleLog } from "./merkleLog.js";
import type { LogAppend } from "./merkleLogOptions.js";
import { SQLITE_SCHEMA } from "./sqliteSchema.js";
import { SqliteStore } from "./sqliteStore.js";

const tmp = mkdtempSync(join(tmpdir(), "tet-sqlite-schema-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const signer = nodeSigner(generatePrivateKey());
const origin = "test.tet/log";

// Two objects whose 48-bit index keys collide, a third apart; owner statements (no seq) interleaved.
const objects = [new Uint8Array(16).fill(7), new Uint8Array(16).fill(7), new Uint8Array(16).fill(9)];
(objects[1] as Uint8Array)[15] = 8;
function entries(n: number): LogAppend[] {
  const seqs = [0, 0, 0];
  return Array.from({ length: n }, (_, i) => {
    const o = (i * 5) % 3;
    const device = i % 7 !== 3;
    return {
      bytes: new TextEncoder().encode(`statement ${i}`),
      object: objects[o] as Uint8Array,
      seq: device ? ++(seqs[o] as number) : null,
      kind: device ? "state" : "transfer",
      ts: 1_700_000_000_000 + i,
    };
  });
}

const indexNames = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").pluck().all();
  db.close();
  return names as string[];
};

describe("SQLite schema", () => {
  it("finds every (object, seq) through the one object index, okey collisions and owner rows interleaved", async () => {
    const store = SqliteStore.open(join(tmp, "seq.db"));
    const ledger = await MerkleLog.open({ store, origin, signer, batchSize: 64 });
    const all = entries(500);
    await Promise.all(all.map((e) => ledger.append(e)));
    await ledger.close();
    for (const [i, e] of all.entries()) {
      if (e.seq === null || e.seq === undefined) continue;
      expect((await store.entryBySeq(e.object as Uint8Array, e.seq))?.index).toBe(i);
    }
    expect(await store.entryBySeq(objects[0] as Uint8Array, 0)).toBeUndefined();
    expect(await store.entryBySeq(objects[0] as Uint8Array, 10_000)).toBeUndefined();
    expect(await store.entryBySeq(new Uint8Array(16).fill(1), 1)).toBeUndefined();
    await store.close();
  });

  it("opens a database made with two object indexes: drops entries_okey_seq, keeps its data", async () => {
    const file = join(tmp, "old.db");
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec(SQLITE_SCHEMA);
    // The earlier schema's second object index, with rows written under it.
    old.exec("CREATE INDEX entries_okey_seq ON entries(okey, seq) WHERE seq IS NOT NULL");
    const ins = old.prepare(
      "INSERT INTO entries (idx, leaf, object, okey, seq, kind, ts, bytes) VALUES (?, ?, ?, ?, ?, 'state', 0, ?)",
    );
    for (let i = 0; i < 3; i++) {
      const o = Buffer.from(objects[2] as Uint8Array);
      ins.run(i, Buffer.alloc(32, i), o, o.readUIntBE(0, 6), i + 1, Buffer.from(`old ${i}`));
    }
    old.close();
    expect(indexNames(file)).toContain("entries_okey_seq");
    const store = SqliteStore.open(file);
    expect(indexNames(file)).not.toContain("entries_okey_seq");
    expect(indexNames(file)).toContain("entries_okey_idx");
    expect((await store.entryBySeq(objects[2] as Uint8Array, 2))?.index).toBe(1);
    await store.append({
      entries: [
        {
          index: 3,
          leafHash: new Uint8Array(32),
          bytes: new Uint8Array(1),
          object: objects[2] as Uint8Array,
          seq: 4,
          kind: "state",
          ts: 0,
        },
      ],
      nodes: [],
      projections: [],
      pruneRules: [],
      checkpoint: undefined,
    });
    expect((await store.entryBySeq(objects[2] as Uint8Array, 4))?.index).toBe(3);
    expect(await store.size()).toBe(4);
    await store.close();
  });
});
