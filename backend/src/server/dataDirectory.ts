import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { StartupError } from "./startupError.js";

/** The file whose lock marks a data directory as held by a running backend. */
export const LOCK_FILE = "backend.lock";

/**
 * Makes sure the data directory exists and is writable, and takes it for this process: an exclusive
 * SQLite lock (POSIX advisory locks, held by the open connection in `locking_mode = EXCLUSIVE`) on
 * `DATA/backend.lock`. A second backend on the same directory gets a StartupError instead of
 * reporting ready while every write times out on the first one's database lock. The operating system
 * drops the lock with the process, also on SIGKILL, so a crash never leaves a stale lock behind
 * (unlike a PID file, whose PID a container restart gives to the next process). Returns the release.
 */
export function takeDataDirectory(dir: string, option: string): () => void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new StartupError(
      option,
      `${dir} cannot be used as the data directory (${(e as Error).message}): give a writable directory`,
      { cause: e },
    );
  }
  let db: Database.Database;
  try {
    db = new Database(join(dir, LOCK_FILE));
  } catch (e) {
    throw new StartupError(
      option,
      `${dir} cannot be used as the data directory (${(e as Error).message}): give a writable directory`,
      { cause: e },
    );
  }
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = DELETE");
    // The first write takes the EXCLUSIVE lock; in EXCLUSIVE locking mode it is kept until close.
    db.exec(
      "BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER, since TEXT); DELETE FROM holder;",
    );
    db.prepare("INSERT INTO holder VALUES (?, ?)").run(process.pid, new Date().toISOString());
    db.exec("COMMIT");
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED")
      throw new StartupError(
        option,
        `${dir} is in use by another tet-backend (${LOCK_FILE} is locked): stop it, or give this one another data directory`,
        { cause: e },
      );
    throw new StartupError(
      option,
      `${dir} cannot be used as the data directory (${(e as Error).message}): give a writable directory`,
      { cause: e },
    );
  }
  return () => db.close();
}
