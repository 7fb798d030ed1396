import type { LedgerStore } from "./ledgerStore.js";
import { PostgresStore } from "./postgresStore.js";
import { SqliteStore } from "./sqliteStore.js";

/**
 * Opens the configured store: PostgreSQL when `pg` (a connection URL) is given, otherwise the SQLite
 * file `db` (the embedded default, `./data/ledger.db`).
 */
export async function openStore(opts: { db?: string; pg?: string }): Promise<LedgerStore> {
  if (opts.pg !== undefined) return PostgresStore.open(opts.pg);
  return SqliteStore.open(opts.db ?? "./data/ledger.db");
}
