import Database from "better-sqlite3";

const SCHEMA = `CREATE TABLE IF NOT EXISTS device_logins (
  object TEXT PRIMARY KEY,
  ts INTEGER NOT NULL
) WITHOUT ROWID`;

/**
 * Replay protection for device logins, one entry per device: the `ts` of its last accepted `connect`
 * statement. A login is accepted only if it is newer, so a captured login can never be used again —
 * not even after a restart, because the entries are kept in a SQLite file in the data directory
 * (`device_logins`, one row per device that ever logged in; WAL, `synchronous = NORMAL`: a commit
 * survives a crash or a kill of the process; after a power loss the last commits may be gone, and a
 * login they covered is then refused anyway once it is older than the login window). Entries exist
 * only for objects whose bound device key signed a login, so they are bounded by the devices
 * enrolled, and no device's logins can fill anything another device needs.
 *
 * @example
 * const book = LoginBook.open("data/broker.db");
 * if (book.accept(objectId, statement.ts)) await book.persisted();
 */
export class LoginBook {
  readonly #db: Database.Database | undefined;
  readonly #get: Database.Statement<[string], { ts: number }> | undefined;
  readonly #put: Database.Statement<[string, number]> | undefined;
  readonly #last = new Map<string, number>();
  #dirty = new Map<string, number>();
  #flushed: Promise<void> | undefined;
  #onError: (e: unknown) => void;

  private constructor(file: string | undefined, onError: (e: unknown) => void) {
    this.#onError = onError;
    if (file === undefined) return;
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    db.exec(SCHEMA);
    this.#db = db;
    this.#get = db.prepare("SELECT ts FROM device_logins WHERE object = ?");
    this.#put = db.prepare(
      "INSERT INTO device_logins (object, ts) VALUES (?, ?) ON CONFLICT (object) DO UPDATE SET ts = excluded.ts WHERE excluded.ts > device_logins.ts",
    );
  }

  /** Opens the book in `file` (created if absent), or in memory only when `file` is undefined. */
  static open(file?: string, opts: { onError?: (e: unknown) => void } = {}): LoginBook {
    return new LoginBook(file, opts.onError ?? (() => undefined));
  }

  /** The `ts` of the device's last accepted login, or undefined before its first. */
  last(objectId: string): number | undefined {
    const known = this.#last.get(objectId);
    if (known !== undefined || this.#get === undefined) return known;
    const row = this.#get.get(objectId);
    if (row !== undefined) this.#last.set(objectId, row.ts);
    return row?.ts;
  }

  /**
   * Records a login at `ts` if it is newer than the device's last accepted one; false otherwise.
   * Synchronous, so two logins verified in the same turn cannot both pass; `persisted()` then
   * resolves once it is on disk.
   */
  accept(objectId: string, ts: number): boolean {
    const last = this.last(objectId);
    if (last !== undefined && ts <= last) return false;
    this.#last.set(objectId, ts);
    this.#dirty.set(objectId, ts);
    return true;
  }

  /** Resolves once every login accepted so far is written (one transaction per turn of logins). */
  persisted(): Promise<void> {
    if (this.#db === undefined) return Promise.resolve();
    this.#flushed ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.#flushed = undefined;
        this.#flush();
        resolve();
      }),
    );
    return this.#flushed;
  }

  #flush(): void {
    const dirty = this.#dirty;
    this.#dirty = new Map();
    if (dirty.size === 0 || this.#db === undefined || this.#put === undefined) return;
    const put = this.#put;
    try {
      this.#db.transaction(() => {
        for (const [object, ts] of dirty) put.run(object, ts);
      })();
    } catch (e) {
      // Memory still refuses these replays while the process runs; the failure is reported.
      this.#onError(e);
    }
  }

  /** Writes what is pending and closes the file. */
  close(): void {
    this.#flush();
    this.#db?.close();
  }
}
