/**
 * The SQLite schema of the ledger. History tables refuse UPDATE and DELETE in triggers, so that no
 * code path — ours or a stray SQL console — can rewrite the log. The one change the schema allows is
 * the retention collector's: setting an entry's payload `bytes` to NULL (nothing else) when a prune
 * rule, itself tied to a `prune` entry in the log, covers it. Entries must arrive with consecutive
 * indices. Objects are indexed by `okey`, the first 48 bits of their id as an integer (small, fast
 * keys; lookups also compare the full id, so a collision costs nothing but a row read); one index,
 * (okey, idx), serves both an object's history and its (object, seq) lookups. Tree nodes are kept
 * from level 4 up; lower subtrees are folded from the leaf hashes.
 * Projections are derived and carry no triggers.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  idx INTEGER PRIMARY KEY,
  leaf BLOB NOT NULL,
  object BLOB,
  okey INTEGER,
  seq INTEGER,
  kind TEXT NOT NULL,
  ts INTEGER NOT NULL,
  bytes BLOB
);
CREATE INDEX IF NOT EXISTS entries_okey_idx ON entries(okey, idx) WHERE okey IS NOT NULL;
-- An object's statements outside its device chain (genesis, owner, issuer, provider), from which its
-- authority is derived on every load (issue 23): device rows are not in it, so appends of telemetry
-- pay nothing for it.
CREATE INDEX IF NOT EXISTS entries_okey_authority ON entries(okey, idx) WHERE okey IS NOT NULL AND seq IS NULL;
-- Migration: one object index instead of two. (object, seq) lookups search
-- entries_okey_idx (seq grows with idx along a device chain); a second random-key index per entry
-- cost about a third of the writer's time. Dropping it is safe both ways: an older build re-creates it.
DROP INDEX IF EXISTS entries_okey_seq;
CREATE TABLE IF NOT EXISTS tree (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  issued_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS prune_rules (
  prune_idx INTEGER NOT NULL,
  kind TEXT NOT NULL,
  before INTEGER NOT NULL,
  PRIMARY KEY (prune_idx, kind)
);
CREATE TABLE IF NOT EXISTS projections (
  object BLOB NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (object, kind, key)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS entries_consecutive BEFORE INSERT ON entries
  WHEN NEW.idx IS NOT (SELECT COALESCE(MAX(idx) + 1, 0) FROM entries)
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: entries must have consecutive indices'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
  WHEN NOT (NEW.bytes IS NULL AND OLD.bytes IS NOT NULL AND NEW.idx = OLD.idx AND NEW.leaf = OLD.leaf
    AND NEW.object IS OLD.object AND NEW.okey IS OLD.okey AND NEW.seq IS OLD.seq AND NEW.kind = OLD.kind AND NEW.ts = OLD.ts
    AND EXISTS (SELECT 1 FROM prune_rules r WHERE r.kind = OLD.kind AND OLD.ts < r.before AND OLD.idx < r.prune_idx))
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: entries cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: entries cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS tree_no_update BEFORE UPDATE ON tree
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: tree nodes cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS tree_no_delete BEFORE DELETE ON tree
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: tree nodes cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: checkpoints cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: checkpoints cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS prune_rules_need_entry BEFORE INSERT ON prune_rules
  WHEN NOT EXISTS (SELECT 1 FROM entries WHERE idx = NEW.prune_idx AND kind = 'prune')
  BEGIN SELECT RAISE(ABORT, 'a prune rule must point at a prune entry in the log'); END;
CREATE TRIGGER IF NOT EXISTS prune_rules_no_update BEFORE UPDATE ON prune_rules
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: prune rules cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS prune_rules_no_delete BEFORE DELETE ON prune_rules
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: prune rules cannot be deleted'); END;
`;
