import { foldSubtree, type NodeKey } from "@tet/schemas";
import pg from "pg";
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
import { POSTGRES_SCHEMA } from "./postgresSchema.js";
import { buf, writeBatch, writeProjections } from "./postgresWrites.js";
import { ENTRY, toCheckpoint, toEntry, toProjection, u8 } from "./storeRows.js";

const INT8 = 20;
// bigint columns hold indices, sizes and ms timestamps, all exact as JS numbers below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const TABLES = ["entries", "tree", "checkpoints", "prune_rules", "projections"];

/**
 * The ledger store for deployments beyond one machine: PostgreSQL through `pg`. A batch is one
 * transaction of multi-row `INSERT … SELECT unnest(…)` statements (one per table, `writeBatch`),
 * committed with the server's default synchronous commit, so `append` resolves only once the batch
 * is durable.
 */
export class PostgresStore implements LedgerStore {
  readonly kind = "postgres";
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Connects (a URL or pool config), creates the schema if missing, and returns the store. */
  static async open(config: string | pg.PoolConfig): Promise<PostgresStore> {
    const base = typeof config === "string" ? { connectionString: config } : config;
    const pool = new pg.Pool({ max: 4, ...base, types });
    // An idle connection dropped by the server is replaced on next use; it must not crash the process.
    pool.on("error", () => {});
    await pool.query(POSTGRES_SCHEMA);
    return new PostgresStore(pool);
  }

  /** Runs raw SQL, for tests that try to get past the triggers. */
  query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.#pool.query(sql, params);
  }

  async size(): Promise<number> {
    const r = await this.#pool.query("SELECT COALESCE(MAX(idx) + 1, 0)::bigint AS n FROM entries");
    return r.rows[0].n as number;
  }

  async append(batch: AppendBatch): Promise<void> {
    await this.#transaction((c) => writeBatch(c, batch));
  }

  async #transaction(fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    const c = await this.#pool.connect();
    try {
      await c.query("BEGIN");
      await fn(c);
      await c.query("COMMIT");
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async entry(index: number): Promise<StoredEntry | undefined> {
    const r = await this.#pool.query(`${ENTRY} WHERE e.idx = $1`, [index]);
    return r.rows[0] && toEntry(r.rows[0]);
  }

  async entries(from: number, limit: number): Promise<StoredEntry[]> {
    const r = await this.#pool.query(`${ENTRY} WHERE e.idx >= $1 ORDER BY e.idx LIMIT $2`, [from, limit]);
    return r.rows.map(toEntry);
  }

  async entriesByObject(
    object: Uint8Array,
    page: { afterIndex?: number; limit: number },
  ): Promise<StoredEntry[]> {
    const r = await this.#pool.query(
      `${ENTRY} WHERE e.okey = $4 AND e.object = $1 AND e.idx > $2 ORDER BY e.idx LIMIT $3`,
      [buf(object), page.afterIndex ?? -1, page.limit, objectKey(object)],
    );
    return r.rows.map(toEntry);
  }

  async authorityEntries(
    object: Uint8Array,
    page: { afterIndex?: number; limit: number },
  ): Promise<StoredEntry[]> {
    const r = await this.#pool.query(
      `${ENTRY} WHERE e.okey = $4 AND e.seq IS NULL AND e.object = $1 AND e.idx > $2 ORDER BY e.idx LIMIT $3`,
      [buf(object), page.afterIndex ?? -1, page.limit, objectKey(object)],
    );
    return r.rows.map(toEntry);
  }

  async lastDeviceEntry(object: Uint8Array): Promise<StoredEntry | undefined> {
    const r = await this.#pool.query(
      `${ENTRY} WHERE e.okey = $2 AND e.seq IS NOT NULL AND e.object = $1 ORDER BY e.idx DESC LIMIT 1`,
      [buf(object), objectKey(object)],
    );
    return r.rows[0] && toEntry(r.rows[0]);
  }

  async entryBySeq(object: Uint8Array, seq: number): Promise<StoredEntry | undefined> {
    const r = await this.#pool.query(`${ENTRY} WHERE e.okey = $3 AND e.seq = $2 AND e.object = $1`, [
      buf(object),
      seq,
      objectKey(object),
    ]);
    return r.rows[0] && toEntry(r.rows[0]);
  }

  async subtrees(keys: readonly NodeKey[]): Promise<Uint8Array[]> {
    const leaves: number[] = [];
    for (const k of keys) {
      if (k.level === 0) leaves.push(k.index);
      else if (k.level < STORED_MIN_LEVEL)
        for (let i = leafRange(k)[0]; i < leafRange(k)[1]; i++) leaves.push(i);
    }
    const ids = keys.filter((k) => k.level >= STORED_MIN_LEVEL).map(nodeId);
    const r = await this.#pool.query(
      `SELECT 0 AS level, idx AS id, leaf AS hash FROM entries WHERE idx = ANY($1::bigint[])
       UNION ALL SELECT 1 AS level, id, hash FROM tree WHERE id = ANY($2::bigint[])`,
      [leaves, ids],
    );
    const got = new Map<string, Uint8Array>();
    for (const row of r.rows) got.set(`${row.level === 0 ? 0 : 1}:${row.id}`, u8(row.hash));
    const need = (id: string): Uint8Array => {
      const h = got.get(id);
      if (h === undefined) throw new Error(`missing subtree ${id}`);
      return h;
    };
    return keys.map((k) => {
      if (k.level === 0) return need(`0:${k.index}`);
      if (k.level >= STORED_MIN_LEVEL) return need(`1:${nodeId(k)}`);
      const [from, to] = leafRange(k);
      return foldSubtree(
        Array.from({ length: to - from }, (_, i) => need(`0:${from + i}`)),
        nodeHasher,
      );
    });
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return (await this.#pool.query("SELECT * FROM checkpoints ORDER BY size")).rows.map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = await this.#pool.query("SELECT * FROM checkpoints ORDER BY size DESC LIMIT 1");
    return r.rows[0] && toCheckpoint(r.rows[0]);
  }

  async projections(object: Uint8Array): Promise<ProjectionRow[]> {
    const r = await this.#pool.query("SELECT * FROM projections WHERE object = $1 ORDER BY kind, key", [
      buf(object),
    ]);
    return r.rows.map(toProjection);
  }

  async allProjections(page: {
    after?: ProjectionRow;
    limit: number;
    kind?: string;
  }): Promise<ProjectionRow[]> {
    const a = page.after;
    const kind = page.kind ?? null;
    // COLLATE "C" so that key order is bytewise, the same as SQLite's.
    const order = 'ORDER BY object, kind COLLATE "C", key COLLATE "C"';
    const r = a
      ? await this.#pool.query(
          `SELECT * FROM projections WHERE (object, kind COLLATE "C", key COLLATE "C") > ($1, $2, $3) AND ($4::text IS NULL OR kind = $4) ${order} LIMIT $5`,
          [buf(a.object), a.kind, a.key, kind, page.limit],
        )
      : await this.#pool.query(
          `SELECT * FROM projections WHERE $1::text IS NULL OR kind = $1 ${order} LIMIT $2`,
          [kind, page.limit],
        );
    return r.rows.map(toProjection);
  }

  async replaceProjections(rows: readonly ProjectionRow[]): Promise<void> {
    await this.#transaction(async (c) => {
      await c.query("DELETE FROM projections");
      for (let i = 0; i < rows.length; i += 10_000) await writeProjections(c, rows.slice(i, i + 10_000));
    });
  }

  async prunable(q: { kinds: readonly string[]; before: number; belowIndex: number }) {
    const r = await this.#pool.query(
      `SELECT e.idx, length(e.bytes)::bigint AS n FROM entries e
       WHERE e.bytes IS NOT NULL AND e.kind = ANY($1::text[]) AND e.ts < $2 AND e.idx < $3 AND e.object IS NOT NULL
         AND EXISTS (SELECT 1 FROM entries n WHERE n.okey = e.okey AND n.idx > e.idx AND n.idx < $3
           AND n.object = e.object AND n.kind = e.kind)
       ORDER BY e.idx`,
      [q.kinds, q.before, q.belowIndex],
    );
    return r.rows.map((row) => ({ index: row.idx as number, bytes: row.n as number }));
  }

  async dropPayloads(indices: readonly number[]): Promise<void> {
    if (indices.length === 0) return;
    await this.#pool.query("UPDATE entries SET bytes = NULL WHERE idx = ANY($1::bigint[])", [indices]);
  }

  async diskBytes(): Promise<number> {
    const r = await this.#pool.query(
      "SELECT SUM(pg_total_relation_size(t::regclass))::bigint AS n FROM unnest($1::text[]) AS t",
      [TABLES],
    );
    return r.rows[0].n as number;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
