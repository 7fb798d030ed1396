import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, publicKeyOf } from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, beforeAll } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import type { LedgerStore } from "./ledgerStore.js";
import type { LogAppend } from "./merkleLogOptions.js";
import { PostgresStore } from "./postgresStore.js";
import { SqliteStore } from "./sqliteStore.js";

// Shared by the store suites (stores*.test.ts), each run against SQLite and PostgreSQL.

const privateKey = generatePrivateKey();
export const signer = nodeSigner(privateKey);
export const logKey = { name: "test.tet/log", publicKey: publicKeyOf(privateKey) };
export const origin = logKey.name;
let dbCount = 0;

/** A fresh store, and a way around its API to show what the database itself refuses. */
export interface Harness {
  store: LedgerStore;
  /** Runs raw SQL straight at the database, bypassing the store's API. */
  raw(sql: string): Promise<unknown>;
}

/**
 * The two stores a suite runs against, named for `describe.each`. Registers the hooks that start an
 * embedded PostgreSQL and make a temporary folder for SQLite files before the suite, and remove both
 * after it; call it once at the top level of a test file.
 */
export function harnesses(): [string, () => Promise<Harness>][] {
  let pgServer: EmbeddedPostgresServer | undefined;
  const tmp = mkdtempSync(join(tmpdir(), "tet-ledger-"));
  beforeAll(async () => {
    pgServer = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await pgServer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  return [
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
}

/** The object id numbered `n`. */
export const object = (n: number): Uint8Array => new Uint8Array(16).fill(n);

/** The `i`th test entry: `n` objects in turn, states and usages alternating. */
export const entryFor = (i: number, n = 3): LogAppend => ({
  bytes: new TextEncoder().encode(`statement ${i}`),
  object: object(i % n),
  seq: Math.floor(i / n) + 1,
  kind: i % 2 === 0 ? "state" : "usage",
  ts: 1_700_000_000_000 + i,
});
