import { join } from "node:path";
import { type LedgerStore, PostgresStore, SqliteStore } from "../ledger/index.js";
import { redactUrl, StartupError } from "./startupError.js";

/** How long a PostgreSQL connection may take before the start gives up (an unreachable host). */
const PG_CONNECT_MS = 10_000;

const SQLITE_DAMAGED = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_FORMAT"]);
const SQLITE_UNUSABLE = new Set([
  "SQLITE_CANTOPEN",
  "SQLITE_READONLY",
  "SQLITE_PERM",
  "SQLITE_IOERR",
  "SQLITE_FULL",
]);
const PG_UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Opens the ledger's store from the configuration — SQLite `ledger.db` in the data directory, or
 * PostgreSQL at `pg` (bounded by a 10 s connection timeout) — and turns what an operator can fix
 * into a StartupError naming the option: a file that is not an SQLite database (or a damaged one), a
 * directory SQLite cannot write, PostgreSQL refused, unreachable, or refusing the credentials or the
 * database. Anything else is thrown as it is.
 */
export async function openLedgerStore(opts: {
  dataDir: string;
  pg: string | undefined;
  /** The options' names for messages: `data (--data, TET_DATA)`, `pg (--pg, TET_PG)`. */
  names: { data: string; pg: string };
}): Promise<LedgerStore> {
  if (opts.pg !== undefined) {
    const url = opts.pg;
    try {
      return await PostgresStore.open({ connectionString: url, connectionTimeoutMillis: PG_CONNECT_MS });
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      const msg = (e as Error).message;
      const where = redactUrl(url);
      if (PG_UNREACHABLE.has(code) || /timeout/i.test(msg))
        throw new StartupError(
          opts.names.pg,
          `cannot reach PostgreSQL at ${where} (${code || msg}): start it, or fix the URL`,
          { cause: e },
        );
      if (code === "28P01" || code === "28000" || code === "3D000")
        throw new StartupError(opts.names.pg, `PostgreSQL at ${where} refused: ${msg}`, { cause: e });
      throw e;
    }
  }
  const file = join(opts.dataDir, "ledger.db");
  try {
    return SqliteStore.open(file);
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (SQLITE_DAMAGED.has(code))
      throw new StartupError(
        opts.names.data,
        `${file} is not a usable SQLite ledger (${(e as Error).message}): restore it from a backup, or give an empty data directory`,
        { cause: e },
      );
    if (SQLITE_UNUSABLE.has(code))
      throw new StartupError(
        opts.names.data,
        `${file} cannot be opened for writing (${(e as Error).message}): give a writable data directory`,
        { cause: e },
      );
    throw e;
  }
}
