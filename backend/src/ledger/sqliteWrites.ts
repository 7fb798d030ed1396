/**
 * Every statement that writes the SQLite ledger, once: the store's inline writer and its writer
 * thread prepare these same texts (the thread gets them with its `workerData`), so the two cannot
 * drift. The history inserts are the only writes the triggers of `SQLITE_SCHEMA` let through, with
 * `dropPayload`, the retention collector's one allowed update.
 */
export const SQLITE_WRITES = {
  insEntry:
    "INSERT INTO entries (idx, leaf, object, okey, seq, kind, ts, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  insNode: "INSERT INTO tree (id, hash) VALUES (?, ?)",
  insRule: "INSERT INTO prune_rules (prune_idx, kind, before) VALUES (?, ?, ?)",
  insCheckpoint: "INSERT INTO checkpoints (size, root, note, issued_at) VALUES (?, ?, ?, ?)",
  upsertProjection:
    "INSERT INTO projections (object, kind, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (object, kind, key) DO UPDATE SET value = excluded.value",
  delProjection: "DELETE FROM projections WHERE object = ? AND kind = ? AND key = ?",
  clearProjections: "DELETE FROM projections",
  dropPayload: "UPDATE entries SET bytes = NULL WHERE idx = ?",
} as const;

/**
 * The settings of every connection to a ledger file. WAL with `synchronous = FULL`: a commit survives
 * power loss, not only a crash; index pages of random object ids stay hot in a 128 MiB cache; the
 * WAL is folded back every 10,000 pages; a writer waits up to 10 s for another's lock.
 */
export const SQLITE_PRAGMAS = [
  "journal_mode = WAL",
  "synchronous = FULL",
  "cache_size = -131072",
  "wal_autocheckpoint = 10000",
  "busy_timeout = 10000",
] as const;
