import { statSync } from "node:fs";
import { foldSubtree, type NodeKey } from "@tet/schemas";
import Database from "better-sqlite3";
import {
  type AppendBatch,
  type LedgerStore,
  leafRange,
  nodeId,
  objectKey,
  type ProjectionRow,
  STORED_MIN_LEVEL,
  type StoredCheckpoint,
  type StoredEntry,
} from "./ledgerStore.js";
import { nodeHasher } from "./nodeHasher.js";
import { SQLITE_SCHEMA } from "./sqliteSchema.js";
import { SqliteWriter } from "./sqliteWriter.js";
import { SQLITE_PRAGMAS, SQLITE_WRITES } from "./sqliteWrites.js";
import { ENTRY, type Row, toCheckpoint, toEntry, toProjection, u8 } from "./storeRows.js";

/**
 * The embedded ledger store: one SQLite file in WAL mode with `synchronous = FULL`, so a commit is
 * fsynced before `append` resolves ("durable before acknowledged"); group commit amortises the fsync.
 */
export class SqliteStore implements LedgerStore {
  readonly kind = "sqlite";
  /** Appends are applied in call order (one writer thread, or synchronously inline). */
  readonly ordered = true;
  /** With the writer thread: a batch's first parts are inserted while the `Ledger` still fills it. */
  readonly stage: ((part: AppendBatch) => void) | undefined;
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #q;
  /** The write statements, for `writer: "inline"` and ":memory:". */
  readonly #w: Record<keyof typeof SQLITE_WRITES, Database.Statement>;
  readonly #writer: SqliteWriter | undefined;

  private constructor(file: string, writer: "thread" | "inline") {
    this.#file = file;
    this.#db = new Database(file);
    for (const pragma of SQLITE_PRAGMAS) this.#db.pragma(pragma);
    this.#db.pragma("mmap_size = 2147483648"); // readers (proofs) read through mmap
    this.#db.exec(SQLITE_SCHEMA);
    this.#writer = writer === "thread" && file !== ":memory:" ? new SqliteWriter(file) : undefined;
    const w = this.#writer;
    this.stage = w && ((part) => w.stage(part));
    const p = (sql: string) => this.#db.prepare(sql);
    this.#q = {
      size: p("SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM entries"),
      entry: p(`${ENTRY} WHERE e.idx = ?`),
      entries: p(`${ENTRY} WHERE e.idx >= ? ORDER BY e.idx LIMIT ?`),
      byObject: p(`${ENTRY} WHERE e.okey = ? AND e.object = ? AND e.idx > ? ORDER BY e.idx LIMIT ?`),
      // Named: without statistics SQLite picks entries_okey_idx and walks every device row of the object.
      authority: p(
        `${ENTRY} INDEXED BY entries_okey_authority WHERE e.okey = ? AND e.seq IS NULL AND e.object = ? AND e.idx > ? ORDER BY e.idx LIMIT ?`,
      ),
      lastDevice: p(
        `${ENTRY} WHERE e.okey = ? AND e.seq IS NOT NULL AND e.object = ? ORDER BY e.idx DESC LIMIT 1`,
      ),
      // The first device entry of an object at or after an index (bounded): one probe of entryBySeq.
      seqProbe: p(
        "SELECT idx, seq FROM entries WHERE okey = ? AND idx >= ? AND idx <= ? AND seq IS NOT NULL AND object = ? ORDER BY idx LIMIT 1",
      ),
      leaf: p("SELECT leaf FROM entries WHERE idx = ?").pluck(),
      leaves: p("SELECT leaf FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx").pluck(),
      node: p("SELECT hash FROM tree WHERE id = ?").pluck(),
      checkpoints: p("SELECT * FROM checkpoints ORDER BY size"),
      latest: p("SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1"),
      projections: p("SELECT * FROM projections WHERE object = ? ORDER BY kind, key"),
      allFirst: p(
        "SELECT * FROM projections WHERE @only IS NULL OR kind = @only ORDER BY object, kind, key LIMIT @limit",
      ),
      allAfter: p(
        "SELECT * FROM projections WHERE (object, kind, key) > (@object, @kind, @key) AND (@only IS NULL OR kind = @only) ORDER BY object, kind, key LIMIT @limit",
      ),
      prunable: p(`SELECT e.idx AS idx, length(e.bytes) AS n FROM entries e
        WHERE e.bytes IS NOT NULL AND e.kind IN (SELECT value FROM json_each(?)) AND e.ts < ? AND e.idx < ? AND e.object IS NOT NULL
          AND EXISTS (SELECT 1 FROM entries n WHERE n.okey = e.okey AND n.idx > e.idx AND n.idx < ?
            AND n.object = e.object AND n.kind = e.kind)
        ORDER BY e.idx`),
    };
    this.#w = Object.fromEntries(
      Object.entries(SQLITE_WRITES).map(([name, sql]) => [name, p(sql)]),
    ) as Record<keyof typeof SQLITE_WRITES, Database.Statement>;
  }

  /**
   * Opens (and creates if needed) the store in `file`. Writes go through a writer thread (default),
   * so commits and their fsyncs never block the event loop; `writer: "inline"` writes on this
   * thread. ":memory:" is always inline.
   */
  static open(file: string, opts: { writer?: "thread" | "inline" } = {}): SqliteStore {
    return new SqliteStore(file, opts.writer ?? "thread");
  }

  /** The underlying connection, for tests that try raw SQL against the triggers. */
  get database(): Database.Database {
    return this.#db;
  }

  async size(): Promise<number> {
    return (this.#q.size.get() as { n: number }).n;
  }

  async append(batch: AppendBatch): Promise<void> {
    if (this.#writer) return this.#writer.append(batch);
    const q = this.#w;
    this.#db.transaction(() => {
      for (const e of batch.entries) {
        const okey = e.object && objectKey(e.object);
        q.insEntry.run(e.index, e.leafHash, e.object, okey, e.seq, e.kind, e.ts, e.bytes);
      }
      for (const n of batch.nodes) q.insNode.run(nodeId(n), n.hash);
      for (const r of batch.pruneRules) q.insRule.run(r.pruneIndex, r.kind, r.before);
      for (const p of batch.projections) {
        if (p.value === null) q.delProjection.run(p.object, p.kind, p.key);
        else q.upsertProjection.run(p.object, p.kind, p.key, p.value);
      }
      const c = batch.checkpoint;
      if (c) q.insCheckpoint.run(c.size, c.root, c.note, c.issuedAt);
    })();
  }

  async entry(index: number): Promise<StoredEntry | undefined> {
    const r = this.#q.entry.get(index) as Row | undefined;
    return r && toEntry(r);
  }

  async entries(from: number, limit: number): Promise<StoredEntry[]> {
    return (this.#q.entries.all(from, limit) as Row[]).map(toEntry);
  }

  async entriesByObject(
    object: Uint8Array,
    page: { afterIndex?: number; limit: number },
  ): Promise<StoredEntry[]> {
    const okey = objectKey(object);
    return (this.#q.byObject.all(okey, object, page.afterIndex ?? -1, page.limit) as Row[]).map(toEntry);
  }

  async authorityEntries(
    object: Uint8Array,
    page: { afterIndex?: number; limit: number },
  ): Promise<StoredEntry[]> {
    const okey = objectKey(object);
    return (this.#q.authority.all(okey, object, page.afterIndex ?? -1, page.limit) as Row[]).map(toEntry);
  }

  async lastDeviceEntry(object: Uint8Array): Promise<StoredEntry | undefined> {
    const r = this.#q.lastDevice.get(objectKey(object), object) as Row | undefined;
    return r && toEntry(r);
  }

  /**
   * Binary search over the object's entries in index order on the one object index (okey, idx): a
   * device chain's seq grows with the log index (StatementLedger appends seq = head + 1 only), so
   * O(log n) probes find it without a second random-key index on every append.
   */
  async entryBySeq(object: Uint8Array, seq: number): Promise<StoredEntry | undefined> {
    const okey = objectKey(object);
    let lo = 0;
    let hi = (this.#q.size.get() as { n: number }).n - 1;
    while (lo <= hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const r = this.#q.seqProbe.get(okey, mid, hi, object) as { idx: number; seq: number } | undefined;
      if (r === undefined || r.seq > seq) hi = mid - 1;
      else if (r.seq < seq) lo = r.idx + 1;
      else return this.entry(r.idx);
    }
    return undefined;
  }

  async subtrees(keys: readonly NodeKey[]): Promise<Uint8Array[]> {
    // Subtrees below STORED_MIN_LEVEL are folded from their aligned block of 16 leaves, read once.
    const blocks = new Map<number, Uint8Array[]>();
    const BLOCK = 2 ** STORED_MIN_LEVEL;
    return keys.map((k) => {
      if (k.level >= STORED_MIN_LEVEL || k.level === 0) {
        const h = k.level === 0 ? this.#q.leaf.get(k.index) : this.#q.node.get(nodeId(k));
        if (h === undefined) throw new Error(`missing subtree ${k.level}/${k.index}`);
        return u8(h);
      }
      const [from, to] = leafRange(k);
      const start = from - (from % BLOCK);
      let block = blocks.get(start);
      if (block === undefined) {
        block = (this.#q.leaves.all(start, start + BLOCK) as unknown[]).map(u8);
        blocks.set(start, block);
      }
      const leaves = block.slice(from - start, to - start);
      if (leaves.length !== to - from) throw new Error(`missing subtree ${k.level}/${k.index}`);
      return foldSubtree(leaves, nodeHasher);
    });
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return (this.#q.checkpoints.all() as Row[]).map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = this.#q.latest.get() as Row | undefined;
    return r && toCheckpoint(r);
  }

  async projections(object: Uint8Array): Promise<ProjectionRow[]> {
    return (this.#q.projections.all(object) as Row[]).map(toProjection);
  }

  async allProjections(page: {
    after?: ProjectionRow;
    limit: number;
    kind?: string;
  }): Promise<ProjectionRow[]> {
    const a = page.after;
    const only = page.kind ?? null;
    const rows = a
      ? this.#q.allAfter.all({ object: a.object, kind: a.kind, key: a.key, only, limit: page.limit })
      : this.#q.allFirst.all({ only, limit: page.limit });
    return (rows as Row[]).map(toProjection);
  }

  async replaceProjections(rows: readonly ProjectionRow[]): Promise<void> {
    if (this.#writer) return this.#writer.replaceProjections(rows);
    this.#db.transaction(() => {
      this.#w.clearProjections.run();
      for (const p of rows)
        if (p.value !== null) this.#w.upsertProjection.run(p.object, p.kind, p.key, p.value);
    })();
  }

  async prunable(q: { kinds: readonly string[]; before: number; belowIndex: number }) {
    const rows = this.#q.prunable.all(JSON.stringify(q.kinds), q.before, q.belowIndex, q.belowIndex) as Row[];
    return rows.map((r) => ({ index: r.idx as number, bytes: r.n as number }));
  }

  async dropPayloads(indices: readonly number[]): Promise<void> {
    if (this.#writer) return this.#writer.dropPayloads(indices);
    this.#db.transaction(() => {
      for (const i of indices) this.#w.dropPayload.run(i);
    })();
  }

  async diskBytes(): Promise<number> {
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
    let total = 0;
    for (const f of [this.#file, `${this.#file}-wal`, `${this.#file}-shm`]) {
      try {
        total += statSync(f).size;
      } catch {
        // a missing -wal or -shm file occupies nothing
      }
    }
    return total;
  }

  async close(): Promise<void> {
    await this.#writer?.close();
    this.#db.close();
  }
}
