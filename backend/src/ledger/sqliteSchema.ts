/**
 * The SQLite schema of the ledger. History tables refuse UPDATE and DELETE in triggers, so that no
 * code path — ours or a stray SQL console — can rewrite the log; payload rows can be deleted only
 * when a prune rule, itself tied to a `prune` entry in the log, covers them. Entries must arrive
 * with consecutive indices. Projections are derived and carry no triggers.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  idx INTEGER PRIMARY KEY,
  leaf BLOB NOT NULL,
  object BLOB,
  seq INTEGER,
  kind TEXT NOT NULL,
  ts INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_object_seq ON entries(object, seq) WHERE seq IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_object_idx ON entries(object, idx) WHERE object IS NOT NULL;
CREATE TABLE IF NOT EXISTS payloads (idx INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
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
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: entries cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: entries cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS payloads_no_update BEFORE UPDATE ON payloads
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: payloads cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS payloads_delete_only_pruned BEFORE DELETE ON payloads
  WHEN NOT EXISTS (
    SELECT 1 FROM entries e JOIN prune_rules r ON r.kind = e.kind
    WHERE e.idx = OLD.idx AND e.ts < r.before AND e.idx < r.prune_idx)
  BEGIN SELECT RAISE(ABORT, 'ledger is append-only: payload not covered by a recorded prune'); END;
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
