// Issue 23 item 7 against a real SQLite file and a real PostgreSQL: an attacker with write access to
// the database edits an entry's bytes (and its leaf hash, and a tree node). The read check refuses
// to serve it (LOG_CORRUPT) and the audit reports it; honest data passes both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, leafHash } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import { isLedgerError } from "./ledgerError.js";
import { type LedgerStore, nodeId } from "./ledgerStore.js";
import { LogAudit } from "./logAudit.js";
import { LogIntegrity } from "./logIntegrity.js";
import { MerkleLog } from "./merkleLog.js";
import { PostgresStore } from "./postgresStore.js";
import { SqliteStore } from "./sqliteStore.js";
import { rootOf } from "./storeProofs.js";
import { verifiedReads } from "./verifiedReads.js";

const signer = nodeSigner(generatePrivateKey());
const origin = "integrity.test/log";
const SIZE = 600; // two complete blocks of 256 leaves and a partial one
let pgServer: EmbeddedPostgresServer | undefined;
const tmp = mkdtempSync(join(tmpdir(), "tet-log-integrity-"));
let n = 0;

beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
}, 60_000);
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** What the attacker does to the database behind the backend's back (triggers dropped first). */
interface Attack {
  setBytes(index: number, bytes: Uint8Array, withLeaf: boolean): Promise<void>;
  setNode(level: number, index: number, hash: Uint8Array): Promise<void>;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const stores: [string, () => Promise<{ store: LedgerStore; attack: Attack }>][] = [
  [
    "SQLite",
    async () => {
      const file = join(tmp, `l${n++}.db`);
      const store = SqliteStore.open(file);
      const raw = (sql: string) => {
        const db = new Database(file); // a second connection, as a stray console would be
        db.exec("DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS tree_no_update;");
        db.exec(sql);
        db.close();
      };
      return {
        store,
        attack: attackWith(
          async (sql) => raw(sql),
          (b) => `X'${hex(b)}'`,
        ),
      };
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const url = await (pgServer as EmbeddedPostgresServer).createDatabase(`l${n++}`);
      const store = await PostgresStore.open(url);
      const raw = async (sql: string) => {
        await store.query("ALTER TABLE entries DISABLE TRIGGER USER; ALTER TABLE tree DISABLE TRIGGER USER");
        await store.query(sql);
      };
      return { store, attack: attackWith(raw, (b) => `'\\x${hex(b)}'::bytea`) };
    },
  ],
];

function attackWith(raw: (sql: string) => Promise<void>, lit: (b: Uint8Array) => string): Attack {
  return {
    setBytes: (index, bytes, withLeaf) =>
      raw(
        `UPDATE entries SET bytes = ${lit(bytes)}${withLeaf ? `, leaf = ${lit(leafHash(bytes))}` : ""} WHERE idx = ${index}`,
      ),
    setNode: (level, index, hash) =>
      raw(`UPDATE tree SET hash = ${lit(hash)} WHERE id = ${nodeId({ level, index })}`),
  };
}

const statement = (i: number) => new TextEncoder().encode(`statement ${i}`);

async function openLog(make: () => Promise<{ store: LedgerStore; attack: Attack }>) {
  const { store, attack } = await make();
  const log = await MerkleLog.open({ store, origin, signer, batchMs: 1, checkpointMs: 60_000 });
  for (let i = 0; i < SIZE; i++)
    void log.append({ bytes: statement(i), object: new Uint8Array(16), seq: null, kind: "event", ts: i });
  await log.checkpoint();
  const lines: string[] = [];
  const integrity = new LogIntegrity({
    store,
    logKey: signer.publicKey,
    origin,
    verifier: nodeVerifier,
    checkpoint: () => log.latestCheckpoint,
    log: (l) => lines.push(l),
  });
  const audit = new LogAudit({ store, integrity, sweep: SIZE });
  return {
    store,
    attack,
    integrity,
    audit,
    lines,
    reads: verifiedReads(store, integrity),
    /** A second backend process on the same data: its own integrity and audit, nothing proven yet. */
    fresh: () => {
      const i2 = new LogIntegrity({
        store,
        logKey: signer.publicKey,
        origin,
        verifier: nodeVerifier,
        checkpoint: () => log.latestCheckpoint,
      });
      return {
        integrity: i2,
        audit: new LogAudit({ store, integrity: i2 }),
        reads: verifiedReads(store, i2),
      };
    },
    close: async () => {
      await log.close();
      await store.close();
    },
  };
}

type Log = Awaited<ReturnType<typeof openLog>>;
const withLog = (make: Parameters<typeof openLog>[0], test: (l: Log) => Promise<void>) => async () => {
  const l = await openLog(make);
  try {
    await test(l);
  } finally {
    await l.close();
  }
};

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "served";
  } catch (e) {
    if (isLedgerError(e)) return `${e.code}: ${e.detail}`;
    throw e;
  }
}

describe.each(stores)("the log checks its own data (%s)", (_name, make) => {
  it(
    "serves and audits an honest log: every leaf proven against the signed root, the root re-hashed",
    withLog(make, async (l) => {
      expect((await l.reads.entries(0, SIZE)).length).toBe(SIZE);
      expect((await l.reads.entries(0, SIZE)).length).toBe(SIZE); // again, from the proven blocks
      expect(await l.audit.run()).toMatchObject({ ok: true, audited: SIZE, added: SIZE, swept: SIZE });
      expect(await l.audit.run()).toMatchObject({ ok: true, audited: SIZE, added: 0, swept: SIZE });
      expect([l.integrity.failure, l.lines]).toEqual([undefined, []]);
    }),
  );

  it(
    "refuses an entry whose bytes were edited (LOG_CORRUPT) and the audit reports it, also after a clean run",
    withLog(make, async (l) => {
      expect((await l.audit.run()).ok).toBe(true);
      await l.attack.setBytes(300, statement(301), false);
      expect(await refusal(l.reads.entries(290, 20))).toBe(
        "LOG_CORRUPT: entry 300: its stored bytes do not hash to its leaf",
      );
      expect((await l.reads.entries(0, 290)).length).toBe(290); // the others are still served
      expect(await l.audit.run()).toMatchObject({
        ok: false,
        reason: "entry 300: its stored bytes do not hash to its leaf",
      });
      expect(l.integrity.counts).toEqual({ serve: 1, audit: 1 });
      expect(l.lines).toEqual([
        "log integrity: entry 300: its stored bytes do not hash to its leaf (found by the serve check; not ready until restored)",
      ]);
      const f = l.fresh();
      expect(await f.audit.run()).toMatchObject({
        ok: false,
        reason: "entry 300: its stored bytes do not hash to its leaf",
      });
    }),
  );

  it(
    "refuses an entry whose bytes and leaf hash were both edited: the leaf is not in the signed root",
    withLog(make, async (l) => {
      expect((await l.reads.entries(0, SIZE)).length).toBe(SIZE); // blocks proven before the edit
      await l.attack.setBytes(300, statement(301), true);
      expect(await refusal(l.reads.entry(300))).toBe(
        "LOG_CORRUPT: entry 300 is not in the signed root of size 600 (its leaf or its proof's nodes were edited)",
      );
      const f = l.fresh();
      expect(await refusal(f.reads.entry(300))).toBe(
        "LOG_CORRUPT: entry 300 is not in the signed root of size 600 (its leaf or its proof's nodes were edited)",
      );
      // Its neighbours' proofs go through the edited leaf: they are refused too, in the same words.
      expect(await refusal(f.reads.entry(301))).toMatch(/^LOG_CORRUPT: entry 301/);
      expect(await f.audit.run()).toMatchObject({
        ok: false,
        reason: "tree node 4/18 does not match its leaves",
      });
    }),
  );

  it(
    "finds an edited tree node: the proofs through it fail, and the audit names it",
    withLog(make, async (l) => {
      await l.attack.setNode(9, 0, new Uint8Array(32).fill(7));
      const f = l.fresh();
      expect(await refusal(f.reads.entry(5))).toBe("served"); // 9/0 is not on its path
      expect(await refusal(f.reads.entry(550))).toBe(
        "LOG_CORRUPT: entry 550 is not in the signed root of size 600 (its leaf or its proof's nodes were edited)",
      );
      expect(await f.audit.run()).toMatchObject({
        ok: false,
        reason: "tree node 9/0 does not match its leaves",
      });
    }),
  );
  it(
    "the audit refuses a log behind the checkpoint anchored on chain, or off its root",
    withLog(make, async (l) => {
      const root = await rootOf(l.store, { size: 300 });
      const audit = (anchored: { size: number; root: Uint8Array }) =>
        new LogAudit({ store: l.store, integrity: l.fresh().integrity, anchored: () => anchored }).run();
      expect(await audit({ size: 300, root })).toMatchObject({ ok: true });
      expect(await audit({ size: 700, root })).toMatchObject({
        ok: false,
        reason:
          "the latest checkpoint (600 entries) is older than the one anchored on chain (700 entries): the log was rolled back",
      });
      expect(await audit({ size: 300, root: new Uint8Array(32) })).toMatchObject({
        ok: false,
        reason: "the log's root at 300 entries is not the one anchored on chain",
      });
    }),
  );
});
